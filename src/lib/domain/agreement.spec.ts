import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apart, favourite, formatApart, splitSentence, stance, teamsSplit, voteAgreement } from './agreement';
import { CRITERIA, CRITERION_IDS, claimSplits, ratingStats, type RatingBallot } from './ratings';

const score = fc.integer({ min: 1, max: 5 });
const team = fc.array(score, { minLength: 1, maxLength: 6 });

describe('a split between the teams on a rating', () => {
	/** Every criterion rated the same by each team, as a room of three a side would. */
	function room(sales: number[], marketing: number[]): RatingBallot[] {
		const all = (s: number) => ({ k: Object.fromEntries(CRITERION_IDS.map((c) => [c, s])) });
		return [
			...sales.map((s, i) => ({ raterId: `s${i}`, team: 'sales' as const, scores: all(s) })),
			...marketing.map((s, i) => ({ raterId: `m${i}`, team: 'marketing' as const, scores: all(s) }))
		];
	}

	it.each([
		[[3, 3, 3], [4, 4, 4], false],
		[[4, 5, 5], [5, 5, 5], false],
		[[1, 2, 2], [4, 4, 5], true],
		[[5, 5, 4], [2, 1, 2], true]
	])('sales %j against marketing %j: contested %s, on every criterion', (sales, marketing, contested) => {
		const stats = ratingStats(['k'], room(sales, marketing)).claims[0]!;
		for (const c of CRITERION_IDS) expect(stats.criteria[c].contested).toBe(contested);
		expect(stats.contested).toEqual(contested ? CRITERION_IDS : []);
	});

	it('says which criterion and which way', () => {
		const stats = ratingStats(['k'], room([1, 2, 1], [4, 4, 5])).claims[0]!;
		expect(claimSplits(stats)).toContain('Deliverable: sales doubt it (1.3), marketing are sure (4.3)');
		expect(claimSplits(stats)).toHaveLength(CRITERIA.length);
	});

	it('makes no statement about a team below the minimum', () => {
		const stats = ratingStats(['k'], room([1], [5, 5, 5]), 2).claims[0]!;
		expect(stats.contested).toEqual([]);
		expect(claimSplits(stats)).toEqual([]);
		for (const c of CRITERION_IDS) expect(stats.criteria[c].byTeam.sales).toBeNull();
	});

	it('is symmetric and ignores the order of scores', () => {
		fc.assert(
			fc.property(team, team, (a, b) => {
				expect(teamsSplit(a, b)).toBe(teamsSplit(b, a));
				expect(teamsSplit([...a].reverse(), b)).toBe(teamsSplit(a, b));
			})
		);
	});

	it('never calls agreement in degree a split: scores all within one step', () => {
		fc.assert(
			fc.property(score.filter((s) => s < 5), fc.array(fc.boolean(), { minLength: 2, maxLength: 12 }), (low, picks) => {
				const scores = picks.map((up) => (up ? low + 1 : low));
				const half = Math.max(1, Math.floor(scores.length / 2));
				expect(teamsSplit(scores.slice(0, half), scores.slice(half).length ? scores.slice(half) : [low])).toBe(false);
			})
		);
	});

	it('always calls it a split when one team is all 1–2 and the other all 4–5', () => {
		const low = fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 6 });
		const high = fc.array(fc.integer({ min: 4, max: 5 }), { minLength: 1, maxLength: 6 });
		fc.assert(
			fc.property(low, high, (a, b) => {
				expect(teamsSplit(a, b)).toBe(true);
			})
		);
	});

	it('is no split when the gap only mirrors people disagreeing within each team', () => {
		// Means 3.7 against 2.3 sit on opposite sides, but each team is split down the middle.
		expect(teamsSplit([1, 5, 5], [1, 1, 5])).toBe(false);
		expect(teamsSplit([1, 1, 5, 5], [3, 3, 3, 3])).toBe(false);
	});

	it('holds the worked examples of the README', () => {
		expect(teamsSplit([3, 3], [5, 5])).toBe(true);
		expect(teamsSplit([1, 5, 5], [1, 1, 5])).toBe(false);
		expect(splitSentence('True', 5 / 3, 13 / 3)).toBe('True: sales doubt it (1.7), marketing are sure (4.3)');
		expect(splitSentence('True', 14 / 3, 5 / 3)).toBe('True: sales are sure (4.7), marketing doubt it (1.7)');
	});

	it('words each side by its mean', () => {
		expect(stance(1.3)).toBe('doubt');
		expect(stance(3)).toBe('undecided');
		expect(stance(4.3)).toBe('sure');
		expect(splitSentence('True', 4.6, 3, 'sales', 'marketing with leadership')).toBe('True: sales are sure (4.6), marketing with leadership are undecided (3.0)');
	});
});

describe('agreement in a vote', () => {
	const text = (id: string) => `option ${id}`;
	const side = (totals: Record<string, number>, noun: string) => ({ totals, noun });
	const totals = fc.record({ A: fc.integer({ min: 0, max: 9 }), B: fc.integer({ min: 0, max: 9 }), C: fc.integer({ min: 0, max: 9 }) });

	it('words agree with the number, whatever the dots', () => {
		fc.assert(
			fc.property(totals, totals, fc.constantFrom<'dots' | 'single'>('dots', 'single'), (s, m, kind) => {
				const result = voteAgreement(side(s, 'sales'), side(m, 'marketing'), kind, text);
				const distance = apart(s, m);
				if (distance === null) return void expect(result).toBeNull();
				const sentence = result!.sentence;
				expect(sentence).toContain(formatApart(distance));
				if (sentence.includes('largely agree')) expect(distance).toBeLessThan(0.25);
				if (distance >= 0.25) expect(sentence).not.toContain('largely agree');
				if (sentence.includes('favour different options')) {
					expect(favourite(s)).not.toBeNull();
					expect(favourite(m)).not.toBeNull();
					expect(favourite(s)).not.toBe(favourite(m));
				}
				expect(sentence).not.toContain(kind === 'single' ? 'dots' : 'votes');
			})
		);
	});

	it('a team that gave no dots has no favourite and no statement', () => {
		expect(favourite({ A: 0, B: 0 })).toBeNull();
		expect(voteAgreement(side({ A: 3 }, 'sales'), side({ A: 0, B: 0 }, 'marketing'), 'dots', text)).toBeNull();
	});

	it('never says "largely agree" beside a large distance when the favourites are the same', () => {
		const partly = voteAgreement(side({ A: 4, B: 0, C: 0 }, 'sales'), side({ A: 4, B: 2, C: 1 }, 'marketing'), 'dots', text)!;
		expect(partly).toEqual({ tone: 'partly', sentence: 'Both favour “option A”, but their other dots differ (43% apart).' });
		const far = voteAgreement(side({ A: 4, B: 0, C: 0 }, 'sales'), side({ A: 3, B: 2, C: 2 }, 'marketing'), 'single', text)!;
		expect(far).toEqual({ tone: 'split', sentence: 'Both favour “option A”, but most of their votes go to different options (57% apart).' });
	});
});
