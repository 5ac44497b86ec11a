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
import { seeded } from '../support/random.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

let server: RunningServer;

beforeAll(async () => {
	// No rate limit: whether a message closes the socket must depend on the message, not the clock.
	server = await startServer({ env: { PLUMBLINE_MAX_MESSAGE_BYTES: '65536', PLUMBLINE_MAX_MESSAGES_PER_SECOND: '100000', PLUMBLINE_LOG_LEVEL: 'error' } });
});

afterAll(async () => {
	await server.stop();
});

/** Sync step 1 with an empty state vector: always answered with a step 2 unless the socket is closed first. */
const SENTINEL = new Uint8Array([0, 0, 1, 0]);

/**
 * Resolves once the server has handled everything sent so far: two sentinels go out, and two
 * answers (or a close) come back. One answer could be the fuzz message's own (a valid step 1 that
 * then closes for trailing bytes); the server answers one request at a time and keeps only the
 * latest waiting, so after a fuzz answer the two sentinels give one more, and else two.
 */
function settled(ws: WebSocket): Promise<void> {
	return new Promise((resolve) => {
		let answers = 0;
		const done = () => {
			ws.off('message', onMessage);
			ws.off('close', done);
			resolve();
		};
		const onMessage = (data: Buffer) => {
			if (data[0] === 0 && data[1] === 1 && ++answers === 2) done();
		};
		ws.on('message', onMessage);
		ws.on('close', done);
		if (ws.readyState !== WebSocket.OPEN) return done();
		ws.send(SENTINEL);
		ws.send(SENTINEL);
	});
}

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
		const rand = seeded(SEED);
		let socket: WebSocket | null = null;
		const open = async () => {
			const kind = rand.chance(0.8) ? 'content' : 'control';
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
			// The next message goes out only once the server has handled this one (answered a
			// sentinel, or closed): the same seed gives the same run, whatever the machine's speed.
			await settled(socket);
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
