/**
 * Durability benchmark: how long from a client sending an edit until the edit is
 * in the SQLite log, read back through a second connection to the same file.
 * Target (foundation issue): every edit durable within 100 ms.
 */
import { it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import * as Y from 'yjs';
import { startServer } from '../support/server.js';
import { connect, createWorkshop, join, synced } from '../support/clients.js';

const EDITS = 300;
const GAP_MS = 10;
const TARGET_MS = 100;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

it(`durability: ${EDITS} edits, one every ${GAP_MS} ms`, async () => {
	const server = await startServer();
	try {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const client = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(client);

		const db = new DatabaseSync(path.join(server.dataDir, 'plumbline.sqlite'), { readOnly: true });
		const rows = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq');
		const mirror = new Y.Doc();
		const sentAt = new Map<number, number>();
		const latency: number[] = [];
		let lastSeq = 0;
		let stop = false;

		// Poll the log as fast as the event loop allows; each new row is applied to a mirror.
		const poller = (async () => {
			const seen = new Set<number>();
			while (!stop) {
				for (const row of rows.all(`${workshop.workshopId}/content`, lastSeq) as Array<{ seq: number; data: Uint8Array }>) {
					lastSeq = row.seq;
					Y.applyUpdate(mirror, new Uint8Array(row.data));
				}
				const now = performance.now();
				for (const marker of mirror.getText('bench').toString().matchAll(/e(\d+);/g)) {
					const index = Number(marker[1]);
					if (!seen.has(index) && sentAt.has(index)) {
						seen.add(index);
						latency.push(now - sentAt.get(index)!);
					}
				}
				if (seen.size === EDITS) break;
				await new Promise((resolve) => setTimeout(resolve, 1));
			}
		})();

		const text = client.doc.getText('bench');
		for (let i = 0; i < EDITS; i++) {
			sentAt.set(i, performance.now());
			text.insert(text.length, `e${i};`);
			await new Promise((resolve) => setTimeout(resolve, GAP_MS));
		}
		const deadline = Date.now() + 5000;
		while (latency.length < EDITS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
		stop = true;
		await poller;
		db.close();
		client.destroy();

		latency.sort((a, b) => a - b);
		const lost = EDITS - latency.length;
		const fmt = (n: number) => `${n.toFixed(1)} ms`;
		console.log(
			[
				'',
				`durability — send → row in SQLite (PLUMBLINE_FLUSH_MS default 50), ${EDITS} edits`,
				`  p50 ${fmt(percentile(latency, 50))}   p95 ${fmt(percentile(latency, 95))}   p99 ${fmt(percentile(latency, 99))}   max ${fmt(latency.at(-1)!)}`,
				`  target: every edit within ${TARGET_MS} ms → ${latency.at(-1)! <= TARGET_MS && lost === 0 ? 'met' : 'MISSED'}   lost: ${lost}`,
				''
			].join('\n')
		);
	} finally {
		await server.stop();
	}
}, 60_000);
