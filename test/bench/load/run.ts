/**
 * The sync load benchmark: the same room load against Plumbline's server (real
 * authentication, SQLite persistence) and against the y-websocket reference
 * server, one after the other, server pinned to core 0 and the generator to core 1.
 *
 * The generator is thin protocol clients spread over worker processes
 * (thin-clients.mjs) plus a few full Yjs replicas in a process of their own
 * (replicas.mjs) that check, at the end, that every edit arrived and all converged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { CreateWorkshopResponse, JoinResponse } from '../../../src/lib/api.js';
import { startServer, type RunningServer } from '../../support/server.js';
import { api, createWorkshop } from '../../support/clients.js';
import { Histogram, nowMs } from './marker.mjs';
import { perLaptop } from './traffic.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const TASKSET = fs.existsSync('/usr/bin/taskset') ? '/usr/bin/taskset' : null;
export const SERVER_CPU = 0;
export const GENERATOR_CPU = 1;

export interface Scenario {
	name: string;
	participants: number;
	editsPerSecond: number;
	cursorsPerSecond: number;
	/** Measured window, after a warm-up. */
	seconds: number;
	workers: number;
	/** People arriving per second (all at once when absent): a venue's crowd does not join in one instant. */
	connectPerSecond?: number;
}

export interface ReplicaAccess {
	base: string;
	room: string;
	params: Record<string, string>[];
}

export interface RoomAccess {
	/** One WebSocket URL per thin client. */
	thin: string[];
	replicas: ReplicaAccess;
	/**
	 * Breakout groups: each group is a document of its own. `thin[i]` is in group `of[i]`;
	 * `replicas[g]` watch group g. Edits are expected only within a group.
	 */
	groups?: { of: number[]; replicas: ReplicaAccess[] };
}

export interface Target {
	name: string;
	/** Its thin clients ask for compact presence (`presence=compact`): Plumbline, not the reference. */
	compact?: boolean;
	/** The server process (the first one, when there are several). */
	pid(): number;
	/** Every server process: CPU and memory are their sums. */
	pids?(): number[];
	start(): Promise<void>;
	/** A room with `count` thin clients and `replicas` full replicas allowed in. */
	room(count: number, replicas: number): Promise<RoomAccess>;
	stop(): Promise<void>;
}

// ---------------------------------------------------------------- targets

const PLUMBLINE_ENV = {
	// A crowd of 1,000 in one room, all from 127.0.0.1: raise the per-room and per-address ceilings.
	PLUMBLINE_MAX_PARTICIPANTS: '5000',
	PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '100000',
	PLUMBLINE_LOG_LEVEL: 'warn',
	// PLUMBLINE_BENCH_SERVER_ENV='{"PLUMBLINE_FLUSH_MS":"100"}': try a setting without a rebuild.
	...(JSON.parse(process.env.PLUMBLINE_BENCH_SERVER_ENV ?? '{}') as Record<string, string>)
};

export function plumbline(): Target & { server(): RunningServer } {
	let server: RunningServer;
	return {
		name: 'plumbline',
		compact: true,
		pid: () => server.process.pid!,
		server: () => server,
		async start() {
			// PLUMBLINE_BENCH_PROFILE=dir writes a CPU profile of the server per run (node --cpu-prof).
			server = await startServer({ cpu: SERVER_CPU, env: PLUMBLINE_ENV, nodeArgs: profileArgs('plumbline') });
		},
		async room(count, replicas) {
			const workshop = await createWorkshop(server, 'Load');
			const tokens = await joinMany(server, workshop, count + replicas);
			const base = `${server.wsUrl}/sync/${workshop.workshopId}`;
			return {
				thin: tokens.slice(0, count).map((token) => `${base}/content?token=${token}`),
				replicas: { base, room: 'content', params: tokens.slice(count).map((token) => ({ token })) }
			};
		},
		async stop() {
			await server.stop();
		}
	};
}

export interface SharedServices {
	databaseUrl(): Promise<string>;
	redisUrl: string;
}

/**
 * Plumbline as `instances` processes on one PostgreSQL and one Redis, every instance
 * pinned to the server core: the same CPU budget as one instance, so the figures show
 * what fan-out costs and how the work divides. Clients alternate between instances;
 * the replicas sit on the first.
 */
export function plumblineCluster(instances: number, services: SharedServices): Target {
	let servers: RunningServer[] = [];
	return {
		name: `${instances} × pg+redis`,
		compact: true,
		pid: () => servers[0]!.process.pid!,
		pids: () => servers.map((s) => s.process.pid!),
		async start() {
			const env = { ...PLUMBLINE_ENV, DATABASE_URL: await services.databaseUrl(), REDIS_URL: services.redisUrl, PLUMBLINE_SECRET: 'bench-secret-'.repeat(4) };
			const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer({ cpu: SERVER_CPU, env })));
			servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
			const failed = started.find((s) => s.status === 'rejected');
			if (failed) {
				// Leave no instance behind: the next run would measure it too.
				await Promise.all(servers.map((s) => s.stop()));
				throw failed.reason;
			}
		},
		async room(count, replicas) {
			const workshop = await createWorkshop(servers[0]!, 'Load');
			const tokens = await joinMany(servers[0]!, workshop, count + replicas);
			const base = (i: number) => `${servers[i % servers.length]!.wsUrl}/sync/${workshop.workshopId}`;
			return {
				thin: tokens.slice(0, count).map((token, i) => `${base(i)}/content?token=${token}`),
				replicas: { base: base(0), room: 'content', params: tokens.slice(count).map((token) => ({ token })) }
			};
		},
		async stop() {
			await Promise.all(servers.map((s) => s.stop()));
		}
	};
}

export async function joinMany(server: RunningServer, workshop: CreateWorkshopResponse, count: number): Promise<string[]> {
	return (await joinPeople(server, workshop, count)).map((person) => person.token);
}

/** `count` participants, alternately sales and marketing, joined 16 at a time. */
export async function joinPeople(server: RunningServer, workshop: CreateWorkshopResponse, count: number): Promise<JoinResponse[]> {
	const people: JoinResponse[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const { status, body } = await api<JoinResponse>(server, '/api/join', { code: workshop.joinCode, name: `P${i}`, team: i % 2 ? 'marketing' : 'sales' });
			if (status !== 200) throw new Error(`join ${i} failed: ${status} ${JSON.stringify(body)}`);
			people[i] = body;
		}
	};
	await Promise.all(Array.from({ length: 16 }, worker));
	return people;
}

export { cpuTime };

export function reference(): Target {
	let child: ChildProcess;
	let port = 0;
	let rooms = 0;
	return {
		name: 'y-websocket',
		pid: () => child.pid!,
		async start() {
			port = await freePort();
			child = spawnPinned(SERVER_CPU, [...profileArgs('reference'), path.join(here, 'reference-server.mjs'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
			await new Promise<void>((resolve, reject) => {
				child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && resolve());
				child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
			});
		},
		async room(count, replicas) {
			const room = `load-${++rooms}`;
			const base = `ws://127.0.0.1:${port}`;
			return { thin: Array.from({ length: count }, () => `${base}/${room}`), replicas: { base, room, params: Array.from({ length: replicas }, () => ({})) } };
		},
		async stop() {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		}
	};
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** PLUMBLINE_BENCH_PROFILE=dir: node flags writing a CPU profile of a server per run, named after it. */
function profileArgs(name: string): string[] {
	const dir = process.env.PLUMBLINE_BENCH_PROFILE;
	const interval = process.env.PLUMBLINE_BENCH_PROFILE_INTERVAL_US;
	return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])] : [];
}

function spawnPinned(cpu: number, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
	const [command, ...rest] = TASKSET ? [TASKSET, '-c', String(cpu), process.execPath, ...args] : [process.execPath, ...args];
	return spawn(command!, rest, { cwd: root, ...options });
}

// ---------------------------------------------------------------- process statistics

/** CPU time (ms) a process has used so far. */
function cpuTime(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function memory(pid: number): { rss: number; peak: number } {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------- generator processes

/** Generator processes alive now. */
const spawned: ChildProcess[] = [];

interface Worker {
	child: ChildProcess;
	next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
	send(message: Record<string, unknown>): void;
}

function startWorker(script: string, config: unknown, onMessage: (m: Record<string, unknown>) => void): Worker {
	const child = spawnPinned(GENERATOR_CPU, [path.join(here, script)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	spawned.push(child);
	child.once('exit', () => {
		const i = spawned.indexOf(child);
		if (i >= 0) spawned.splice(i, 1);
	});
	child.send({ type: 'config', config });
	const waiting = new Map<string, Array<(m: Record<string, unknown>) => void>>();
	// Messages nobody waited for yet: a later next() takes them (several can arrive in one turn).
	const unclaimed = new Map<string, Record<string, unknown>[]>();
	child.on('message', (message: Record<string, unknown>) => {
		const type = String(message.type);
		const queue = waiting.get(type);
		if (queue?.length) return queue.shift()!(message);
		onMessage(message);
		const kept = unclaimed.get(type) ?? [];
		if (kept.length < 10_000) kept.push(message);
		unclaimed.set(type, kept);
	});
	return {
		child,
		send: (message) => child.send(message),
		next(type, timeoutMs = 120_000) {
			const early = unclaimed.get(type)?.shift();
			if (early) return Promise.resolve(early);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`${script}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
				const list = waiting.get(type) ?? [];
				list.push((m) => {
					clearTimeout(timer);
					resolve(m);
				});
				waiting.set(type, list);
			});
		}
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- one load run

export interface LoadResult {
	target: string;
	scenario: Scenario;
	latency: { p50: number; p95: number; p99: number; max: number; samples: number };
	/** From the first connect to the last client synced. */
	allSyncedMs: number;
	/** Sum over the server processes, in % of one core. */
	serverCpuPercent: number;
	/** Each server process's share. */
	perProcessCpu: number[];
	serverPeakRssMb: number;
	perClient: { messagesPerSecond: number; kilobytesPerSecond: number };
	/** What each laptop received, by kind, and what left the server for all of them. */
	traffic: ReturnType<typeof perLaptop>;
	lost: number;
	/** Edits a thin client received from another room (another breakout group): must be 0. */
	leaked: number;
	converged: boolean;
	replicaMissing: number;
	generator: { cpuPercent: number; loopP99Ms: number; saturated: boolean };
	errors: string[];
}

const REPLICAS = 3;

/** No run may take longer than this (connecting, warm-up, window, drain, replica report). */
export const RUN_DEADLINE_MS = 420_000;

export async function runLoad(target: Target, scenario: Scenario, drainMs = 20_000, deadlineMs = RUN_DEADLINE_MS): Promise<LoadResult> {
	await target.start();
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const late = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${target.name}: ${scenario.name} did not finish within ${deadlineMs / 1000} s`)), deadlineMs);
		});
		return await Promise.race([measureLoad(target, scenario, drainMs), late]);
	} catch (error) {
		// Leave nothing running behind a failed run: the next one would measure it too.
		for (const child of spawned.splice(0)) child.kill('SIGKILL');
		await target.stop();
		throw error;
	} finally {
		clearTimeout(timer);
	}
}

async function measureLoad(target: Target, scenario: Scenario, drainMs: number): Promise<LoadResult> {
	const errors: string[] = [];
	const epoch = nowMs(0) as number;
	const access = await target.room(scenario.participants, REPLICAS);

	const replicaRooms = access.groups?.replicas ?? [access.replicas];
	const replicas = startWorker('replicas.mjs', { rooms: replicaRooms }, () => {});
	for (const room of replicaRooms) for (let i = 0; i < room.params.length; i++) await replicas.next('synced', 30_000);
	// Thin client `sender` is thin[sender - 1]; without groups everyone shares one room.
	const roomOf = (sender: number) => access.groups?.of[sender - 1] ?? 0;

	// Thin clients: connect all, spread over the workers, and wait until every one is synced.
	let workers: Worker[] = [];
	let syncedCount = 0;
	let lastSynced = 0;
	const connectStart = nowMs(epoch) as number;
	const allSynced = new Promise<void>((resolve) => {
		const onMessage = (m: Record<string, unknown>) => {
			if (m.type === 'synced') {
				syncedCount += 1;
				lastSynced = Math.max(lastSynced, Number(m.at));
				if (syncedCount === scenario.participants) resolve();
			} else if (m.type === 'error' && errors.length < 20) errors.push(String(m.message));
		};
		const per = Math.ceil(scenario.participants / scenario.workers);
		workers = Array.from({ length: scenario.workers }, (_, w) =>
			startWorker(
				'thin-clients.mjs',
				{
					clients: access.thin.slice(w * per, (w + 1) * per).map((url, i) => ({
						url,
						edits: scenario.editsPerSecond,
						cursors: scenario.cursorsPerSecond,
						compact: target.compact ?? false,
						// Interleaved over the workers, so each connects its share throughout the ramp.
						delayMs: scenario.connectPerSecond ? ((i * scenario.workers + w) / scenario.connectPerSecond) * 1000 : 0
					})),
					epoch,
					senderBase: w * per + 1
				},
				onMessage
			)
		);
	});
	const syncWithinMs = 120_000 + (scenario.connectPerSecond ? (scenario.participants / scenario.connectPerSecond) * 1000 : 0);
	await Promise.race([allSynced, sleep(syncWithinMs).then(() => Promise.reject(new Error(`only ${syncedCount} of ${scenario.participants} synced within ${(syncWithinMs / 1000).toFixed(0)} s${errors.length ? ` (${errors.length} errors, first: ${errors.slice(0, 3).join('; ')})` : ''}`)))]);
	const allSyncedMs = lastSynced - connectStart;

	// Send, warm up, measure a window.
	for (const w of workers) w.send({ type: 'start' });
	await sleep(1500);
	const pids = target.pids?.() ?? [target.pid()];
	const cpuOf = () => pids.map(cpuTime);
	const cpuBefore = cpuOf();
	const wallBefore = performance.now();
	for (const w of workers) w.send({ type: 'measure' });
	await sleep(scenario.seconds * 1000);
	const stopped = workers.map((w) => w.next('stopped'));
	for (const w of workers) w.send({ type: 'stop' });
	const generator = await Promise.all(stopped);
	const wall = performance.now() - wallBefore;
	const perProcessCpu = cpuOf().map((after, i) => ((after - cpuBefore[i]!) / wall) * 100);
	const serverCpuPercent = perProcessCpu.reduce((sum, cpu) => sum + cpu, 0);

	// Drain: wait until every receiver has every edit, or the deadline.
	let lost: number;
	let reports: Record<string, unknown>[];
	const drainUntil = performance.now() + drainMs;
	do {
		await sleep(500);
		reports = await Promise.all(
			workers.map((w) => {
				const next = w.next('report');
				w.send({ type: 'report' });
				return next;
			})
		);
		lost = countLost(reports, roomOf);
	} while (lost > 0 && performance.now() < drainUntil);

	const histogram = new Histogram();
	for (const r of reports) histogram.merge(Histogram.fromJSON(r.histogram as Parameters<typeof Histogram.fromJSON>[0]));
	const sent = new Map<number, number>(reports.flatMap((r) => r.sent as [number, number][]));

	// The full replicas: every edit exactly once in each, and all equal.
	const replicaReport = replicas.next('report', 60_000);
	replicas.send({ type: 'report' });
	const { replicas: states } = (await replicaReport) as { replicas: { room: number; stateVector: string; length: number; markers: [string, number][] }[] };
	let replicaMissing = 0;
	for (const state of states) {
		const markers = new Map(state.markers);
		for (const [sender, count] of sent) {
			if (roomOf(sender) !== state.room) continue;
			for (let seq = 1; seq <= count; seq++) if (markers.get(`${sender}:${seq}`) !== 1) replicaMissing += 1;
		}
	}
	const converged = states.every((s) => {
		const first = states.find((other) => other.room === s.room)!;
		return s.stateVector === first.stateVector && s.length === first.length;
	});

	const seconds = Number(generator[0]!.seconds);
	const traffic = perLaptop(
		generator.map((g) => g.traffic as Parameters<typeof perLaptop>[0][number]),
		scenario.participants,
		seconds
	);
	const cpuPercent = generator.reduce((sum, g) => sum + Number(g.cpuPercent), 0);
	const loopP99Ms = Math.max(...generator.map((g) => Number(g.loopP99)));
	const peak = pids.reduce((sum, pid) => sum + memory(pid).peak, 0);

	for (const w of workers) w.send({ type: 'exit' });
	replicas.send({ type: 'exit' });
	await Promise.all([...workers, replicas].map((w) => new Promise((resolve) => (w.child.exitCode === null ? w.child.once('exit', resolve) : resolve(null)))));
	await target.stop();

	return {
		target: target.name,
		scenario,
		latency: { p50: histogram.percentile(50), p95: histogram.percentile(95), p99: histogram.percentile(99), max: histogram.max, samples: histogram.count },
		allSyncedMs,
		serverCpuPercent,
		perProcessCpu,
		serverPeakRssMb: peak,
		perClient: { messagesPerSecond: traffic.messagesPerSecond, kilobytesPerSecond: traffic.totalKBps },
		traffic,
		lost,
		leaked: countLeaked(reports, roomOf),
		converged,
		replicaMissing,
		// One core for all workers: beyond ~85% of it, or with a lagging event loop, figures measure the generator.
		generator: { cpuPercent, loopP99Ms, saturated: cpuPercent > 85 || loopP99Ms > 50 },
		errors
	};
}

function countLeaked(reports: Record<string, unknown>[], roomOf: (sender: number) => number): number {
	let leaked = 0;
	for (const r of reports) {
		for (const [receiver, from] of r.received as [number, [number, number][]][]) {
			for (const [sender, count] of from) if (roomOf(sender) !== roomOf(receiver)) leaked += count;
		}
	}
	return leaked;
}

/** Edits some thin receiver has not (yet) received from some other sender in its room. */
function countLost(reports: Record<string, unknown>[], roomOf: (sender: number) => number): number {
	const sent = new Map<number, number>(reports.flatMap((r) => r.sent as [number, number][]));
	let lost = 0;
	for (const r of reports) {
		for (const [receiver, from] of r.received as [number, [number, number][]][]) {
			const got = new Map(from);
			for (const [sender, count] of sent) if (sender !== receiver && roomOf(sender) === roomOf(receiver)) lost += Math.max(0, count - (got.get(sender) ?? 0));
		}
	}
	return lost;
}

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
