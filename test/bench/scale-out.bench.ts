/**
 * `npm run bench` (PLUMBLINE_BENCH_ONLY=scale-out for this one alone): the same room
 * load on one instance and spread over two, both on PostgreSQL + Redis started by
 * the benchmark, plus one instance on SQLite for reference. Every instance is pinned
 * to the server core, so two instances share the budget of one: the figures show
 * what the fan-out costs and how the work divides, not extra hardware.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { cpuTime, plumbline, plumblineCluster, runLoad, type LoadResult, type Scenario } from './load/run.js';
import { startPostgres, startRedis, type Postgres, type RedisServer } from '../support/services.js';

const SCENARIOS: Scenario[] = [
	{ name: 'department', participants: 100, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 8, workers: 2 },
	{ name: 'kick-off', participants: 300, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 10, workers: 2 }
];

const enabled = !process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.split(',').includes('scale-out');
let postgres: Postgres;
let redis: RedisServer;
let databases = 0;

beforeAll(async () => {
	if (!enabled) return;
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);

afterAll(async () => {
	await Promise.allSettled([redis?.stop(), postgres?.destroy()]);
});

function row(label: string, r: LoadResult, redisCpu: number | null): string {
	const l = r.latency;
	const split = r.perProcessCpu.length > 1 ? ` (${r.perProcessCpu.map((c) => `${c.toFixed(1)}%`).join(' + ')})` : '';
	return [
		`  ${label.padEnd(22)} p50 ${l.p50.toFixed(2)} · p95 ${l.p95.toFixed(2)} · p99 ${l.p99.toFixed(2)} · max ${l.max.toFixed(1)} ms (${l.samples} deliveries)`,
		`  ${''.padEnd(22)} server CPU ${r.serverCpuPercent.toFixed(1)}% of a core${split}${redisCpu === null ? '' : ` · Redis ${redisCpu.toFixed(1)}%`} · peak RSS ${r.serverPeakRssMb.toFixed(0)} MB · all synced in ${r.allSyncedMs.toFixed(0)} ms`,
		`  ${''.padEnd(22)} lost ${r.lost} · replicas ${r.converged ? 'converged' : 'DIVERGED'}, ${r.replicaMissing} missing · generator ${r.generator.cpuPercent.toFixed(0)}%${r.generator.saturated ? ' SATURATED' : ''}${r.errors.length ? ` · errors: ${r.errors.slice(0, 2).join('; ')}` : ''}`
	].join('\n');
}

for (const scenario of SCENARIOS) {
	it.runIf(enabled)(
		`scale-out: ${scenario.name}, ${scenario.participants} in one room on one instance and on two`,
		async () => {
			const services = { databaseUrl: () => postgres.createDatabase(`bench_${++databases}`), redisUrl: redis.url };
			const withRedisCpu = async (run: () => Promise<LoadResult>): Promise<[LoadResult, number]> => {
				const pid = redis.pid();
				const before = cpuTime(pid);
				const started = performance.now();
				const result = await run();
				// Over the whole run (connect, warm-up, window, drain), not only the measured window.
				return [result, ((cpuTime(pid) - before) / (performance.now() - started)) * 100];
			};
			const sqlite = await runLoad(plumbline(), scenario);
			const [one, oneRedis] = await withRedisCpu(() => runLoad(plumblineCluster(1, services), scenario));
			const [two, twoRedis] = await withRedisCpu(() => runLoad(plumblineCluster(2, services), scenario));
			console.log(
				[
					'',
					`scale-out — ${scenario.name}: ${scenario.participants} in one room, ${scenario.editsPerSecond} edits/s and ${scenario.cursorsPerSecond} cursor moves/s each, ${scenario.seconds} s measured; instances share core 0`,
					row('1 instance, SQLite', sqlite, null),
					row('1 instance, pg+redis', one, oneRedis),
					row('2 instances, pg+redis', two, twoRedis),
					`  two against one (pg+redis): p99 ${(two.latency.p99 / one.latency.p99).toFixed(2)}× · CPU in all ${(two.serverCpuPercent / one.serverCpuPercent).toFixed(2)}× · busiest instance ${(Math.max(...two.perProcessCpu) / one.serverCpuPercent).toFixed(2)}× of the single one`,
					''
				].join('\n')
			);
		},
		900_000
	);
}
