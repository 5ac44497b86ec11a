/** Limits, each answered with its own error; deleting a workshop and retention remove everything. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { startServer, tempDataDir, eventually, type RunningServer } from '../support/server.js';
import { api, closed, connect, createWorkshop, join, joinByLink, rawSocket, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({
		env: {
			PLUMBLINE_MAX_MESSAGES_PER_SECOND: '20',
			PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '4',
			PLUMBLINE_MAX_PARTICIPANTS: '3',
			PLUMBLINE_MAX_DOCUMENT_BYTES: '65536'
		}
	});
});

afterAll(async () => {
	await server.stop();
});

const facilitate = async (s: RunningServer, w: CreateWorkshopResponse) =>
	(await api<JoinResponse>(s, `/api/workshops/${w.workshopId}/facilitate`, { key: w.facilitatorKey })).body;

function updateMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeUpdate(e, update);
	return encoding.toUint8Array(e);
}

describe('limits', () => {
	it('closes a connection that sends too many messages a second with 4029 (reconnect later)', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
		if (!('send' in ws)) throw new Error('refused');
		const done = closed(ws);
		for (let i = 0; i < 100; i++) ws.send(new Uint8Array([3]));
		expect((await done).code).toBe(4029);
	});

	it('refuses more connections from one address than allowed, with 429', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const open = [];
		for (let i = 0; i < 4; i++) {
			const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
			if (!('send' in ws)) throw new Error('refused too early');
			open.push(ws);
		}
		expect(await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`)).toMatchObject({ refused: 429 });
		for (const ws of open) ws.close();
		await eventually(async () => {
			const again = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
			expect('send' in again).toBe(true);
			if ('send' in again) again.close();
		});
	});

	it('refuses a fourth person in a workshop of three, but never its facilitator', async () => {
		const workshop = await createWorkshop(server);
		for (const name of ['A', 'B', 'C']) await join(server, workshop, name, 'sales');
		const full = await api<{ error: { code: string } }>(server, '/api/join', { code: workshop.joinCode, name: 'D', team: 'sales' });
		expect(full.status).toBe(409);
		expect(full.body.error.code).toBe('workshop-full');
		expect((await api(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey })).status).toBe(200);
	});

	it('refuses writes that grow a document past its limit with 4413, and the room keeps syncing', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(server, workshop);
		const b = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(b);
		const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${carla.token}`);
		if (!('send' in ws)) throw new Error('refused');
		const done = closed(ws);
		const big = new Y.Doc();
		for (let i = 0; i < 3; i++) {
			big.getText(`t${i}`).insert(0, 'x'.repeat(30_000));
			ws.send(updateMessage(Y.encodeStateAsUpdate(big)));
			await new Promise((resolve) => setTimeout(resolve, 60));
		}
		expect((await done).code).toBe(4413);
		b.doc.getText('small').insert(0, 'still fine');
		const c = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(c);
		await eventually(() => expect(c.doc.getText('small').toString()).toBe('still fine'));
		b.destroy();
		c.destroy();
	});
});

describe('deleting workshops', () => {
	it('a facilitator deletes a workshop: sockets close with 4404 and every row goes, ballots included', async () => {
		const dataDir = tempDataDir();
		const own = await startServer({ dataDir });
		try {
			const workshop = await createWorkshop(own);
			const carla = await facilitate(own, workshop);
			const anna = await join(own, workshop, 'Anna', 'sales');
			const writer = connect(own, workshop.workshopId, 'content', anna.token);
			await synced(writer);
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText('to be deleted')]);
			writer.doc.getXmlFragment('proposition.headline').insert(0, [p]);
			writer.doc.getMap('phrasings');
			const intent = (who: JoinResponse, body: Record<string, unknown>) => api(own, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
			writer.doc.transact(() => {
				const record = new Y.Map<unknown>();
				for (const [k, v] of Object.entries({ id: 'alt', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline' })) record.set(k, v);
				record.set('text', new Y.Text('another headline'));
				writer.doc.getMap<Y.Map<unknown>>('phrasings').set('alt', record);
			});
			await writer.written();
			expect((await intent(carla, { type: 'vote.open', lineId: 'headline' })).status).toBe(200);
			const control = connect(own, workshop.workshopId, 'control', anna.token);
			await synced(control);
			const voteId = [...control.doc.getMap<{ id: string }>('votes').values()][0]!.id;
			control.destroy();
			expect((await intent(anna, { type: 'vote.cast', voteId, allocation: { alt: 1 } })).status).toBe(200);
			const ws = await rawSocket(own, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
			if (!('send' in ws)) throw new Error('refused');
			const done = closed(ws);

			// A first edit just before the deletion: its writer's credit, waiting for its batch, must not
			// write the control document back once its rows are gone.
			const late = connect(own, workshop.workshopId, 'content', carla.token);
			await synced(late);
			const last = new Y.XmlElement('paragraph');
			last.insert(0, [new Y.XmlText('last words')]);
			late.doc.getXmlFragment('proposition.headline').insert(0, [last]);
			await eventually(() => expect(writer.doc.getXmlFragment('proposition.headline').toString()).toContain('last words'));

			const path_ = `/api/workshops/${workshop.workshopId}`;
			expect((await fetch(own.url + path_, { method: 'DELETE', headers: { authorization: `Bearer ${anna.token}` } })).status).toBe(403);
			expect((await fetch(own.url + path_, { method: 'DELETE', headers: { authorization: `Bearer ${carla.token}` } })).status).toBe(204);
			expect((await done).code).toBe(4404);
			expect((await api(own, path_, undefined, { authorization: `Bearer ${carla.token}` })).status).toBe(404);
			writer.destroy();
			late.destroy();
			await new Promise((resolve) => setTimeout(resolve, 500));

			const db = new DatabaseSync(path.join(dataDir, 'plumbline.sqlite'), { readOnly: true });
			const count = (sql: string) => (db.prepare(sql).get(workshop.workshopId) as { n: number }).n;
			expect(count('SELECT COUNT(*) AS n FROM workshops WHERE id = ?')).toBe(0);
			expect(count('SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?')).toBe(0);
			expect(count("SELECT COUNT(*) AS n FROM doc_updates WHERE doc LIKE ? || '/%'")).toBe(0);
			expect(count("SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc LIKE ? || '/%'")).toBe(0);
			expect((db.prepare('SELECT COUNT(*) AS n FROM ballots WHERE voter_id = ?').get(anna.participantId) as { n: number }).n).toBe(0);
			db.close();
		} finally {
			await own.stop();
		}
	});

	it('removes workshops older than the retention period at start', async () => {
		const dataDir = tempDataDir();
		let own = await startServer({ dataDir });
		const old = await createWorkshop(own, 'Old');
		const fresh = await createWorkshop(own, 'Fresh');
		await own.stop();
		const db = new DatabaseSync(path.join(dataDir, 'plumbline.sqlite'));
		db.prepare('UPDATE workshops SET created_at = ? WHERE id = ?').run(Date.now() - 40 * 86_400_000, old.workshopId);
		db.close();
		own = await startServer({ dataDir, env: { PLUMBLINE_RETENTION_DAYS: '30' } });
		try {
			await eventually(async () => {
				const gone = await api<{ error: { code: string } }>(own, `/api/workshops/${old.workshopId}/join`, { name: 'x', team: 'sales' });
				expect(gone.status).toBe(404);
			});
			expect((await joinByLink(own, fresh, 'x', 'sales')).status).toBe(200);
		} finally {
			await own.stop();
		}
	});
});
