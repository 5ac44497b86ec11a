/**
 * `npm run bench` (PLUMBLINE_BENCH_ONLY=scale-out for this one alone): the same room
 * load on one instance and spread over two, both on PostgreSQL + Redis started by
 * the benchmark, plus one instance on SQLite for reference. Every instance is pinned
 * to the server core, so two instances share the budget of one: the figures show
 * what the fan-out costs and how the work divides, not extra hardware.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JoinResponse } from '../../src/lib/api.js';
import { content, lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { cpuTime, joinMany, plumbline, plumblineCluster, runLoad, type LoadResult, type Scenario } from './load/run.js';
import { api, connect, createWorkshop, synced } from '../support/clients.js';
import { eventually, startServer, type RunningServer } from '../support/server.js';
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

/**
 * Intents of one workshop run one at a time; across instances under a PostgreSQL lock
 * (one turn per batch of waiting intents), after reading `control` back from storage.
 * 100 people cast a vote at the same moment, half through each instance: how long until
 * the last is answered.
 */
it.runIf(enabled)(
	'scale-out: 100 ballots cast at once, on one instance and across two',
	async () => {
		const burst = async (servers: RunningServer[]) => {
			const workshop = await createWorkshop(servers[0]!, 'Vote burst');
			const carla = (await api<JoinResponse>(servers[0]!, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
			const tokens = await joinMany(servers[0]!, workshop, 100);
			const writer = connect(servers[0]!, workshop.workshopId, 'content', carla.token);
			await synced(writer);
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
			lineFragment(writer.doc, 'headline').insert(0, [paragraph]);
			content.phrasings(writer.doc).add({ id: 'alt', authorId: carla.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
			const intent = (server: RunningServer, token: string, body: unknown) =>
				api<{ applied?: string }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${token}` });
			await eventually(async () => expect((await intent(servers[0]!, carla.token, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200));
			const control = connect(servers[0]!, workshop.workshopId, 'control', carla.token);
			const voteId = await eventually(() => readControl(control.doc).votes[0]!.id);
			const started = performance.now();
			const answered: number[] = [];
			await Promise.all(
				tokens.map(async (token, i) => {
					const { status } = await intent(servers[i % servers.length]!, token, { type: 'vote.cast', voteId, allocation: { [i % 2 ? 'alt' : 'current']: 1 } });
					if (status !== 200) throw new Error(`cast answered ${status}`);
					answered.push(performance.now() - started);
				})
			);
			await eventually(() => expect(readControl(control.doc).votes[0]?.voters).toBe(100), 10_000);
			writer.destroy();
			control.destroy();
			answered.sort((x, y) => x - y);
			return { median: answered[49]!, last: answered[99]! };
		};
		const run = async (instances: number, env: Record<string, string>) => {
			const servers = await Promise.all(Array.from({ length: instances }, () => startServer({ cpu: 0, env: { PLUMBLINE_LOG_LEVEL: 'warn', ...env } })));
			try {
				return await burst(servers);
			} finally {
				await Promise.all(servers.map((s) => s.stop()));
			}
		};
		const shared = async () => ({ DATABASE_URL: await postgres.createDatabase(`burst_${++databases}`), REDIS_URL: redis.url, PLUMBLINE_SECRET: 'bench-secret-'.repeat(4) });
		const sqlite = await run(1, {});
		const one = await run(1, await shared());
		const two = await run(2, await shared());
		const line = (label: string, r: { median: number; last: number }) => `  ${label.padEnd(22)} median answer ${r.median.toFixed(0)} ms · last of 100 ${r.last.toFixed(0)} ms`;
		console.log(
			[
				'',
				'scale-out — 100 ballots cast at the same moment in one workshop (each an HTTP intent; counted in `control`)',
				line('1 instance, SQLite', sqlite),
				line('1 instance, pg+redis', one),
				line('2 instances, pg+redis', two),
				''
			].join('\n')
		);
	},
	300_000
);
