import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TEAMS, type Team } from './teams';
import { ballotInWords, ballotProblem, resultsAgreement, sideFavourite, tally, voteConfig, type Ballot, type VoteConfig, type VoteOption } from './voting';

const options: VoteOption[] = [
	{ id: 'A', text: 'Keep every truck on the road', authorTeam: 'marketing' },
	{ id: 'B', text: 'No more surprise breakdowns', authorTeam: 'sales' },
	{ id: 'C', text: 'Uptime, guaranteed', authorTeam: 'marketing' }
];
const dots: VoteConfig = { kind: 'dots', budget: 3, allowStacking: true };

const ballot = (voterId: string, team: Team | null, allocation: Record<string, number>): Ballot => ({ voterId, team, allocation });

describe('vote configuration', () => {
	it('defaults dot votes to 3 dots and makes single choice a budget of 1', () => {
		expect(voteConfig('dots', undefined, undefined)).toEqual({ kind: 'dots', budget: 3, allowStacking: false });
		expect(voteConfig('single', 7, true)).toEqual({ kind: 'single', budget: 1, allowStacking: false });
		expect(voteConfig('ranked', 3, false)).toEqual(expect.any(String));
		expect(voteConfig('dots', 0, false)).toEqual(expect.any(String));
	});
});

describe('ballots', () => {
	it('accepts ballots within the budget and the options', () => {
		expect(ballotProblem(dots, options, { A: 2, B: 1 })).toBeNull();
		expect(ballotProblem({ kind: 'single', budget: 1, allowStacking: false }, options, { C: 1 })).toBeNull();
	});

	it('refuses ballots over budget, off the options, stacked when not allowed, empty or malformed', () => {
		expect(ballotProblem(dots, options, { A: 4 })).toMatch(/budget/);
		expect(ballotProblem(dots, options, { Z: 1 })).toMatch(/option/);
		expect(ballotProblem({ ...dots, allowStacking: false }, options, { A: 2 })).toMatch(/one dot per option/);
		expect(ballotProblem(dots, options, {})).toMatch(/at least one/);
		expect(ballotProblem(dots, options, { A: -1, B: 2 })).toMatch(/whole numbers/);
		expect(ballotProblem(dots, options, { A: 1.5 })).toMatch(/whole numbers/);
		expect(ballotProblem(dots, options, [1, 2])).toMatch(/maps/);
		expect(ballotProblem({ kind: 'single', budget: 1, allowStacking: false }, options, { A: 1, B: 1 })).toMatch(/budget|exactly one/);
	});

	// Root cause: the messages were written for dot votes only, so an empty single-choice
	// ballot was told it "gives at least one dot".
	it('speaks of choosing, not of dots, on a single-choice vote', () => {
		const single = { kind: 'single', budget: 1, allowStacking: false } as const;
		for (const allocation of [{}, { A: 2 }, { A: 1, B: 1 }, { A: 0.5 }, [1]]) {
			expect(ballotProblem(single, options, allocation)).not.toMatch(/dot/i);
		}
		expect(ballotProblem(single, options, {})).toBe('Choose an option.');
		expect(ballotProblem(single, options, { A: 1, B: 1 })).toBe('Choose exactly one option.');
	});
});

describe('tally', () => {
	it('splits results by team and words where sales and marketing diverge', () => {
		const results = tally(options, [
			ballot('s1', 'sales', { B: 3 }),
			ballot('s2', 'sales', { B: 2, A: 1 }),
			ballot('m1', 'marketing', { A: 3 }),
			ballot('m2', 'marketing', { A: 2, C: 1 })
		]);
		expect(results.totals).toEqual({ A: 6, B: 5, C: 1 });
		expect(results.winners).toEqual(['A']);
		expect(results.groups).toEqual([
			{ teams: ['sales'], voters: 2, totals: { A: 1, B: 5, C: 0 } },
			{ teams: ['marketing'], voters: 2, totals: { A: 5, B: 0, C: 1 } }
		]);
		const agreement = resultsAgreement(results, { kind: 'dots', options });
		expect(agreement).toEqual({ tone: 'split', sentence: 'Sales and marketing favour different options: sales “No more surprise breakdowns”, marketing “Keep every truck on the road” (83% apart).' });
	});

	it('never shows a team below the minimum alone: it is pooled, and a lone ballot joins a larger group', () => {
		const results = tally(options, [ballot('l1', 'leadership', { C: 3 }), ballot('s1', 'sales', { A: 1 }), ballot('s2', 'sales', { A: 1 })]);
		expect(results.groups).toEqual([{ teams: ['sales', 'leadership'], voters: 3, totals: { A: 2, B: 0, C: 3 } }]);
		// Every ballot is in the totals, so the winner follows from what is published.
		expect(results.totals).toEqual({ A: 2, B: 0, C: 3 });
		expect(results.winners).toEqual(['C']);
		expect(resultsAgreement(results, { kind: 'dots', options })).toBeNull();
	});

	it('a named vote shows every team, however small', () => {
		const results = tally(options, [ballot('l1', 'leadership', { C: 1 }), ballot('s1', 'sales', { A: 1 })], 2, true);
		expect(results.groups.map((g) => g.teams)).toEqual([['sales'], ['leadership']]);
	});

	it('publishes nothing but the count when fewer than the minimum voted at all', () => {
		const results = tally(options, [ballot('s1', 'sales', { A: 1 })], 2);
		expect(results).toEqual({ voters: 1, totals: { A: 0, B: 0, C: 0 }, winners: [], groups: [] });
	});

	it('counts only the last ballot of a voter', () => {
		const results = tally(options, [ballot('s1', 'sales', { A: 3 }), ballot('s1', 'sales', { B: 1 })], 1);
		expect(results.voters).toBe(1);
		expect(results.totals).toEqual({ A: 0, B: 1, C: 0 });
	});

	it('reports ties as several winners and no votes as none', () => {
		expect(tally(options, [ballot('a', 'sales', { A: 1 }), ballot('b', 'sales', { B: 1 })]).winners).toEqual(['A', 'B']);
		expect(tally(options, []).winners).toEqual([]);
	});
});

describe('sideFavourite', () => {
	it('names each side\'s favourite when sales and marketing are published apart', () => {
		const results = tally(options, [
			ballot('s1', 'sales', { B: 3 }),
			ballot('s2', 'sales', { B: 2, A: 1 }),
			ballot('m1', 'marketing', { A: 3 }),
			ballot('m2', 'marketing', { A: 2, C: 1 })
		]);
		expect(sideFavourite(results, 'sales')).toBe('B');
		expect(sideFavourite(results, 'marketing')).toBe('A');
	});

	it('names none when the sides are pooled, or before a reveal', () => {
		const pooled = tally(options, [ballot('s1', 'sales', { B: 3 }), ballot('m1', 'marketing', { A: 3 })]);
		expect(sideFavourite(pooled, 'sales')).toBeNull();
		expect(sideFavourite(pooled, 'marketing')).toBeNull();
		expect(sideFavourite(null, 'sales')).toBeNull();
	});
});

describe('tally properties', () => {
	const team = fc.constantFrom<Team | null>(...TEAMS, null);
	const allocation = fc.record({ A: fc.integer({ min: 0, max: 3 }), B: fc.integer({ min: 0, max: 3 }), C: fc.integer({ min: 0, max: 3 }) });
	const ballots = fc.array(fc.record({ voterId: fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'), team, allocation }), { maxLength: 30 });

	it('totals are the sum of the published groups, which hold every voter once', () => {
		fc.assert(
			fc.property(ballots, fc.integer({ min: 1, max: 4 }), (list, min) => {
				const results = tally(options, list, min);
				if (results.groups.length === 0) {
					expect(results.voters).toBeLessThan(min);
					return;
				}
				expect(results.groups.reduce((n, g) => n + g.voters, 0)).toBe(results.voters);
				for (const g of results.groups) expect(g.voters).toBeGreaterThanOrEqual(min);
				for (const option of options) expect(results.totals[option.id]).toBe(results.groups.reduce((n, g) => n + g.totals[option.id]!, 0));
			})
		);
	});

	it('a re-vote never counts twice: total dots never exceed voters × budget for valid ballots', () => {
		fc.assert(
			fc.property(ballots, (list) => {
				const valid = list.filter((b) => ballotProblem(dots, options, b.allocation) === null);
				const results = tally(options, valid);
				const sum = Object.values(results.totals).reduce((a, b) => a + b, 0);
				expect(sum).toBeLessThanOrEqual(results.voters * dots.budget);
				expect(results.voters).toBe(new Set(valid.map((b) => b.voterId)).size);
			})
		);
	});

	it('results do not depend on the order of ballots from different voters', () => {
		fc.assert(
			fc.property(ballots, fc.integer(), (list, seed) => {
				const onePerVoter = [...new Map(list.map((b) => [b.voterId, b])).values()];
				const shuffled = [...onePerVoter].sort((a, b) => ((a.voterId.charCodeAt(1) * seed) % 7) - ((b.voterId.charCodeAt(1) * seed) % 7));
				expect(tally(options, shuffled)).toEqual(tally(options, onePerVoter));
			})
		);
	});
});

describe('ballotInWords', () => {
	const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
	it('names dots per option in the options’ order, in words', () => {
		expect(ballotInWords('dots', options, { c: 1, a: 2 })).toBe('2 dots on option 1, 1 dot on option 3');
	});
	it('names the chosen option of a single-choice ballot without counting', () => {
		expect(ballotInWords('single', options, { b: 1 })).toBe('option 2');
	});
	it('says nothing was given for an empty ballot', () => {
		expect(ballotInWords('dots', options, { gone: 2 })).toBe('nothing');
	});
});
