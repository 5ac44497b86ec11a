/**
 * One hostile or broken laptop cannot hurt the room (issue #18): each attack is sent to
 * the real built server over real sockets, and the room must not notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import type WebSocket from 'ws';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, closed, connect, createWorkshop, join, rawSocket, synced } from '../support/clients.js';
import { awarenessMessage } from '../support/compactPresence.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

const facilitate = async (w: CreateWorkshopResponse) =>
	(await api<JoinResponse>(server, `/api/workshops/${w.workshopId}/facilitate`, { key: w.facilitatorKey })).body;

async function open(workshopId: string, token: string, kind = 'content'): Promise<WebSocket> {
	const ws = await rawSocket(server, `/sync/${workshopId}/${kind}?token=${token}`);
	if (!('send' in ws)) throw new Error(`refused with ${ws.refused}`);
	return ws;
}

function updateMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeUpdate(e, update);
	return encoding.toUint8Array(e);
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
const FULL_STATE_REQUEST = new Uint8Array([0, 0, 1, 0]);

function rssBytes(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return Number(match![1]) * 1024;
}

async function healthMs(): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${server.url}/healthz`);
	await response.arrayBuffer();
	return performance.now() - started;
}

describe('backpressure', () => {
	// Root cause: every sync step 1 was answered at once with a fresh encoding of the whole
	// document, queued without limit on a socket whose reader never read.
	it('ten paused readers asking for the whole document for 15 s neither grow memory nor stall the server', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(workshop);
		const ben = await join(server, workshop, 'Ben', 'marketing');
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		const reader = connect(server, workshop.workshopId, 'content', ben.token);
		await Promise.all([synced(writer), synced(reader)]);
		// Just under the size from which the server caches the full state: every answer is a fresh encoding.
		const filler = writer.doc.getMap<string>('hostile-filler');
		for (let i = 0; i < 20; i++) filler.set(`k${i}`, `${i}`.padEnd(10_000, String.fromCharCode(97 + (i % 26))));
		await eventually(() => expect(reader.doc.getMap('hostile-filler').size).toBe(20));

		const attackers = await Promise.all(Array.from({ length: 10 }, (_, i) => join(server, workshop, `Paused ${i}`, 'sales')));
		const pid = server.process.pid!;
		const rssBefore = rssBytes(pid);
		const deadline = Date.now() + 15_000;
		const hammer = async (token: string) => {
			while (Date.now() < deadline) {
				const ws = await open(workshop.workshopId, token);
				// Never read: the server's answers pile up (in the kernel, then in the server).
				(ws as unknown as { _socket: { pause(): void } })._socket.pause();
				let open_ = true;
				void closed(ws).then(() => (open_ = false));
				// 150 requests a second: below the message rate limit, so only backpressure can stop it.
				while (open_ && Date.now() < deadline) {
					for (let i = 0; i < 3 && ws.readyState === ws.OPEN; i++) ws.send(FULL_STATE_REQUEST);
					await new Promise((resolve) => setTimeout(resolve, 20));
				}
				ws.terminate();
			}
		};
		const attack = Promise.all(attackers.map((a) => hammer(a.token)));

		const healthTimes: number[] = [];
		let peakRss = rssBefore;
		let edits = 0;
		while (Date.now() < deadline) {
			healthTimes.push(await healthMs());
			peakRss = Math.max(peakRss, rssBytes(pid));
			// The room keeps working: an edit reaches the other person.
			const text = `edit ${edits++}`;
			writer.doc.getMap('hostile-edits').set('last', text);
			await eventually(() => expect(reader.doc.getMap('hostile-edits').get('last')).toBe(text), 5000);
		}
		await attack;
		const sorted = [...healthTimes].sort((a, b) => a - b);
		const median = sorted[Math.floor(sorted.length / 2)]!;
		const worst = sorted[sorted.length - 1]!;
		console.log(`backpressure: rss ${Math.round(rssBefore / 2 ** 20)} → peak ${Math.round(peakRss / 2 ** 20)} MB; /healthz median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms over ${sorted.length} probes; ${edits} edits synced`);
		expect(peakRss - rssBefore).toBeLessThan(200 * 2 ** 20);
		// The target is 100 ms. On two cores shared with other test runs single probes stall for a
		// few hundred ms even without an attack, so: the typical probe within target, none in seconds.
		expect(median).toBeLessThan(100);
		expect(worst).toBeLessThan(1500);
		writer.destroy();
		reader.destroy();
	}, 40_000);

	it('closes a socket that leaves more than PLUMBLINE_MAX_BUFFERED_BYTES unread (counted as slow-consumer)', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(workshop);
		const paused = await join(server, workshop, 'Paused', 'sales');
		const ws = await open(workshop.workshopId, paused.token);
		(ws as unknown as { _socket: { pause(): void } })._socket.pause();
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(writer);
		const slowClosed = async () => Number(/reason="slow-consumer"\} (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
		const before = await slowClosed();
		// 24 MB of edits, more than the kernel's buffers and the 8 MiB default together.
		for (let i = 0; i < 12; i++) writer.doc.getText(`hostile-bulk-${i}`).insert(0, 'b'.repeat(2_000_000));
		await eventually(async () => expect(await slowClosed()).toBeGreaterThan(before), 15_000);
		ws.terminate();
		writer.destroy();
	}, 30_000);

	it('a client that reads normally still gets the whole document, and again when it asks again', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(workshop);
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(writer);
		writer.doc.getText('hostile-big').insert(0, 'x'.repeat(600_000));
		const late = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(late);
		await eventually(() => expect(late.doc.getText('hostile-big').length).toBe(600_000));
		const ws = await open(workshop.workshopId, carla.token);
		const answers: number[] = [];
		ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 1) answers.push(data.byteLength);
		});
		for (let i = 0; i < 5; i++) ws.send(FULL_STATE_REQUEST);
		// Five requests while the first answer is on its way: answered once that one is read, not five times at once.
		await eventually(() => expect(answers.length).toBeGreaterThanOrEqual(2));
		expect(answers[0]).toBeGreaterThan(600_000);
		ws.close();
		writer.destroy();
		late.destroy();
	});
});

describe('presence', () => {
	// Root cause: the cap of 4 ids per connection was checked against the ids known before
	// the message, so one message could bring any number, all relayed.
	it('one message with 30,000 presence ids reaches nobody beyond the cap', async () => {
		const workshop = await createWorkshop(server);
		const watcherPerson = await join(server, workshop, 'Watcher', 'sales');
		const observer = await join(server, workshop, 'Mallory', 'marketing');
		const watcher = connect(server, workshop.workshopId, 'content', watcherPerson.token);
		await synced(watcher);
		const ws = await open(workshop.workshopId, observer.token);
		const base = 1_000_000;
		const flood = Array.from({ length: 30_000 }, (_, i): [number, number, string] => [base + i, 1, '{"x":1}']);
		ws.send(awarenessMessage(flood));
		ws.send(awarenessMessage(Array.from({ length: 30_000 }, (_, i): [number, number, string] => [base + 30_000 + i, 1, '{"x":1}'])));
		// A marker on an id the observer already speaks for: once it arrives, the flood was handled.
		ws.send(awarenessMessage([[base, 2, '{"marker":true}']]));
		await eventually(() => expect((watcher.provider.awareness.getStates().get(base) as { marker?: boolean } | undefined)?.marker).toBe(true));
		const fromMallory = [...watcher.provider.awareness.getStates().values()].filter((s) => (s as { user?: { name?: string } }).user?.name === 'Mallory');
		expect(fromMallory.length).toBeLessThanOrEqual(4);
		ws.close();
		watcher.destroy();
	});

	it('refuses a presence state larger than the limit (4400)', async () => {
		const workshop = await createWorkshop(server);
		const observer = await join(server, workshop, 'Mallory', 'marketing');
		const ws = await open(workshop.workshopId, observer.token);
		const done = closed(ws);
		ws.send(awarenessMessage([[42, 1, JSON.stringify({ junk: 'j'.repeat(100_000) })]]));
		expect((await done).code).toBe(4400);
	});

	it("keeps a reconnecting person's presence id theirs: nobody else can take it meanwhile", async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const watcherPerson = await join(server, workshop, 'Watcher', 'sales');
		const mallory = await join(server, workshop, 'Mallory', 'marketing');
		const watcher = connect(server, workshop.workshopId, 'content', watcherPerson.token);
		const annaDoc = new Y.Doc();
		const annaClient = connect(server, workshop.workshopId, 'content', anna.token, annaDoc);
		// Not a stage: everyone here is in the no-stage bucket, and shown to each other.
		annaClient.provider.awareness.setLocalStateField('status', 'draft');
		await Promise.all([synced(watcher), synced(annaClient)]);
		const id = annaDoc.clientID;
		await eventually(() => expect((watcher.provider.awareness.getStates().get(id) as { user?: { name: string } } | undefined)?.user?.name).toBe('Anna'));
		// Anna's laptop drops off the network for a moment.
		annaClient.provider.disconnect();
		await eventually(() => expect(watcher.provider.awareness.getStates().has(id)).toBe(false));

		const ws = await open(workshop.workshopId, mallory.token);
		ws.send(awarenessMessage([[id, 99, '{"status":"mallory"}']]));
		// Mallory's own presence afterwards: once it shows, her claim on Anna's id was handled.
		ws.send(awarenessMessage([[7, 1, '{"status":"mine"}']]));
		await eventually(() => expect(watcher.provider.awareness.getStates().has(7)).toBe(true));
		expect(watcher.provider.awareness.getStates().has(id)).toBe(false);

		annaClient.provider.connect();
		await synced(annaClient);
		// Two changes: the server counted her departure as one (awareness clocks only go up).
		annaClient.provider.awareness.setLocalStateField('status', 'returning');
		annaClient.provider.awareness.setLocalStateField('status', 'back');
		await eventually(() => expect(watcher.provider.awareness.getStates().get(id)).toMatchObject({ status: 'back', user: { name: 'Anna' } }));
		ws.close();
		annaClient.destroy();
		watcher.destroy();
	});
});

describe('authorship', () => {
	/** Anna has written `text` into the root `name`, and Ben has it; Mallory has joined but not connected. */
	async function annaWroteIn(name: string, text: string) {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const ben = await join(server, workshop, 'Ben', 'sales');
		const mallory = await join(server, workshop, 'Mallory', 'marketing');
		const annaClient = connect(server, workshop.workshopId, 'content', anna.token);
		const benClient = connect(server, workshop.workshopId, 'content', ben.token);
		await Promise.all([synced(annaClient), synced(benClient)]);
		annaClient.doc.getText(name).insert(0, text);
		await eventually(() => expect(benClient.doc.getText(name).toString()).toBe(text));
		return { workshop, mallory, annaClient, benClient };
	}

	// Root cause: the server credited every client id in an update to whoever sent it, first come.
	it("refuses (4400) an update written under another session's client id, and applies none of it", async () => {
		const { workshop, mallory, annaClient, benClient } = await annaWroteIn('hostile-authored', 'Anna wrote this. ');

		// Mallory continues Anna's client id from where Anna's writes end.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(annaClient.doc));
		forged.clientID = annaClient.doc.clientID;
		const before = Y.encodeStateVector(forged);
		forged.getText('hostile-authored').insert(0, 'FORGED ');
		const ws = await open(workshop.workshopId, mallory.token);
		const done = closed(ws);
		ws.send(updateMessage(Y.encodeStateAsUpdate(forged, before)));
		expect((await done).code).toBe(4400);

		// Anna keeps writing under her id; nothing of Mallory's forgery reached anyone.
		annaClient.doc.getText('hostile-authored').insert(0, 'Still Anna. ');
		await eventually(() => expect(benClient.doc.getText('hostile-authored').toString()).toBe('Still Anna. Anna wrote this. '));
		annaClient.destroy();
		benClient.destroy();
	});

	// Root cause: the answer to the server's sync step 1 may carry others' edits (a client relays
	// what a restarted server lost), so it was applied unchecked, under any client id.
	it("drops from a handshake answer the edits under another session's client id, and keeps the rest", async () => {
		const { workshop, mallory, annaClient, benClient } = await annaWroteIn('hostile-relayed', 'Anna wrote this.');

		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(annaClient.doc));
		const serverHas = Y.encodeStateVector(forged);
		forged.clientID = annaClient.doc.clientID;
		forged.getText('hostile-relayed').insert(0, 'FORGED ');
		// Mallory's own edit rides in the same answer: it must still arrive.
		forged.clientID = 4242;
		forged.getText('hostile-relayed-own').insert(0, 'Mallory wrote this.');
		const ws = await open(workshop.workshopId, mallory.token);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 1); // sync step 2: the answer to the server's step 1
		encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(forged, serverHas));
		ws.send(encoding.toUint8Array(e));

		await eventually(() => expect(benClient.doc.getText('hostile-relayed-own').toString()).toBe('Mallory wrote this.'));
		expect(benClient.doc.getText('hostile-relayed').toString()).toBe('Anna wrote this.');
		// Anna keeps writing under her id, undisturbed.
		annaClient.doc.getText('hostile-relayed').insert(0, 'Still Anna. ');
		await eventually(() => expect(benClient.doc.getText('hostile-relayed').toString()).toBe('Still Anna. Anna wrote this.'));
		ws.close();
		annaClient.destroy();
		benClient.destroy();
	});

	it('lets the same session write again under its client id after reconnecting', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const ben = await join(server, workshop, 'Ben', 'sales');
		const doc = new Y.Doc();
		let annaClient = connect(server, workshop.workshopId, 'content', anna.token, doc);
		const benClient = connect(server, workshop.workshopId, 'content', ben.token);
		await Promise.all([synced(annaClient), synced(benClient)]);
		doc.getText('hostile-authored').insert(0, 'one ');
		await eventually(() => expect(benClient.doc.getText('hostile-authored').toString()).toBe('one '));
		annaClient.provider.destroy();
		annaClient = connect(server, workshop.workshopId, 'content', anna.token, doc);
		await synced(annaClient);
		doc.getText('hostile-authored').insert(4, 'two');
		await eventually(() => expect(benClient.doc.getText('hostile-authored').toString()).toBe('one two'));
		annaClient.destroy();
		benClient.destroy();
	});
});

describe('shutdown and static assets', () => {
	it('serves static assets with nosniff', async () => {
		const response = await fetch(`${server.url}/favicon.svg`);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('closes every y-websocket connection with 1001 on SIGTERM, busy ones included', async () => {
		const own = await startServer();
		try {
			const workshop = await createWorkshop(own);
			const people = await Promise.all(Array.from({ length: 15 }, (_, i) => join(own, workshop, `P${i}`, i % 2 ? 'sales' : 'marketing')));
			const clients = people.flatMap((person) => (['content', 'control'] as const).map((kind) => connect(own, workshop.workshopId, kind, person.token)));
			await Promise.all(clients.map((c) => synced(c)));
			// The first close each connection saw (later ones are refused reconnects).
			const codes = clients.map((c) => new Promise<number>((resolve) => c.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? -1))));
			for (const [i, c] of clients.entries()) if (i % 2 === 0) c.doc.getText('busy').insert(0, 'x'.repeat(50_000));
			expect(await own.stop()).toBe(0);
			expect(await Promise.all(codes)).toEqual(clients.map(() => 1001));
			for (const c of clients) c.destroy();
		} finally {
			await own.kill();
		}
	});

	// Root cause: sockets were cut as soon as the documents were flushed; a socket still
	// receiving a big document had its close frame behind the data, and it was lost (1006).
	// (A socket whose upgrade was still being authenticated is refused with 503, never opened.)
	it('closes with 1001 every socket, those still receiving a big document or being opened included', async () => {
		const own = await startServer();
		try {
			const workshop = await createWorkshop(own);
			const carla = (await api<JoinResponse>(own, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey })).body;
			const writer = connect(own, workshop.workshopId, 'content', carla.token);
			await synced(writer);
			for (let i = 0; i < 3; i++) writer.doc.getText(`big-${i}`).insert(0, 'd'.repeat(1_500_000));
			const received = async () => Number(/plumbline_bytes_received_total (\d+)/.exec(await (await fetch(`${own.url}/metrics`)).text())?.[1]);
			await eventually(async () => expect(await received()).toBeGreaterThan(4_500_000));
			writer.destroy();
			const people = await Promise.all(Array.from({ length: 30 }, (_, i) => join(own, workshop, `P${i}`, i % 2 ? 'sales' : 'marketing')));
			let stopping: Promise<number | null> | null = null;
			let openedCount = 0;
			const outcomes = await Promise.all(
				people.map(async (person, i) => {
					const ws = await rawSocket(own, `/sync/${workshop.workshopId}/${i % 2 ? 'content' : 'control'}?token=${person.token}`).catch((error: NodeJS.ErrnoException) => error);
					if (ws instanceof Error) return `error ${ws.code ?? ws.message}`;
					if (!('send' in ws)) return `refused ${ws.refused}`;
					ws.send(FULL_STATE_REQUEST);
					// SIGTERM once ten are open and receiving the document: the others are mid-upgrade.
					if ((openedCount += 1) === 10) stopping = own.stop();
					return `closed ${(await closed(ws)).code}`;
				})
			);
			expect(await stopping).toBe(0);
			// Connections the server had not taken yet are reset or refused (503): no socket was opened.
			// Every socket that did open hears 1001.
			const opened = outcomes.filter((o) => o.startsWith('closed'));
			expect(opened.length).toBeGreaterThan(0);
			expect(opened).toEqual(opened.map(() => 'closed 1001'));
		} finally {
			await own.kill();
		}
	});

	// Root cause: sockets were cut right after their close frame was queued, before it was written.
	it('closes every socket with 1001 on SIGTERM', async () => {
		const own = await startServer();
		try {
			const workshop = await createWorkshop(own);
			const people = await Promise.all(Array.from({ length: 15 }, (_, i) => join(own, workshop, `P${i}`, i % 2 ? 'sales' : 'marketing')));
			const sockets: WebSocket[] = [];
			for (const person of people) {
				for (const kind of ['content', 'control']) {
					const ws = await rawSocket(own, `/sync/${workshop.workshopId}/${kind}?token=${person.token}`);
					if (!('send' in ws)) throw new Error('refused');
					sockets.push(ws);
				}
			}
			const codes = sockets.map((ws) => closed(ws).then((c) => c.code));
			expect(await own.stop()).toBe(0);
			expect(await Promise.all(codes)).toEqual(sockets.map(() => 1001));
		} finally {
			await own.kill();
		}
	});
});
