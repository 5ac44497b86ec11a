/**
 * Nothing lost: edits survive a clean restart and a crash (SIGKILL) once they
 * have been on the server for the durability window (100 ms).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { lineFragment, lineText, readAuthors } from '../../src/lib/doc/schema.js';
import { startServer, tempDataDir } from '../support/server.js';
import { connect, createWorkshop, join, synced } from '../support/clients.js';
import { eventually } from '../support/server.js';

function typeParagraph(doc: Y.Doc, lineId: string, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	const fragment = lineFragment(doc, lineId);
	fragment.insert(fragment.length, [paragraph]);
}

/** Anna writing and Elif watching the same content: what the witness has, the server has. */
async function writerAndWitness(server: Awaited<ReturnType<typeof startServer>>) {
	const workshop = await createWorkshop(server);
	const anna = await join(server, workshop, 'Anna', 'sales');
	const elif = await join(server, workshop, 'Elif', 'marketing');
	const a = connect(server, workshop.workshopId, 'content', anna.token);
	const witness = connect(server, workshop.workshopId, 'content', elif.token);
	await Promise.all([synced(a), synced(witness)]);
	return { workshop, anna, elif, a, witness };
}

describe('persistence', () => {
	it('a clean restart (SIGTERM) keeps every edit, and sessions stay valid', async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir, env: { PLUMBLINE_TEST_FAULTS: '1' } });
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const a = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(a);
		// Storage refuses appends, so the edits wait in the room: only the shutdown flush can save them.
		const faults = path.join(dataDir, 'fail-storage');
		fs.writeFileSync(faults, 'appendUpdates\n');
		for (let i = 0; i < 50; i++) typeParagraph(a.doc, 'notes', `note ${i}`);
		await a.written();
		await eventually(() => expect(server.output()).toContain('injected storage fault in appendUpdates'));
		const expected = lineText(a.doc, 'notes');
		// The room retries every 500 ms; stopping right after the storage heals leaves the edits to shutdown.
		fs.rmSync(faults);
		expect(await server.stop()).toBe(0);
		a.destroy();

		server = await startServer({ dataDir });
		try {
			const b = connect(server, workshop.workshopId, 'content', anna.token);
			await synced(b);
			expect(lineText(b.doc, 'notes')).toBe(expected);
			expect(expected.split('\n')).toHaveLength(50);
			b.destroy();
		} finally {
			await server.stop();
		}
	});

	it('a crash (SIGKILL) loses nothing that reached the server 100 ms before', async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir, env: { PLUMBLINE_COMPACT_AFTER: '10' } });
		const { workshop, anna, a, witness } = await writerAndWitness(server);
		// Enough edits to pass the compaction threshold several times.
		for (let i = 0; i < 40; i++) {
			typeParagraph(a.doc, 'headline', `edit ${i}`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		// The witness has it, so the server has it; then the durability window.
		await eventually(() => expect(lineText(witness.doc, 'headline')).toBe(lineText(a.doc, 'headline')));
		await new Promise((resolve) => setTimeout(resolve, 100));
		const expected = lineText(a.doc, 'headline');
		a.destroy();
		witness.destroy();
		await server.kill();

		server = await startServer({ dataDir });
		try {
			const b = connect(server, workshop.workshopId, 'content', anna.token);
			await synced(b);
			expect(lineText(b.doc, 'headline')).toBe(expected);
			b.destroy();
		} finally {
			await server.stop();
		}
	});

	it('a clean restart right after someone\'s first edit keeps who wrote it', async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir });
		const { workshop, elif, a, witness } = await writerAndWitness(server);
		typeParagraph(a.doc, 'headline', 'Anna wrote this');
		// The witness has it, so the server has credited Anna; the restart follows at once.
		await eventually(() => expect(lineText(witness.doc, 'headline')).toBe('Anna wrote this'));
		a.destroy();
		witness.destroy();
		expect(await server.stop()).toBe(0);

		server = await startServer({ dataDir });
		try {
			const control = connect(server, workshop.workshopId, 'control', elif.token);
			await synced(control);
			expect(readAuthors(control.doc).get(a.doc.clientID)).toBe('sales');
			control.destroy();
		} finally {
			await server.stop();
		}
	});

	it('an unknown PLUMBLINE_ setting stops the start with a clear message', async () => {
		await expect(startServer({ env: { PLUMBLINE_FLUSH_MSS: '10' } })).rejects.toThrow(/PLUMBLINE_FLUSH_MSS is not a known setting/);
		await expect(startServer({ env: { PLUMBLINE_FLUSH_MS: 'soon' } })).rejects.toThrow(/PLUMBLINE_FLUSH_MS="soon" must be a whole number/);
	});
});
