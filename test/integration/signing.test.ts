/**
 * The current hash scheme (4: SHA-256 over RFC 8785 canonical JSON, milestones with their
 * times; server/versions.ts) end to end: new versions and
 * signatures carry it, signing still binds the hash, and a stored version altered
 * after it was saved fails verification.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import type { JoinResponse } from '../../src/lib/api.js';
import { lineText, readControl, setLineText } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced, type SyncClient } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

type Status = { currentHash: string; hashScheme: number; signoffs: { signerId: string; versionHash: string; hashScheme?: number; changedSinceSigned: boolean }[] };
type View = { hash: string; hashScheme: number; verified: boolean | null; data: { proposition: { headline: string } } };

describe('signing with the current hash scheme', () => {
	it('signs versions under scheme 4, and a version altered in storage fails verification', async () => {
		const workshop = await createWorkshop(server);
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const ines = await join(server, workshop, 'Ines', 'leadership');
		const anna = await join(server, workshop, 'Anna', 'sales');
		const intent = async (who: JoinResponse, body: Record<string, unknown>) => {
			const response = await api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
			expect(response.status, JSON.stringify(response.body)).toBe(200);
		};
		const status = async () => (await api<Status>(server, `/api/workshops/${workshop.workshopId}/signoff`, undefined, { authorization: `Bearer ${anna.token}` })).body;
		const view = async (id: string) => (await api<View>(server, `/api/workshops/${workshop.workshopId}/versions/${id}`, undefined, { authorization: `Bearer ${ines.token}` })).body;

		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		// A second client on `content`: what it sees, the server has applied.
		const witness = connect(server, workshop.workshopId, 'content', carla.token);
		const control = connect(server, workshop.workshopId, 'control', anna.token);
		await Promise.all([synced(writer), synced(witness), synced(control)]);
		const save = async (headline: string, name: string) => {
			setLineText(writer.doc, 'headline', headline);
			await eventually(() => expect(lineText(witness.doc, 'headline')).toBe(headline));
			await intent(anna, { type: 'version.save', name });
			return eventually(() => {
				const version = readControl(control.doc).versions.find((v) => v.name === name);
				expect(version).toBeDefined();
				return version!;
			});
		};

		const first = await save('Keep every truck on the road', 'First');
		const second = await save('No more surprise breakdowns', 'Second');
		expect(first.hashScheme).toBe(4);
		expect(second.hashScheme).toBe(4);

		await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId] });
		await intent(ines, { type: 'signoff.sign', versionId: second.id });
		await eventually(() => expect(readControl(control.doc).signoffs).toHaveLength(1));
		const signed = await status();
		expect(signed.hashScheme).toBe(4);
		expect(signed.currentHash).toBe(second.hash);
		expect(signed.signoffs).toEqual([expect.objectContaining({ signerId: ines.participantId, versionHash: second.hash, hashScheme: 4, changedSinceSigned: false })]);
		expect(await view(first.id)).toMatchObject({ hash: first.hash, hashScheme: 4, verified: true, data: { proposition: { headline: 'Keep every truck on the road' } } });

		// Someone with the database file swaps the first version's documents for the second's.
		const db = new DatabaseSync(path.join(server.dataDir, 'plumbline.sqlite'));
		try {
			db.exec('PRAGMA busy_timeout = 5000');
			db.prepare('UPDATE versions SET content = (SELECT content FROM versions WHERE id = ?) WHERE id = ?').run(second.id, first.id);
		} finally {
			db.close();
		}
		expect(await view(first.id)).toMatchObject({ hash: first.hash, verified: false, data: { proposition: { headline: 'No more surprise breakdowns' } } });
		expect(await view(second.id)).toMatchObject({ verified: true });
		for (const client of [writer, witness, control] as SyncClient[]) client.destroy();
	});
});
