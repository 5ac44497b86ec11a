/**
 * Issue 23's table: the sync load scenarios, their targets, and the report that prints each
 * figure beside its target ("met" / "NOT met"), Plumbline and the reference in the same run.
 */
import type { LoadResult, Scenario } from './run.js';

export interface Targets {
	/** p99 propagation latency, ms. */
	p99?: number;
	/** p99 no higher than the reference server's in the same run. */
	p99AtMostReference?: boolean;
	/** Server CPU at most this multiple of the reference's. */
	cpuOfReference?: number;
	/** Server CPU, % of one core (summed over instances). */
	cpuPercent?: number;
	/** Presence received per laptop, kB/s. */
	presenceKBps?: number;
	/** Everything received per laptop, kB/s. */
	totalKBps?: number;
	/** No laptop receives its own edits back. */
	noOwnEcho?: boolean;
	/** Every edit reached every thin client (and every replica). */
	nothingLost?: boolean;
	converged?: boolean;
}

export interface TableScenario extends Scenario {
	target: Targets;
	/** Plumbline instances on PostgreSQL + Redis; absent: one instance on SQLite. */
	instances?: number;
	/** Why there is no reference run, when there is none. */
	noReference?: string;
}

export const SCENARIOS: TableScenario[] = [
	{ name: 'workshop', participants: 20, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 8, workers: 1, target: { p99: 3, p99AtMostReference: true, cpuOfReference: 1 } },
	{ name: 'department', participants: 100, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 8, workers: 2, target: { p99AtMostReference: true, cpuOfReference: 0.75 } },
	{ name: 'kick-off', participants: 300, editsPerSecond: 2, cursorsPerSecond: 1, seconds: 10, workers: 2, target: { presenceKBps: 5, noOwnEcho: true, p99: 20, cpuPercent: 30 } },
	{ name: 'crowd', participants: 1000, editsPerSecond: 0.2, cursorsPerSecond: 1, seconds: 10, workers: 2, target: { totalKBps: 20, presenceKBps: 5, p99: 100, nothingLost: true } },
	{
		name: 'venue',
		participants: 3000,
		editsPerSecond: 0.1,
		cursorsPerSecond: 0.5,
		seconds: 10,
		workers: 6,
		instances: 2,
		connectPerSecond: 200,
		target: { p99: 250, nothingLost: true, converged: true },
		noReference: 'the reference server already loses edits at 1,000 (see crowd); at 3,000 it would only measure its collapse',
		noControl: 'on one core each side, 6,000 sockets kept 150 of 3,000 from syncing (connections reset): measured as before, content only'
	}
];

/** The scenarios PLUMBLINE_BENCH_ONLY selects (all when unset). */
export function selected(only = process.env.PLUMBLINE_BENCH_ONLY): TableScenario[] {
	return SCENARIOS.filter((s) => !only || only.split(',').includes(s.name));
}

/** A 720p video stream, Mbit/s: what "less than a video stream per laptop" compares with. */
export const VIDEO_720P_MBITPS = { low: 1.5, high: 3 };

export interface Verdict {
	target: string;
	figure: string;
	met: boolean;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const kB = (value: number) => `${value.toFixed(1)} kB/s`;
const mbit = (kBps: number) => (kBps * 1024 * 8) / 1e6;

/** Each target of the scenario against Plumbline's figures (and the reference's, same run). */
export function verdicts(target: Targets, ours: LoadResult, theirs: LoadResult | null): Verdict[] {
	const list: Verdict[] = [];
	const t = ours.traffic;
	if (target.p99 !== undefined) list.push({ target: `p99 ≤ ${target.p99} ms`, figure: ms(ours.latency.p99), met: ours.latency.p99 <= target.p99 });
	const noReference = (what: string) => list.push({ target: what, figure: 'no reference figure in this run', met: false });
	if (target.p99AtMostReference && !theirs) noReference('p99 ≤ the reference’s');
	if (target.cpuOfReference !== undefined && !theirs) noReference('CPU against the reference’s');
	if (target.p99AtMostReference && theirs)
		list.push({ target: 'p99 ≤ the reference’s', figure: `${ms(ours.latency.p99)} against ${ms(theirs.latency.p99)}`, met: ours.latency.p99 <= theirs.latency.p99 });
	if (target.cpuOfReference !== undefined && theirs) {
		const ratio = ours.serverCpuPercent / theirs.serverCpuPercent;
		list.push({
			target: `CPU ≤ ${target.cpuOfReference === 1 ? '' : `${target.cpuOfReference} × `}the reference’s`,
			figure: `${ours.serverCpuPercent.toFixed(1)}% against ${theirs.serverCpuPercent.toFixed(1)}% (${ratio.toFixed(2)}×)`,
			met: ratio <= target.cpuOfReference
		});
	}
	if (target.cpuPercent !== undefined) list.push({ target: `server ≤ ${target.cpuPercent}% of a core`, figure: `${ours.serverCpuPercent.toFixed(1)}%`, met: ours.serverCpuPercent <= target.cpuPercent });
	if (target.presenceKBps !== undefined) list.push({ target: `presence per laptop ≤ ${target.presenceKBps} kB/s`, figure: kB(t.presenceKBps), met: t.presenceKBps <= target.presenceKBps });
	if (target.totalKBps !== undefined) list.push({ target: `received per laptop ≤ ${target.totalKBps} kB/s`, figure: kB(t.totalKBps), met: t.totalKBps <= target.totalKBps });
	if (target.noOwnEcho) list.push({ target: 'no own edits back', figure: `${t.ownEchoes} echoes, ${kB(t.ownEchoKBps)} per laptop`, met: t.ownEchoes === 0 });
	if (target.nothingLost)
		list.push({ target: 'nothing lost', figure: `${ours.lost} lost, ${ours.replicaMissing} missing in replicas`, met: ours.lost === 0 && ours.replicaMissing === 0 });
	if (target.converged) list.push({ target: 'converged', figure: ours.converged ? 'converged' : 'DIVERGED', met: ours.converged });
	return list;
}

/** The latency, CPU and traffic of one run, as the bench prints it. */
export function row(r: LoadResult): string {
	const l = r.latency;
	const t = r.traffic;
	const pad = ''.padEnd(14);
	return [
		`  ${r.target.padEnd(11)} p50 ${l.p50.toFixed(2)} · p95 ${l.p95.toFixed(2)} · p99 ${l.p99.toFixed(2)} · max ${l.max.toFixed(1)} ms (${l.samples} deliveries)`,
		`${pad}all ${r.scenario.participants} synced in ${r.allSyncedMs.toFixed(0)} ms · server CPU ${r.serverCpuPercent.toFixed(1)}% of a core (${r.serverKernelPercent.toFixed(1)} in the kernel)${r.perProcessCpu.length > 1 ? ` (${r.perProcessCpu.map((c) => `${c.toFixed(1)}%`).join(' + ')})` : ''} · peak RSS ${r.serverPeakRssMb.toFixed(0)} MB`,
		`${pad}per laptop ${kB(t.totalKBps)} received (${kB(t.wireKBps)} on the wire), ${t.messagesPerSecond.toFixed(1)} msg/s: document ${kB(t.documentKBps)} (${t.documentMessagesPerSecond.toFixed(1)} msg/s) · presence ${kB(t.presenceKBps)} (${t.presenceMessagesPerSecond.toFixed(1)} msg/s, ${t.presenceEntriesPerSecond.toFixed(0)} entries/s, ${t.compact ? 'compact' : 'awareness'}) · control ${kB(t.controlKBps)} (${t.controlMessagesPerSecond.toFixed(1)} msg/s) · other ${kB(t.otherKBps)}`,
		`${pad}own edits back ${t.ownEchoes} (${kB(t.ownEchoKBps)} per laptop) · busiest laptop ${kB(t.busiestLaptopKBps)}, presence ${kB(t.busiestLaptopPresenceKBps)}${t.malformed ? ` · ${t.malformed} presence messages UNREADABLE` : ''}`,
		`${pad}server egress ${t.egressMBps.toFixed(2)} MB/s (${t.egressMbitps.toFixed(1)} Mbit/s) to ${r.scenario.participants} laptops`,
		`${pad}lost ${r.lost} · replicas ${r.converged ? 'converged' : 'DIVERGED'}, ${r.replicaMissing} missing`,
		`${pad}generator ${r.generator.cpuPercent.toFixed(0)}% CPU, loop p99 ${r.generator.loopP99Ms.toFixed(1)} ms${r.generator.saturated ? ' — SATURATED: figures measure the generator' : ''}${r.errors.length ? ` · errors: ${r.errors.slice(0, 3).join('; ')}` : ''}`
	].join('\n');
}

/** A run that could not be measured (not all synced in time, a server gone): every target unmet, and why. */
export function failure(scenario: TableScenario, target: string, error: unknown): string {
	const why = error instanceof Error ? error.message : String(error);
	return ['', `${scenario.name} — ${scenario.participants} people: ${target} could NOT be measured: ${why}`, `  targets     all NOT met (${Object.keys(scenario.target).join(', ')})`, ''].join('\n');
}

/** The whole report of one scenario: both runs, the ratios, and every target with its figure. */
export function report(scenario: TableScenario, ours: LoadResult, theirs: LoadResult | null): string {
	const where = scenario.instances ? `across ${scenario.instances} instances on PostgreSQL + Redis` : 'in one room';
	const lines = ['', `${scenario.name} — ${scenario.participants} ${where}, ${scenario.editsPerSecond} edits/s and ${scenario.cursorsPerSecond} cursor moves/s each, ${scenario.seconds} s measured`, row(ours)];
	if (theirs) {
		lines.push(row(theirs));
		const bytes = ours.traffic.totalKBps / theirs.traffic.totalKBps;
		lines.push(
			`  ratio       p99 ${(ours.latency.p99 / theirs.latency.p99).toFixed(2)}× · CPU ${(ours.serverCpuPercent / theirs.serverCpuPercent).toFixed(2)}× · bytes per laptop ${bytes.toFixed(2)}× (Plumbline / reference)`
		);
	} else lines.push(`  y-websocket not run: ${scenario.noReference ?? 'no reference pair'}`);
	if (scenario.noControl) lines.push(`  control     not opened: ${scenario.noControl}`);
	const saturated = ours.generator.saturated ? ' (generator SATURATED: the figure measures the generator too)' : '';
	verdicts(scenario.target, ours, theirs).forEach((v, i) => lines.push(`  ${i === 0 ? 'targets    ' : '           '} ${v.target}: ${v.figure} — ${v.met ? 'met' : 'NOT met'}${saturated}`));
	const perLaptopMbit = mbit(ours.traffic.totalKBps);
	lines.push(
		`  video       ${perLaptopMbit.toFixed(2)} Mbit/s per laptop against a 720p video stream’s ${VIDEO_720P_MBITPS.low}–${VIDEO_720P_MBITPS.high} Mbit/s: ${perLaptopMbit < VIDEO_720P_MBITPS.low ? 'less' : 'NOT less'}`,
		''
	);
	return lines.join('\n');
}
