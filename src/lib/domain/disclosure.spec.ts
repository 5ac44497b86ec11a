import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disclosure, groupLabel, groupNoun } from './disclosure';
import { CRITERION_IDS, ratingStats, type RatingBallot, type RatingResults } from './ratings';
import { TEAMS, type Team } from './teams';
import { tally, type Ballot, type VoteOption, type VoteResults } from './voting';

describe('published groups', () => {
	it('shows teams at the minimum alone and pools the rest', () => {
		expect(disclosure({ sales: 3, marketing: 3, leadership: 1, other: 1 }, 2)).toEqual([['sales'], ['marketing'], ['leadership', 'other']]);
	});

	it('lets a pool below the minimum take in leadership or other before sales or marketing', () => {
		expect(disclosure({ sales: 3, marketing: 3, leadership: 2, other: 1 }, 2)).toEqual([['sales'], ['marketing'], ['leadership', 'other']]);
		// Only sales and marketing to join: the larger one, so its figures change the least.
		expect(disclosure({ sales: 4, marketing: 3, leadership: 1 }, 2)).toEqual([['sales', 'leadership'], ['marketing']]);
	});

	it('publishes no group when fewer than the minimum answered at all', () => {
		expect(disclosure({ sales: 1 }, 2)).toEqual([]);
		expect(disclosure({}, 2)).toEqual([]);
	});

	it('names groups for people', () => {
		expect(groupLabel(['leadership', 'other'])).toBe('Leadership and other');
		expect(groupNoun(['marketing', 'leadership'], 'marketing')).toBe('marketing with leadership');
		expect(groupNoun(['sales'], 'sales')).toBe('sales');
	});
});

// ------------------------------------------------------------- the attacker

/**
 * Can `target` be written as a linear combination of `rows`? Gaussian
 * elimination: the target is in the row space exactly when adding it does not
 * raise the rank.
 */
function inRowSpace(rows: number[][], target: number[]): boolean {
	const rank = (m: number[][]) => {
		const a = m.map((r) => [...r]);
		let r = 0;
		for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
			let pivot = r;
			for (let i = r + 1; i < a.length; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[pivot]![c]!)) pivot = i;
			if (Math.abs(a[pivot]![c]!) < 1e-9) continue;
			[a[r], a[pivot]] = [a[pivot]!, a[r]!];
			for (let i = 0; i < a.length; i++) {
				if (i === r) continue;
				const f = a[i]![c]! / a[r]![c]!;
				for (let k = c; k < a[i]!.length; k++) a[i]![k]! -= f * a[r]![k]!;
			}
			r++;
		}
		return r;
	};
	return rank([...rows, target]) === rank(rows);
}

/**
 * Everything published, as numbers, in a fixed order. Means and spreads are
 * turned into what an attacker would: sums and sums of squares.
 */
function voteFigures(results: VoteResults, option: string): number[] {
	return [results.voters, results.totals[option] ?? 0, ...results.groups.flatMap((g) => [g.voters, g.totals[option] ?? 0])];
}

function ratingFigures(results: RatingResults, claim: string, criterion: (typeof CRITERION_IDS)[number]): { linear: number[]; squares: number[] } {
	const cell = results.claims.find((c) => c.claimId === claim)!.criteria[criterion];
	const shown = cell.groups.reduce((n, g) => n + g.n, 0);
	const linear = [cell.n, (cell.mean ?? 0) * shown, ...cell.groups.flatMap((g) => [g.n, g.mean * g.n])];
	for (const t of TEAMS) {
		const group = cell.groups.find((g) => g.teams.length === 1 && g.teams[0] === t);
		linear.push((cell.byTeam[t] ?? 0) * (group?.n ?? 0));
	}
	const squares = [shown * ((cell.spread ?? 0) ** 2 + (cell.mean ?? 0) ** 2)];
	return { linear, squares };
}

/**
 * The rows of the published figures as functions of each person's value,
 * found by nudging one person's value at a time (figures are linear in the
 * values, or in their squares, once the set of people is fixed).
 */
function jacobian(people: number, values: number[], figures: (values: number[]) => number[], square = false): number[][] {
	const base = figures(values);
	const columns = values.map((v, i) => {
		const nudged = [...values];
		nudged[i] = v + 1;
		const moved = figures(nudged);
		return moved.map((f, k) => (f - base[k]!) / (square ? 2 * v + 1 : 1));
	});
	return base.map((_, k) => Array.from({ length: people }, (_, i) => columns[i]![k]!));
}

const unit = (n: number, i: number) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));

const teamSizes = fc.record({
	sales: fc.integer({ min: 0, max: 6 }),
	marketing: fc.integer({ min: 0, max: 6 }),
	leadership: fc.integer({ min: 0, max: 6 }),
	other: fc.integer({ min: 0, max: 6 })
});
const roster = (sizes: Record<Team, number>) => TEAMS.flatMap((t) => Array.from({ length: sizes[t] }, () => t));
const options: VoteOption[] = ['A', 'B', 'C'].map((id) => ({ id, text: id, authorTeam: null }));

describe('no published figure gives away a ballot or a score', () => {
	it('the attacker finds the leak in the old way of publishing (total and every team at the minimum)', () => {
		// total − sales − marketing was a lone leader's ballot.
		const people: Team[] = ['sales', 'sales', 'marketing', 'marketing', 'leadership'];
		const leaky = (values: number[]) => {
			const sum = (team?: Team) => values.reduce((s, v, i) => s + (team === undefined || people[i] === team ? v : 0), 0);
			return [sum(), sum('sales'), sum('marketing')];
		};
		const rows = jacobian(people.length, [1, 0, 2, 1, 3], leaky);
		expect(inRowSpace(rows, unit(people.length, 4))).toBe(true);
	});

	it('votes: no linear combination of the published figures is one person’s dots', () => {
		fc.assert(
			fc.property(teamSizes, fc.constantFrom(2, 3), fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), { minLength: 24, maxLength: 24 }), (sizes, min, dots) => {
				const people = roster(sizes);
				for (const option of options) {
					const column = options.indexOf(option);
					const figures = (values: number[]) => {
						const ballots: Ballot[] = people.map((team, i) => ({
							voterId: `p${i}`,
							team,
							allocation: Object.fromEntries(options.map((o, k) => [o.id, k === column ? values[i]! : dots[i]![k]!]))
						}));
						return voteFigures(tally(options, ballots, min), option.id);
					};
					const rows = jacobian(people.length, people.map((_, i) => dots[i]![column]!), figures);
					for (let h = 0; h < people.length; h++) expect(inRowSpace(rows, unit(people.length, h)), `person ${h} (${people[h]}) of ${JSON.stringify(sizes)}`).toBe(false);
				}
			}),
			{ numRuns: 150 }
		);
	});

	it('ratings: no linear combination of the published sums, or of the sums of squares, is one person’s score', () => {
		fc.assert(
			fc.property(
				teamSizes,
				fc.constantFrom(2, 3),
				fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 24, maxLength: 24 }),
				fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
				(sizes, min, scores, rated) => {
					// Some people leave the claim unrated: who is in a figure varies from cell to cell.
					const people = roster(sizes).filter((_, i) => rated[i]);
					const stats = (values: number[]) => {
						const ballots: RatingBallot[] = people.map((team, i) => ({ raterId: `p${i}`, team, scores: { k: { deliverable: values[i]! } } }));
						return ratingFigures(ratingStats(['k'], ballots, min), 'k', 'deliverable');
					};
					const values = people.map((_, i) => scores[i]!);
					const linear = jacobian(people.length, values, (v) => stats(v).linear);
					const squares = jacobian(people.length, values, (v) => stats(v).squares, true);
					for (let h = 0; h < people.length; h++) {
						expect(inRowSpace(linear, unit(people.length, h)), `score of person ${h} (${people[h]})`).toBe(false);
						expect(inRowSpace(squares, unit(people.length, h)), `square of person ${h} (${people[h]})`).toBe(false);
					}
				}
			),
			{ numRuns: 150 }
		);
	});
});
