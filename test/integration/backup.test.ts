/** Backup while the server runs, then restore into a fresh data directory. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { lineFragment, lineText } from '../../src/lib/doc/schema.js';
import { startServer, tempDataDir, eventually } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';

describe('backup and restore', () => {
	it('copies a running server’s database consistently, and a restored copy serves the same workshop', async () => {
		const dataDir = tempDataDir();
		const server = await startServer({ dataDir });
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const client = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(client);
		const flushes = async () => Number(/^plumbline_flush_seconds_count (\d+)/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
		const flushedBefore = await flushes();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Backed up headline')]);
		lineFragment(client.doc, 'headline').insert(0, [paragraph]);
		// On the server, then in the file with the next flush: the backup below must contain it.
		await client.written();
		await eventually(async () => expect(await flushes()).toBeGreaterThan(flushedBefore));

		const backup = path.join(tempDataDir(), 'backup.sqlite');
		const output = execFileSync(process.execPath, ['dist/server/backup.js', backup], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
		expect(output).toContain('Backed up');
		client.destroy();
		await server.stop();

		const restoredDir = tempDataDir();
		fs.copyFileSync(backup, path.join(restoredDir, 'plumbline.sqlite'));
		fs.copyFileSync(path.join(dataDir, 'session-secret'), path.join(restoredDir, 'session-secret'));
		const restored = await startServer({ dataDir: restoredDir });
		try {
			expect((await api(restored, `/api/workshops/${workshop.workshopId}`, undefined, { authorization: `Bearer ${anna.token}` })).status).toBe(200);
			const reader = connect(restored, workshop.workshopId, 'content', anna.token);
			await synced(reader);
			await eventually(() => expect(lineText(reader.doc, 'headline')).toBe('Backed up headline'));
			reader.destroy();
		} finally {
			await restored.stop();
		}
	});

	it('says how to use it when the file is missing', () => {
		expect(() => execFileSync(process.execPath, ['dist/server/backup.js'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/Usage: npm run backup/);
	});
});
