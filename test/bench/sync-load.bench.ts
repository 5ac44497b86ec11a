/**
 * `npm run bench`: one room under load, Plumbline's server against the y-websocket
 * reference server in the same run. See BENCHMARKS.md for the figures and targets.
 */
import { it } from 'vitest';
import { plumbline, reference, runLoad, type LoadResult, type Scenario } from './load/run.js';

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
