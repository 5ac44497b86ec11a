/**
 * `npm run bench`: one room under load, Plumbline's server against the y-websocket
 * reference server in the same run. See BENCHMARKS.md for the figures and targets.
 */
import { it } from 'vitest';
import { bigDocument, coldJoin, manyRooms, plumbline, reference, runLoad, type ColdJoinResult, type LoadResult, type ManyRoomsResult, type Scenario } from './load/run.js';

const SCENARIOS: (Scenario & { target: { p99: number; cpu?: number } })[] = [
	{ name: 'workshop', participants: 20, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 8, workers: 1, target: { p99: 3 } },
	{ name: 'department', participants: 100, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 8, workers: 2, target: { p99: 5, cpu: 0.5 } },
	{ name: 'kick-off', participants: 300, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 10, workers: 2, target: { p99: 50 } },
	{ name: 'crowd', participants: 1000, editsPerSecond: 0.2, cursorsPerSecond: 0.5, seconds: 10, workers: 2, target: { p99: 250 } }
].filter((s) => !process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.split(',').includes(s.name));

function row(r: LoadResult): string {
	const l = r.latency;
	return [
		`  ${r.target.padEnd(11)} p50 ${l.p50.toFixed(2)} · p95 ${l.p95.toFixed(2)} · p99 ${l.p99.toFixed(2)} · max ${l.max.toFixed(1)} ms (${l.samples} deliveries)`,
		`              all ${r.scenario.participants} synced in ${r.allSyncedMs.toFixed(0)} ms · server CPU ${r.serverCpuPercent.toFixed(1)}% of a core · peak RSS ${r.serverPeakRssMb.toFixed(0)} MB`,
		`              per client ${r.perClient.messagesPerSecond.toFixed(1)} msg/s, ${r.perClient.kilobytesPerSecond.toFixed(1)} kB/s received · lost ${r.lost} · replicas ${r.converged ? 'converged' : 'DIVERGED'}, ${r.replicaMissing} missing`,
		`              generator ${r.generator.cpuPercent.toFixed(0)}% CPU, loop p99 ${r.generator.loopP99Ms.toFixed(1)} ms${r.generator.saturated ? ' — SATURATED: figures measure the generator' : ''}${r.errors.length ? ` · errors: ${r.errors.slice(0, 3).join('; ')}` : ''}`
	].join('\n');
}

for (const scenario of SCENARIOS) {
	it(`sync load: ${scenario.name}, ${scenario.participants} participants`, async () => {
		const ours = await runLoad(plumbline(), scenario);
		const theirs = await runLoad(reference(), scenario);
		console.log(
			[
				'',
				`${scenario.name} — ${scenario.participants} in one room, ${scenario.editsPerSecond} edits/s and ${scenario.cursorsPerSecond} cursor moves/s each, ${scenario.seconds} s measured`,
				row(ours),
				row(theirs),
				`  ratio       p99 ${(ours.latency.p99 / theirs.latency.p99).toFixed(2)}× · CPU ${(ours.serverCpuPercent / theirs.serverCpuPercent).toFixed(2)}× (Plumbline / reference)`,
				`  target      p99 ≤ ${scenario.target.p99} ms: ${ours.latency.p99 <= scenario.target.p99 ? 'met' : 'NOT met'}${ours.lost === 0 ? ', nothing lost' : `, ${ours.lost} LOST`}`,
				''
			].join('\n')
		);
	}, 600_000);
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
