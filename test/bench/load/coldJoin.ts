/** Cold join (a newcomer to a big document) and many small rooms at once. */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { nowMs } from './marker.mjs';
import { memory, sleep, startWorker, type Worker } from './processes.js';
import { plumbline, type Target } from './targets.js';

// ---------------------------------------------------------------- cold join

/** A document of `inserts` single characters typed at random positions (~18 bytes each, as Yjs stores them). */
export function bigDocument(inserts: number, seed = 42): Uint8Array {
	const doc = new Y.Doc();
	const text = doc.getText('load');
	let state = seed;
	const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	for (let i = 0; i < inserts; i++) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
	return Y.encodeStateAsUpdate(doc);
}

/**
 * Time from opening a WebSocket until the whole document has arrived, measured with a
 * thin client (it receives the bytes and does not apply them): the server's share.
 */
export function timeThinJoin(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const ws = new WebSocket(url, { perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		ws.on('open', () => ws.send(Uint8Array.of(0, 0, 1, 0))); // sync step 1 with an empty state vector
		ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 0) ws.send(Uint8Array.of(0, 1, 2, 0, 0)); // the server's step 1: nothing to give
			else if (data[0] === 0 && data[1] === 1) {
				resolve(performance.now() - started);
				ws.close();
			}
		});
		ws.on('error', reject);
	});
}

/** Time from opening a WebSocket to holding the whole document, for one new participant. */
export async function timeJoin(base: string, room: string, params: Record<string, string>): Promise<number> {
	const doc = new Y.Doc();
	const started = performance.now();
	const provider = new WebsocketProvider(base, room, doc, { WebSocketPolyfill: WebSocket as never, params, disableBc: true });
	await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
	const ms = performance.now() - started;
	provider.destroy();
	doc.destroy();
	return ms;
}

export interface ColdJoinResult {
	target: string;
	documentBytes: number;
	/** A new participant joins a room that is not in memory (loaded from storage first): thin client. */
	cold: number[];
	/** The room is in memory (someone else is connected): thin client. */
	warm: number[];
	/** The same, with a full Yjs client that applies the document (y-websocket provider). */
	warmFull: number[];
}

/** A new participant joins a room whose document holds 100,000 single-character inserts. */
export async function coldJoin(target: Target, update: Uint8Array, joins = 5): Promise<ColdJoinResult> {
	await target.start();
	const access = await target.room(joins * 2, joins + 2);
	const { base, room, params } = access.replicas;
	// The writer sends the document as one update, then waits until the server holds all of it.
	const writer = new Y.Doc();
	const provider = new WebsocketProvider(base, room, writer, { WebSocketPolyfill: WebSocket as never, params: params[0]!, disableBc: true });
	await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
	Y.applyUpdate(writer, update);
	const check = new Y.Doc();
	const checker = new WebsocketProvider(base, room, check, { WebSocketPolyfill: WebSocket as never, params: params[1]!, disableBc: true });
	const length = writer.getText('load').length;
	while (check.getText('load').length !== length) await sleep(50);
	checker.destroy();
	const result: ColdJoinResult = { target: target.name, documentBytes: update.length, cold: [], warm: [], warmFull: [] };
	let thin = 0;

	const unloaded = async () => {
		if (!('server' in target)) return false;
		const server = (target as ReturnType<typeof plumbline>).server();
		for (let i = 0; i < 100; i++) {
			const metrics = await (await fetch(`${server.url}/metrics`)).text();
			if (/^plumbline_rooms 0$/m.test(metrics)) return true;
			await sleep(50);
		}
		throw new Error('room did not unload');
	};
	// Warm: the writer stays connected, so the document is in memory.
	for (let i = 0; i < joins; i++) result.warm.push(await timeThinJoin(access.thin[thin++]!));
	for (let i = 0; i < joins; i++) result.warmFull.push(await timeJoin(base, room, params[2 + i]!));
	// Cold (Plumbline only: the reference server keeps nothing once everyone has left).
	provider.destroy();
	writer.destroy();
	if (await unloaded()) {
		for (let i = 0; i < joins; i++) {
			result.cold.push(await timeThinJoin(access.thin[thin++]!));
			await unloaded();
		}
	}
	await target.stop();
	return result;
}

export interface ManyRoomsResult {
	target: string;
	rooms: number;
	baselineRssMb: number;
	loadedRssMb: number;
	perRoomKb: number;
	/** After everyone left: rooms still in memory (Plumbline's /metrics), and how long unloading took. */
	roomsLeft: number | null;
	unloadMs: number | null;
	rssAfterMb: number;
	errors: string[];
}

/** Many small rooms: `perRoom - 1` idle participants and one typist in each. */
export async function manyRooms(target: Target & { rooms?: (count: number, perRoom: number) => Promise<string[][]> }, roomCount: number, perRoom: number, typingSeconds = 10): Promise<ManyRoomsResult> {
	await target.start();
	const pid = target.pid();
	await sleep(1000);
	const baselineRssMb = memory(pid).rss;
	const errors: string[] = [];
	const rooms: string[][] = [];
	for (let i = 0; i < roomCount; i++) rooms.push((await target.room(perRoom, 0)).thin);
	const specs = rooms.flatMap((urls) => urls.map((url, i) => ({ url, edits: i === 0 ? 2 : 0, cursors: i === 0 ? 1 : 0 })));
	const epoch = nowMs(0) as number;
	let synced = 0;
	const workers: Worker[] = [];
	const done = new Promise<void>((resolve) => {
		const per = Math.ceil(specs.length / 2);
		for (let w = 0; w < 2; w++) {
			workers.push(
				startWorker('thin-clients.mjs', { clients: specs.slice(w * per, (w + 1) * per), epoch, senderBase: w * per + 1 }, (m) => {
					if (m.type === 'synced' && ++synced === specs.length) resolve();
					else if (m.type === 'error' && errors.length < 20) errors.push(String(m.message));
				})
			);
		}
	});
	await Promise.race([done, sleep(180_000)]);
	for (const w of workers) w.send({ type: 'start' });
	await sleep(typingSeconds * 1000);
	const loadedRssMb = memory(pid).rss;
	for (const w of workers) w.send({ type: 'exit' });
	await Promise.all(workers.map((w) => new Promise((resolve) => w.child.once('exit', resolve))));
	let roomsLeft: number | null = null;
	let unloadMs: number | null = null;
	if ('server' in target) {
		const server = (target as ReturnType<typeof plumbline>).server();
		const started = performance.now();
		for (let i = 0; i < 200; i++) {
			roomsLeft = Number(/^plumbline_rooms (\d+)$/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
			if (roomsLeft === 0) break;
			await sleep(50);
		}
		unloadMs = performance.now() - started;
	}
	await sleep(500);
	const rssAfterMb = memory(pid).rss;
	await target.stop();
	return { target: target.name, rooms: roomCount, baselineRssMb, loadedRssMb, perRoomKb: ((loadedRssMb - baselineRssMb) * 1024) / roomCount, roomsLeft, unloadMs, rssAfterMb, errors };
}
