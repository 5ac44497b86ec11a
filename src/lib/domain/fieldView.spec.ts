import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldView, predictionsFrom, FAIL_MIN_USES, type FieldViewInput } from './fieldView';
import type { ClaimUse, ConversationLog } from './fieldLogs';
import type { RatingResults } from './ratings';

const LAUNCH = '2026-03-02';
const DAY = 86_400_000;
const at = (days: number) => Date.parse(`${LAUNCH}T00:00:00Z`) + days * DAY;
const NOW = at(20); // week 2
const claims = [
	{ id: 'k1', text: 'Cuts onboarding to a day' },
	{ id: 'k2', text: 'Pays for itself in a quarter' },
	{ id: 'k3', text: 'Works with your CRM' }
];

let n = 0;
function log(uses: ClaimUse[], day = 1, authorId = `p${n % 7}`): ConversationLog {
	return { id: `l${n++}`, authorId, team: 'sales', at: at(day), recordedAt: at(day), uses };
}
const times = (count: number, make: (i: number) => ConversationLog) => Array.from({ length: count }, (_, i) => make(i));

// k1 works 8 of 10; k2 hits "too expensive" (in two wordings) 6 of 10, worked 4; k3 used three times.
const logs: ConversationLog[] = [
	...times(10, (i) => log([{ claimId: 'k1', outcome: i < 8 ? 'worked' : 'flat' }], i < 5 ? 1 : 9)),
	...times(10, (i) => log([i < 6 ? { claimId: 'k2', outcome: 'objection', objection: ['Too expensive', 'too expensive!', 'Too expensive'][i % 3] } : { claimId: 'k2', outcome: 'worked' }])),
	log([{ claimId: 'k3', outcome: 'worked' }], 15),
	log([{ claimId: 'k3', outcome: 'objection' }], 15),
	log([{ claimId: 'k3', outcome: 'objection', objection: 'We already have a tool' }], 16)
];
const input: FieldViewInput = { claims, logs, launchDate: LAUNCH, now: NOW, predictions: { k2: { true: 4.1, deliverable: 2.8, conversation: 3.0 } } };

describe('the field view', () => {
	const view = fieldView(input);
	const claim = (id: string) => view.claims.find((c) => c.claimId === id)!;

	it('counts uses and outcomes per claim, in signed order', () => {
		expect(view.claims.map((c) => c.claimId)).toEqual(['k1', 'k2', 'k3']);
		expect(claim('k1')).toMatchObject({ uses: 10, worked: 8, flat: 2, objection: 0, workedShare: 0.8, verdict: 'works', flag: null });
		expect(view.totals).toEqual({ logs: 23, uses: 23, worked: 13, objection: 8, flat: 2, ignoredUses: 0 });
	});

	it('counts by week since launch, up to now', () => {
		expect(view.weekCount).toBe(3);
		expect(claim('k1').weeks.map((w) => w.uses)).toEqual([5, 5, 0]);
		expect(claim('k3').weeks.map((w) => w.uses)).toEqual([0, 0, 3]);
	});

	it('groups objections heard in the same words, most heard first', () => {
		expect(claim('k2').objections).toEqual([{ text: 'Too expensive', count: 6, wordings: 2 }]);
		// An objection with no words counts as an objection but in no group.
		expect(claim('k3')).toMatchObject({ objection: 2, objections: [{ text: 'We already have a tool', count: 1, wordings: 1 }] });
	});

	it('merges near-identical wordings of a longer objection', () => {
		const v = fieldView({
			...input,
			logs: [
				log([{ claimId: 'k1', outcome: 'objection', objection: 'Our current vendor already does this for us today' }]),
				log([{ claimId: 'k1', outcome: 'objection', objection: 'Our current vendor already does all this for us today' }]),
				log([{ claimId: 'k1', outcome: 'objection', objection: 'Our current vendor never does this for us today' }])
			]
		});
		expect(v.claims[0]!.objections.map((o) => [o.count, o.wordings])).toEqual([
			[2, 2],
			[1, 1]
		]);
	});

	it('flags a failing claim next to what the stress-test predicted', () => {
		expect(claim('k2')).toMatchObject({ verdict: 'fails', predicted: { criterion: 'deliverable', mean: 2.8 } });
		expect(claim('k2').flag).toBe('Predicted deliverable 2.8 — in the field, 6 of 10 conversations hit the same objection ("Too expensive")');
		expect(view.failing).toEqual(['k2']);
	});

	it('says nothing about a claim used fewer than the minimum times', () => {
		expect(claim('k3')).toMatchObject({ uses: 3, verdict: 'too-few', failures: [], flag: null });
	});

	it('fails a claim that rarely works, even without a common objection', () => {
		const v = fieldView({ claims, logs: times(FAIL_MIN_USES, (i) => log([{ claimId: 'k3', outcome: i === 0 ? 'worked' : 'flat' }])), launchDate: LAUNCH, now: NOW });
		expect(v.claims[2]).toMatchObject({ verdict: 'fails', flag: 'In the field, only 1 of 5 worked' });
	});

	it('counts a log resent after reconnecting, or edited, once: the last copy', () => {
		const first = log([{ claimId: 'k1', outcome: 'flat' }]);
		const edited = { ...first, uses: [{ claimId: 'k1', outcome: 'worked' as const }] };
		const v = fieldView({ ...input, logs: [first, first, edited] });
		expect(v.claims[0]).toMatchObject({ uses: 1, worked: 1, flat: 0 });
	});

	it('ignores uses of claims that are not signed, and places stray dates in the first or current week', () => {
		const v = fieldView({ ...input, logs: [log([{ claimId: 'k9', outcome: 'worked' }, { claimId: 'k1', outcome: 'worked' }], -30), log([{ claimId: 'k1', outcome: 'flat' }], 400)] });
		expect(v.totals).toMatchObject({ uses: 2, ignoredUses: 1 });
		expect(v.claims[0]!.weeks.map((w) => w.uses)).toEqual([1, 0, 1]);
	});

	it('is total: a bad launch date makes one week, garbage logs are skipped', () => {
		const v = fieldView({ claims, logs: [null as unknown as ConversationLog, { uses: 'x' } as unknown as ConversationLog, log([{ claimId: 'k1', outcome: 'worked' }])], launchDate: 'soon', now: NaN });
		expect(v.weekCount).toBe(1);
		expect(v.totals.uses).toBe(1);
		const timeless = { ...log([{ claimId: 'k1', outcome: 'worked' }]), at: NaN };
		expect(fieldView({ ...input, logs: [timeless] }).claims[0]!.weeks[0]!.uses).toBe(1);
		fc.assert(
			fc.property(fc.array(fc.anything(), { maxLength: 20 }), fc.string(), fc.double(), fc.anything(), (junk, launchDate, now, when) => {
				const r = fieldView({ claims, logs: junk.map((uses) => ({ id: 'x', authorId: 'y', at: when, uses }) as unknown as ConversationLog), launchDate, now });
				expect(r.weekCount).toBeGreaterThanOrEqual(1);
			})
		);
	});

	it('does not depend on the order of the logs', () => {
		fc.assert(
			fc.property(fc.shuffledSubarray(logs, { minLength: logs.length }), (shuffled) => {
				expect(fieldView({ ...input, logs: shuffled })).toEqual(view);
			}),
			{ numRuns: 20 }
		);
	});

	it('aggregates 20,000 logs of 500 people in one pass, with exact totals', () => {
		const many = Array.from({ length: 20_000 }, (_, i): ConversationLog => {
			const outcome = (['worked', 'objection', 'flat'] as const)[i % 3]!;
			const uses: ClaimUse[] = [{ claimId: claims[i % 3]!.id, outcome, ...(outcome === 'objection' ? { objection: `Objection ${i % 40}` } : {}) }];
			if (i % 2 === 0) uses.push({ claimId: claims[(i + 1) % 3]!.id, outcome: 'worked' });
			return { id: `m${i}`, authorId: `p${i % 500}`, team: 'sales', at: at((i % 91) + 0.5), recordedAt: 0, uses };
		});
		const v = fieldView({ claims, logs: many, launchDate: LAUNCH, now: at(91) });
		expect(v.totals).toEqual({ logs: 20_000, uses: 30_000, worked: 16_667, objection: 6_667, flat: 6_666, ignoredUses: 0 });
		expect(v.weekCount).toBe(14);
		expect(v.claims.reduce((s, c) => s + c.uses, 0)).toBe(30_000);
		expect(v.claims.reduce((s, c) => s + c.weeks.reduce((t, w) => t + w.uses, 0), 0)).toBe(30_000);
		expect(v.claims.reduce((s, c) => s + c.objections.reduce((t, o) => t + o.count, 0), 0)).toBe(6_667);
	});
});

describe('predictions from the stress-test', () => {
	it('takes each claim’s published means', () => {
		const results = { raters: 4, weakest: {}, claims: [{ claimId: 'k1', contested: [], gap: null, criteria: { true: { mean: 4 }, consistent: { mean: null }, deliverable: { mean: 2.5 }, conversation: { mean: 3 } } }] } as unknown as RatingResults;
		expect(predictionsFrom(results)).toEqual({ k1: { true: 4, consistent: null, deliverable: 2.5, conversation: 3 } });
		expect(predictionsFrom(null)).toEqual({});
	});
});
