/**
 * `npm run bench`: one room under load, Plumbline's server against the y-websocket
 * reference server in the same run. See BENCHMARKS.md for the figures and targets.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { bigDocument, coldJoin, manyRooms, plumbline, plumblineCluster, reference, runLoad, type ColdJoinResult, type ManyRoomsResult, type Target } from './load/run.js';
import { echoFloor } from './load/floor.js';
import { failure, report, selected, type TableScenario } from './load/scenarios.js';
import { MissingService, startPostgres, startRedis, type Postgres, type RedisServer } from '../support/services.js';

// Issue 23's table (test/bench/load/scenarios.ts); `venue` runs on two instances over PostgreSQL + Redis.
const SCENARIOS = selected();
let postgres: Postgres | undefined;
let redis: RedisServer | undefined;
let servicesMissing: string | null = null;

beforeAll(async () => {
	if (!SCENARIOS.some((s) => s.instances)) return;
	try {
		[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	} catch (error) {
		if (!(error instanceof MissingService)) throw error;
		servicesMissing = error.message;
	}
}, 60_000);

afterAll(async () => {
	await Promise.allSettled([redis?.stop(), postgres?.destroy()]);
});

let databases = 0;
function targetOf(scenario: TableScenario): Target {
	if (!scenario.instances) return plumbline();
	const services = { databaseUrl: () => postgres!.createDatabase(`load_${++databases}`), redisUrl: redis!.url };
	return plumblineCluster(scenario.instances, services);
}

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || /\b(workshop|floor)\b/.test(process.env.PLUMBLINE_BENCH_ONLY))(
	"sync load: this machine's floor",
	async () => {
		const echo = await echoFloor(400, 25);
		const q = (p: number) => echo[Math.min(echo.length - 1, Math.floor(p * echo.length))]!.toFixed(2);
		console.log(
			[
				'',
				`floor — a bare WebSocket echo between the server's core and the generator's, one 60-byte message every 25 ms (the workshop's pace)`,
				`  round trip p50 ${q(0.5)} · p95 ${q(0.95)} · p99 ${q(0.99)} · max ${echo.at(-1)!.toFixed(2)} ms (${echo.length} messages)`,
				`  what this machine adds on its own (waking idle cores, the other processes): an edit's way through a server is such a trip, and the`,
				`  workshop's latencies sit on it; it moves from run to run, so compare the two servers within one run`,
				''
			].join('\n')
		);
	},
	120_000
);

for (const scenario of SCENARIOS) {
	it(`sync load: ${scenario.name}, ${scenario.participants} participants`, async () => {
		if (scenario.instances && servicesMissing) {
			console.log(`\n${scenario.name} — SKIPPED: needs PostgreSQL and Redis. ${servicesMissing}\n`);
			return;
		}
		// A server that cannot hold the load is a figure too ("NOT met"), not a crash of the benchmark.
		const ours = await runLoad(targetOf(scenario), scenario).catch((error: unknown) => console.log(failure(scenario, 'plumbline', error)));
		// Without Plumbline's figures there is nothing to compare the reference's with: not run.
		// PLUMBLINE_BENCH_NO_REFERENCE=1: Plumbline alone, for quick comparisons between its own settings.
		const skipReference = scenario.noReference || process.env.PLUMBLINE_BENCH_NO_REFERENCE === '1';
		const theirs = skipReference || !ours ? null : await runLoad(reference(), scenario).catch((error: unknown) => console.log(failure(scenario, 'y-websocket', error)));
		if (ours) console.log(report(scenario, ours, theirs ?? null));
	}, 900_000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.includes('cold-join'))(
	'sync load: cold join of a 100,000-insert document',
	async () => {
		const update = bigDocument(100_000);
		const ours = await coldJoin(plumbline(), update);
		const theirs = await coldJoin(reference(), update);
		const line = (r: ColdJoinResult, kind: 'cold' | 'warm' | 'warmFull') =>
			r[kind].length ? `median ${median(r[kind]).toFixed(0)} ms, max ${Math.max(...r[kind]).toFixed(0)} ms (${r[kind].length} joins)` : 'n/a (keeps nothing in memory once everyone left)';
		console.log(
			[
				'',
				`cold join — a new participant joins a document of 100,000 single-character inserts at random positions (${(update.length / 1024 / 1024).toFixed(2)} MB as one update)`,
				`  until the server has sent it all (thin client, the server's share):`,
				`  plumbline   room not in memory (loaded from SQLite): ${line(ours, 'cold')}`,
				`              room in memory: ${line(ours, 'warm')}`,
				`  y-websocket room in memory: ${line(theirs, 'warm')}`,
				`  until a full Yjs client has applied it (y-websocket provider; applying 100,000 items is the client's own work):`,
				`  plumbline   ${line(ours, 'warmFull')}`,
				`  y-websocket ${line(theirs, 'warmFull')}`,
				`  target      ≤ 100 ms until synced: ${Math.max(median(ours.cold), median(ours.warm)) <= 100 ? 'met' : 'NOT met'} (medians)`,
				''
			].join('\n')
		);
	},
	600_000
);

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.includes('many-rooms'))(
	'sync load: many rooms',
	async () => {
		const rooms = Number(process.env.PLUMBLINE_BENCH_ROOMS ?? 500);
		const ours = await manyRooms(plumbline(), rooms, 5);
		const theirs = await manyRooms(reference(), rooms, 5);
		const line = (r: ManyRoomsResult) =>
			`RSS ${r.baselineRssMb.toFixed(0)} MB idle → ${r.loadedRssMb.toFixed(0)} MB with ${r.rooms} rooms: ${r.perRoomKb.toFixed(0)} kB per room` +
			(r.roomsLeft === null ? '' : ` · after everyone left: ${r.roomsLeft} rooms in memory after ${r.unloadMs!.toFixed(0)} ms, RSS ${r.rssAfterMb.toFixed(0)} MB`) +
			(r.errors.length ? ` · errors: ${r.errors.slice(0, 2).join('; ')}` : '');
		console.log(
			[
				'',
				`many rooms — ${rooms} rooms of 4 idle participants and one typist (2 edits/s, 1 cursor move/s), 10 s`,
				`  plumbline   ${line(ours)}`,
				`  y-websocket ${line(theirs)}`,
				`  target      ≤ 1 MB per loaded room: ${ours.perRoomKb <= 1024 ? 'met' : 'NOT met'}; empty rooms unloaded: ${ours.roomsLeft === 0 ? 'yes' : 'NO'}`,
				''
			].join('\n')
		);
	},
	900_000
);

