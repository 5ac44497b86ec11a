/**
 * `npm run bench`: a 300-person kick-off in 50 groups of 6 drafting at once (issue #20), each
 * group on its own document, beside the same 300 in one room. See BENCHMARKS.md.
 */
import { it } from 'vitest';
import { plumbline, runLoad, type LoadResult, type Scenario } from './load/run.js';
import { plumblineBreakout } from './load/breakout.js';

const SCENARIO: Scenario = { name: 'breakout', participants: 300, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 10, workers: 2 };
const GROUP_SIZE = 6;
const TARGET_P99_MS = 20;

const line = (label: string, r: LoadResult) =>
	`  ${label.padEnd(12)} p50 ${r.latency.p50.toFixed(2)} · p99 ${r.latency.p99.toFixed(2)} · max ${r.latency.max.toFixed(1)} ms (${r.latency.samples} deliveries) · server CPU ${r.serverCpuPercent.toFixed(1)}% of a core · peak RSS ${r.serverPeakRssMb.toFixed(0)} MB · lost ${r.lost} · replicas ${r.converged ? 'converged' : 'DIVERGED'}, ${r.replicaMissing} missing${r.generator.saturated ? ' — SATURATED generator' : ''}${r.errors.length ? ` · errors: ${r.errors.slice(0, 3).join('; ')}` : ''}`;

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.includes('breakout'))(
	`breakout: ${SCENARIO.participants} in groups of ${GROUP_SIZE}`,
	async () => {
		const groups = await runLoad(plumblineBreakout(GROUP_SIZE), SCENARIO);
		const room = await runLoad(plumbline(), SCENARIO);
		console.log(
			[
				'',
				`breakout — ${SCENARIO.participants} people in ${Math.round(SCENARIO.participants / GROUP_SIZE)} groups of ${GROUP_SIZE}, each group on its own document, ${SCENARIO.editsPerSecond} edits/s and ${SCENARIO.cursorsPerSecond} cursor moves/s each, ${SCENARIO.seconds} s measured`,
				line('in groups', groups),
				line('one room', room),
				`  target       per-group propagation p99 ≤ ${TARGET_P99_MS} ms: ${groups.latency.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}${groups.lost === 0 && groups.converged && groups.replicaMissing === 0 ? ', nothing lost, replicas converged' : ', LOSS or DIVERGENCE'}`,
				''
			].join('\n')
		);
	},
	600_000
);
