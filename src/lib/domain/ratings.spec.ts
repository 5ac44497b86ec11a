import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CRITERION_IDS, claimSplits, ratingStats, scoresProblem, type RatingBallot } from './ratings';

const claims = ['k1', 'k2', 'k3'];
const all = (score: number) => Object.fromEntries(CRITERION_IDS.map((c) => [c, score]));

describe('scores', () => {
	it('accepts whole scores 1–5 on known claims and criteria only', () => {
		expect(scoresProblem(claims, { k1: { true: 5, deliverable: 2 } })).toBeNull();
		expect(scoresProblem(claims, { k9: { true: 5 } })).toMatch(/claim/);
		expect(scoresProblem(claims, { k1: { true: 6 } })).toMatch(/1 to 5/);
		expect(scoresProblem(claims, { k1: { true: 2.5 } })).toMatch(/1 to 5/);
		expect(scoresProblem(claims, { k1: { pretty: 3 } })).toMatch(/criterion/);
		expect(scoresProblem(claims, {})).toMatch(/at least one/);
		expect(scoresProblem(claims, 'junk')).toMatch(/map/);
	});
});

describe('rating statistics', () => {
	const ballots: RatingBallot[] = [
		// k2 is contested: sales say it does not survive a conversation, marketing love it.
		{ raterId: 's1', team: 'sales', scores: { k1: all(4), k2: { ...all(4), conversation: 1 }, k3: all(4) } },
		{ raterId: 's2', team: 'sales', scores: { k1: all(4), k2: { ...all(4), conversation: 2 }, k3: { ...all(4), deliverable: 1 } } },
		{ raterId: 'm1', team: 'marketing', scores: { k1: all(4), k2: { ...all(4), conversation: 5 }, k3: all(4) } },
		{ raterId: 'm2', team: 'marketing', scores: { k1: all(5), k2: { ...all(4), conversation: 5 }, k3: { ...all(4), deliverable: 2 } } }
	];

	it('computes mean, spread and per-team means per claim and criterion', () => {
		const stats = ratingStats(claims, ballots);
		const k2 = stats.claims.find((c) => c.claimId === 'k2')!;
		expect(k2.criteria.conversation).toMatchObject({ n: 4, mean: 13 / 4, byTeam: { sales: 1.5, marketing: 5, leadership: null }, contested: true });
		expect(k2.criteria.conversation.spread).toBeCloseTo(1.785, 2);
		expect(k2.contested).toEqual(['conversation']);
		expect(claimSplits(k2)).toEqual(['Works in a conversation: sales doubt it (1.5), marketing are sure (5.0)']);
	});

	it('puts the most contested claim first and names the weakest claim per criterion', () => {
		const stats = ratingStats(claims, ballots);
		expect(stats.claims[0]!.claimId).toBe('k2');
		expect(stats.weakest.deliverable).toBe('k3');
		expect(stats.weakest.conversation).toBe('k2');
		expect(stats.raters).toBe(4);
	});

	it('names no weakest claim when claims tie for the lowest mean', () => {
		const tied = ratingStats(claims, [{ raterId: 'a', team: 'sales', scores: { k1: all(3), k2: all(3), k3: all(4) } }]);
		expect(tied.weakest).toEqual({});
	});

	it('never shows a team below the minimum alone: a lone rater is pooled with a larger team', () => {
		const stats = ratingStats(claims, [...ballots, { raterId: 'l1', team: 'leadership', scores: { k1: all(1) } }]);
		const cell = stats.claims.find((c) => c.claimId === 'k1')!.criteria.true;
		expect(cell.byTeam.leadership).toBeNull();
		// Sales and marketing have two raters each: the lone leader joins marketing (the tie goes to marketing).
		expect(cell.groups.map((g) => g.teams)).toEqual([['sales'], ['marketing', 'leadership']]);
		expect(cell.mean).toBeCloseTo((4 + 4 + 4 + 5 + 1) / 5);
	});

	it('does not depend on ballot order, and a re-rating replaces the earlier one', () => {
		fc.assert(
			fc.property(fc.shuffledSubarray(ballots, { minLength: ballots.length }), (shuffled) => {
				expect(ratingStats(claims, shuffled)).toEqual(ratingStats(claims, ballots));
			})
		);
		const replaced = ratingStats(claims, [...ballots, { raterId: 's1', team: 'sales', scores: { k1: all(1) } }]);
		expect(replaced.raters).toBe(4);
		expect(replaced.claims.find((c) => c.claimId === 'k2')!.criteria.conversation.n).toBe(3);
	});
});
