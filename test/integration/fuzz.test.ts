/**
 * A bounded protocol fuzzer against the real server. A short pass runs in
 * `npm test`; `npm run fuzz` runs a long one (FUZZ_ITERATIONS, FUZZ_SEED).
 * Throughout, the server stays up, memory stays bounded, and a well-behaved
 * pair of clients in the same room keeps syncing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import WebSocket from 'ws';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { connect, createWorkshop, join, rawSocket, synced } from '../support/clients.js';
import { fuzzMessages } from '../support/fuzz.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ env: { PLUMBLINE_MAX_MESSAGE_BYTES: '65536', PLUMBLINE_LOG_LEVEL: 'error' } });
});

afterAll(async () => {
	await server.stop();
});

function rssMiB(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('protocol fuzzing', () => {
	it(`survives ${ITERATIONS} hostile messages while a room keeps syncing`, async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const eve = await join(server, workshop, 'Eve', 'other');
		const a = connect(server, workshop.workshopId, 'content', anna.token);
		const b = connect(server, workshop.workshopId, 'content', elif.token);
		await Promise.all([synced(a), synced(b)]);
		const rssBefore = rssMiB(server.process.pid!);

		const next = fuzzMessages(SEED);
		let socket: WebSocket | null = null;
		const open = async () => {
			const kind = Math.random() < 0.8 ? 'content' : 'control';
			const ws = await rawSocket(server, `/sync/${workshop.workshopId}/${kind}?token=${eve.token}`);
			if (!('send' in ws)) throw new Error(`refused: ${ws.refused}`);
			ws.on('error', () => {});
			return ws;
		};
		let closes = 0;
		for (let i = 0; i < ITERATIONS; i++) {
			if (!socket || socket.readyState !== WebSocket.OPEN) {
				if (socket) closes++;
				socket = await open();
			}
			socket.send(next());
			// Let the server answer (and possibly close) before the next message.
			if (i % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
			if (i % 100 === 99) {
				const marker = `check ${i}`;
				a.doc.getText('probe').insert(0, marker);
				await eventually(() => expect(b.doc.getText('probe').toString()).toContain(marker), 5000);
			}
		}
		socket?.close();

		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		const rssAfter = rssMiB(server.process.pid!);
		console.log(`fuzz: ${ITERATIONS} messages (seed ${SEED}), ${closes} connections closed by the server, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`);
		expect(rssAfter - rssBefore).toBeLessThan(150);
		expect(closes).toBeGreaterThan(0);
		a.destroy();
		b.destroy();
	}, 300_000);
});
