/**
 * The sync load benchmark: the same room load against Plumbline's server (real
 * authentication, SQLite persistence) and against the y-websocket reference
 * server, one after the other, server pinned to core 0 and the generator to core 1.
 *
 * The generator is thin protocol clients spread over worker processes
 * (thin-clients.mjs) plus a few full Yjs replicas in a process of their own
 * (replicas.mjs) that check, at the end, that every edit arrived and all converged.
 * The targets are in targets.ts, the processes in processes.ts, cold join and many rooms
 * in coldJoin.ts.
 */
import { Histogram, nowMs } from './marker.mjs';
import { perLaptop } from './traffic.mjs';
import { cpuTimes, memory, sleep, spawned, startWorker, type Worker } from './processes.js';
import type { Target } from './targets.js';

// The bench files import the harness from here.
export { SERVER_CPU, GENERATOR_CPU, cpuTime } from './processes.js';
export { joinMany, joinPeople, plumbline, plumblineCluster, reference, type ReplicaAccess, type RoomAccess, type SharedServices, type Target } from './targets.js';
export { bigDocument, coldJoin, manyRooms, timeJoin, timeThinJoin, type ColdJoinResult, type ManyRoomsResult } from './coldJoin.js';

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
	/** Why its thin clients open no second socket (`control`, as browsers do), when they open none. */
	noControl?: string;
}


// ---------------------------------------------------------------- one load run

export interface LoadResult {
	target: string;
	scenario: Scenario;
	latency: { p50: number; p95: number; p99: number; max: number; samples: number };
	/** From the first connect to the last client synced. */
	allSyncedMs: number;
	/** Sum over the server processes, in % of one core. */
	serverCpuPercent: number;
	/** The part of it spent in the kernel (socket reads and writes, mostly). */
	serverKernelPercent: number;
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

/** PLUMBLINE_BENCH_WARMUP_S: seconds of load before the measured window. */
function warmUpMs(): number {
	return Number(process.env.PLUMBLINE_BENCH_WARMUP_S ?? 1.5) * 1000;
}

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
						control: scenario.noControl ? undefined : access.control?.[w * per + i],
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
	await sleep(warmUpMs());
	const pids = target.pids?.() ?? [target.pid()];
	const cpuOf = () => pids.map(cpuTimes);
	const cpuBefore = cpuOf();
	const wallBefore = performance.now();
	for (const w of workers) w.send({ type: 'measure' });
	await sleep(scenario.seconds * 1000);
	const stopped = workers.map((w) => w.next('stopped'));
	for (const w of workers) w.send({ type: 'stop' });
	const generator = await Promise.all(stopped);
	const wall = performance.now() - wallBefore;
	const cpuAfter = cpuOf();
	const percentOf = (part: 'user' | 'kernel', i: number) => ((cpuAfter[i]![part] - cpuBefore[i]![part]) / wall) * 100;
	const perProcessCpu = pids.map((_, i) => percentOf('user', i) + percentOf('kernel', i));
	const serverCpuPercent = perProcessCpu.reduce((sum, cpu) => sum + cpu, 0);
	const serverKernelPercent = pids.reduce((sum, _, i) => sum + percentOf('kernel', i), 0);

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
		serverKernelPercent,
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
