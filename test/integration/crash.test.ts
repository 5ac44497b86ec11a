/**
 * Crash while a room types: SIGKILL with 20 clients editing. Every edit the
 * server had for more than the durability window (100 ms) is in storage after
 * the restart, and once the clients reconnect, every edit of every client is
 * on all of them (the clients resend what the server lost).
 */
import { describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import * as Y from 'yjs';
import { startServer, tempDataDir, eventually } from '../support/server.js';
import { connect, createWorkshop, join, synced, type SyncClient } from '../support/clients.js';

const CLIENTS = 20;
const WINDOW_MS = 100;

describe('crash', () => {
	it(`loses nothing when the server is killed while ${CLIENTS} clients type`, async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir });
		const port = server.port;
		const workshop = await createWorkshop(server);
		const tokens = await Promise.all(Array.from({ length: CLIENTS + 1 }, (_, i) => join(server, workshop, `Typist ${i}`, i % 2 ? 'sales' : 'marketing')));
		const clients: SyncClient[] = tokens.slice(0, CLIENTS).map((t) => connect(server, workshop.workshopId, 'content', t.token));
		// The witness only listens: when it sees an edit, the server had it.
		const witness = connect(server, workshop.workshopId, 'content', tokens[CLIENTS]!.token);
		await Promise.all([...clients, witness].map((c) => synced(c)));
		const seenAt = new Map<string, number>();
		witness.doc.getMap('edits').observe((event) => {
			for (const key of event.keysChanged) if (!seenAt.has(key)) seenAt.set(key, Date.now());
		});

		// Everyone types, a few edits a second each, until the kill.
		let typing = true;
		const loops = clients.map(async (client, i) => {
			for (let n = 0; typing; n++) {
				client.doc.getMap('edits').set(`c${i}-${n}`, n);
				await new Promise((resolve) => setTimeout(resolve, 20 + (i % 5) * 7));
			}
		});
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const killedAt = Date.now();
		await server.kill();
		// Clients keep typing while the server is down: those edits live only on the clients.
		await new Promise((resolve) => setTimeout(resolve, 300));
		typing = false;
		await Promise.all(loops);

		// Storage after the crash holds every edit the server had for longer than the window.
		const db = new DatabaseSync(path.join(dataDir, 'plumbline.sqlite'), { readOnly: true });
		const stored = new Y.Doc();
		const snapshot = db.prepare('SELECT data FROM doc_snapshots WHERE doc = ?').get(`${workshop.workshopId}/content`) as { data: Uint8Array } | undefined;
		if (snapshot) Y.applyUpdate(stored, new Uint8Array(snapshot.data));
		for (const row of db.prepare('SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq').all(`${workshop.workshopId}/content`) as Array<{ data: Uint8Array }>) {
			Y.applyUpdate(stored, new Uint8Array(row.data));
		}
		db.close();
		const durable = [...seenAt].filter(([, at]) => at <= killedAt - WINDOW_MS).map(([key]) => key);
		const lost = durable.filter((key) => !stored.getMap('edits').has(key));
		console.log(`crash: ${seenAt.size} edits reached the server, ${durable.length} of them more than ${WINDOW_MS} ms before the kill; lost after restart: ${lost.length}`);
		expect(durable.length).toBeGreaterThan(100);
		expect(lost).toEqual([]);

		// Restart on the same port: clients reconnect and every edit ends up everywhere.
		server = await startServer({ dataDir, port });
		try {
			const all = new Set(clients.flatMap((c) => [...c.doc.getMap('edits').keys()]));
			await eventually(() => {
				for (const client of [...clients, witness]) expect(client.doc.getMap('edits').size).toBe(all.size);
			}, 20_000);
			const fresh = connect(server, workshop.workshopId, 'content', tokens[0]!.token);
			await synced(fresh);
			await eventually(() => expect(fresh.doc.getMap('edits').size).toBe(all.size), 10_000);
			fresh.destroy();
		} finally {
			for (const client of [...clients, witness]) client.destroy();
			await server.stop();
		}
	}, 60_000);
});
