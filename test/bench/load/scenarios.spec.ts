import { describe, expect, it } from 'vitest';
import { SCENARIOS, report, selected, verdicts } from './scenarios.js';
import type { LoadResult } from './run.js';

function result(p99: number, cpu: number, traffic: Partial<LoadResult['traffic']> = {}): LoadResult {
	return {
		target: 'plumbline',
		scenario: SCENARIOS[0]!,
		latency: { p50: 1, p95: 2, p99, max: p99 + 1, samples: 10 },
		allSyncedMs: 100,
		serverCpuPercent: cpu,
		serverKernelPercent: 0,
		perProcessCpu: [cpu],
		serverPeakRssMb: 100,
		perClient: { messagesPerSecond: 1, kilobytesPerSecond: 1 },
		traffic: {
			documentKBps: 1,
			presenceKBps: 1,
			otherKBps: 0,
			controlKBps: 0,
			controlMessagesPerSecond: 0,
			totalKBps: 2,
			wireKBps: 2,
			ownEchoKBps: 0,
			ownEchoes: 0,
			messagesPerSecond: 1,
			documentMessagesPerSecond: 1,
			presenceMessagesPerSecond: 1,
			presenceEntriesPerSecond: 1,
			pointersPerSecond: 1,
			compact: true,
			busiestLaptopKBps: 2,
			busiestLaptopPresenceKBps: 1,
			egressMBps: 0.1,
			egressMbitps: 0.8,
			malformed: 0,
			...traffic
		},
		lost: 0,
		leaked: 0,
		converged: true,
		replicaMissing: 0,
		generator: { cpuPercent: 10, loopP99Ms: 5, saturated: false },
		errors: []
	};
}

describe('the scenario table', () => {
	it('keeps the names PLUMBLINE_BENCH_ONLY selects by, and adds the venue of 3,000 on two instances', () => {
		expect(SCENARIOS.map((s) => s.name)).toEqual(['workshop', 'department', 'kick-off', 'crowd', 'venue']);
		expect(selected('crowd,venue').map((s) => s.participants)).toEqual([1000, 3000]);
		expect(selected('venue')[0]).toMatchObject({ instances: 2, editsPerSecond: 0.1, cursorsPerSecond: 0.5 });
	});

	it('puts each figure beside its target', () => {
		const workshop = SCENARIOS[0]!.target;
		const met = verdicts(workshop, result(2.5, 4), result(3, 5));
		expect(met.map((v) => v.met)).toEqual([true, true, true]);
		expect(verdicts(workshop, result(2.5, 6), result(2, 5)).map((v) => v.met)).toEqual([true, false, false]);
		// Without a reference figure a relative target is not met, never silently dropped.
		expect(verdicts(workshop, result(2.5, 4), null).filter((v) => !v.met)).toHaveLength(2);
	});

	it('judges bytes per laptop and own echoes', () => {
		const kickOff = SCENARIOS[2]!.target;
		const verdict = verdicts(kickOff, result(10, 20, { presenceKBps: 6, ownEchoes: 3, ownEchoKBps: 0.2 }), null);
		expect(verdict.find((v) => v.target.startsWith('presence'))?.met).toBe(false);
		expect(verdict.find((v) => v.target === 'no own edits back')?.met).toBe(false);
		expect(report(SCENARIOS[2]!, result(10, 20), null)).toContain('per laptop 2.0 kB/s received');
	});
});
