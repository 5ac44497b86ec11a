/**
 * `npm run bench`: a 300-person kick-off split into 50 breakout groups of 6, every group
 * drafting in its own document at once, beside the same 300 writing in one room.
 * See BENCHMARKS.md for the figures and the target.
 */
import { it } from 'vitest';
import { plumbline, runLoad, type LoadResult, type Scenario } from './load/run.js';
import { plumblineGroups } from './load/groups.js';

const SCENARIO: Scenario = { name: 'breakout', participants: 300, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 10, workers: 2 };
const GROUP_SIZE = 6;
const TARGET_P99_MS = 20;

function row(label: string, r: LoadResult): string {
	const l = r.latency;
	return [
		`  ${label.padEnd(12)} p50 ${l.p50.toFixed(2)} · p95 ${l.p95.toFixed(2)} · p99 ${l.p99.toFixed(2)} · max ${l.max.toFixed(1)} ms (${l.samples} deliveries)`,
		`  ${''.padEnd(12)} server CPU ${r.serverCpuPercent.toFixed(1)}% of a core · peak RSS ${r.serverPeakRssMb.toFixed(0)} MB · all synced in ${r.allSyncedMs.toFixed(0)} ms`,
		`  ${''.padEnd(12)} per client ${r.perClient.messagesPerSecond.toFixed(1)} msg/s, ${r.perClient.kilobytesPerSecond.toFixed(1)} kB/s received · lost ${r.lost} · from other groups ${r.leaked} · replicas ${r.converged ? 'converged' : 'DIVERGED'}, ${r.replicaMissing} missing`,
		`  ${''.padEnd(12)} generator ${r.generator.cpuPercent.toFixed(0)}% CPU, loop p99 ${r.generator.loopP99Ms.toFixed(1)} ms${r.generator.saturated ? ' — SATURATED: figures measure the generator' : ''}${r.errors.length ? ` · errors: ${r.errors.slice(0, 3).join('; ')}` : ''}`
	].join('\n');
}

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.split(',').includes('breakout'))(
	`breakout: ${SCENARIO.participants} in ${SCENARIO.participants / GROUP_SIZE} groups of ${GROUP_SIZE}, against one room`,
	async () => {
		const groups = await runLoad(plumblineGroups(GROUP_SIZE), SCENARIO);
		const oneRoom = await runLoad(plumbline(), SCENARIO);
		const intact = groups.lost === 0 && groups.leaked === 0 && groups.converged && groups.replicaMissing === 0;
		console.log(
			[
				'',
				`breakout — ${SCENARIO.participants} people, ${SCENARIO.editsPerSecond} edits/s and ${SCENARIO.cursorsPerSecond} cursor moves/s each, ${SCENARIO.seconds} s measured`,
				row(`${SCENARIO.participants / GROUP_SIZE} groups`, groups),
				row('one room', oneRoom),
				`  CPU         groups ${groups.serverCpuPercent.toFixed(1)}% against one room ${oneRoom.serverCpuPercent.toFixed(1)}% of a core (${(groups.serverCpuPercent / oneRoom.serverCpuPercent).toFixed(2)}×)`,
				`  target      per-group p99 ≤ ${TARGET_P99_MS} ms: ${groups.latency.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'} (${groups.latency.p99.toFixed(2)} ms); ${intact ? 'nothing lost, nothing crossed groups, every group converged' : 'INTEGRITY FAILED'}`,
				''
			].join('\n')
		);
	},
	600_000
);
