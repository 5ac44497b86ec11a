/**
 * The field view for a sales force of 500 logging over a quarter: 20,000
 * conversation logs on 8 claims, objections in 60 phrasings typed with the
 * usual variations (case, punctuation) and a tail of one-off ones. The issue's
 * target: the view in under 200 ms on the server. `npm run bench` only
 * (PLUMBLINE_BENCH_ONLY=field for this one alone).
 */
import { it } from 'vitest';
import { fieldView } from '../../src/lib/domain/fieldView.js';
import { fieldDigest } from '../../src/lib/domain/fieldDigest.js';
import { leadQuality } from '../../src/lib/domain/leadQuality.js';
import type { ClaimUse, ConversationLog, HandoffLog, Outcome } from '../../src/lib/domain/fieldLogs.js';

const LOGS = 20_000;
const PEOPLE = 500;
const TARGET_MS = 200;
const RUNS = 20;
const LAUNCH = '2026-01-05';
const DAY = 86_400_000;
const launch = Date.parse(`${LAUNCH}T00:00:00Z`);

/** A small seeded generator (mulberry32), so every run measures the same data. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const claims = Array.from({ length: 8 }, (_, i) => ({ id: `k${i}`, text: `Claim number ${i} of the signed proposition` }));
const phrasings = Array.from({ length: 60 }, (_, i) => `The customer says objection ${i} stops the deal for now`);
const OUTCOMES: Outcome[] = ['worked', 'worked', 'objection', 'flat'];

function makeLogs(): ConversationLog[] {
	const r = random(21);
	return Array.from({ length: LOGS }, (_, i): ConversationLog => {
		const uses: ClaimUse[] = [];
		const count = 1 + Math.floor(r() * 3);
		for (let u = 0; u < count; u++) {
			const claimId = claims[Math.floor(r() * claims.length)]!.id;
			if (uses.some((x) => x.claimId === claimId)) continue;
			const outcome = OUTCOMES[Math.floor(r() * OUTCOMES.length)]!;
			const use: ClaimUse = { claimId, outcome };
			if (outcome === 'objection') {
				const base = phrasings[Math.floor(r() * phrasings.length)]!;
				const v = r();
				use.objection = v < 0.05 ? `${base} ${i}` : v < 0.3 ? base.toUpperCase() : v < 0.5 ? `${base}!` : base;
			}
			uses.push(use);
		}
		const at = launch + Math.floor(r() * 91 * DAY);
		return { id: `l${i}`, authorId: `p${i % PEOPLE}`, team: 'sales', at, recordedAt: at, uses };
	});
}

function makeHandoffs(): HandoffLog[] {
	const r = random(7);
	return Array.from({ length: 2_000 }, (_, i): HandoffLog => ({
		id: `h${i}`,
		authorId: `m${i % 40}`,
		team: 'marketing',
		at: launch,
		recordedAt: launch,
		fields: { budget: r() < 0.8, timeline: r() < 0.6, owner: r() < 0.9 },
		decision: r() < 0.7 ? 'accepted' : 'returned',
		reason: ['No budget', 'no budget!', 'Student, not a buyer', 'Already a customer'][Math.floor(r() * 4)]!
	}));
}

function timed<T>(run: () => T): { times: number[]; result: T } {
	run(); // warm up the code
	const times: number[] = [];
	let result = run();
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		result = run();
		times.push(performance.now() - start);
	}
	return { times: times.sort((a, b) => a - b), result };
}

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.split(',').includes('field'))('field view over a quarter of logs', () => {
	const logs = makeLogs();
	const handoffs = makeHandoffs();
	const now = launch + 91 * DAY;
	const view = timed(() => fieldView({ claims, logs, launchDate: LAUNCH, now }));
	const leads = timed(() => leadQuality([{ id: 'budget', label: 'Budget' }, { id: 'timeline', label: 'Timeline' }, { id: 'owner', label: 'Owner' }], handoffs));
	const digest = timed(() => fieldDigest({ view: view.result, leads: leads.result, metrics: [], now }));
	const row = (name: string, times: number[], target = '') =>
		`  ${name.padEnd(34)} median ${times[RUNS >> 1]!.toFixed(1)} ms   max ${times[RUNS - 1]!.toFixed(1)} ms${target}`;
	const p = view.times[RUNS - 1]! < TARGET_MS ? 'met' : 'NOT met';
	console.log(
		[
			'',
			`field — ${LOGS.toLocaleString('en')} logs from ${PEOPLE} people over 13 weeks, ${claims.length} claims, ${RUNS} runs each`,
			row(`field view (${view.result.totals.uses.toLocaleString('en')} uses)`, view.times, `   target < ${TARGET_MS} ms → ${p}`),
			row('lead quality (2,000 hand-offs)', leads.times),
			row('digest from the view', digest.times),
			`  objection groups on the busiest claim: ${Math.max(...view.result.claims.map((c) => c.objections.length))}`,
			''
		].join('\n')
	);
});
