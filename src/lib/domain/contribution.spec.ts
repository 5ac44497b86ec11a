import { describe, expect, it } from 'vitest';
import { NOTE_WEIGHT, contributionBalance, roundShares } from './contribution';

describe('contribution balance', () => {
	it('sums characters per team through the client → team map', () => {
		const balance = contributionBalance(
			new Map([
				[1, 300],
				[2, 100],
				[3, 600]
			]),
			new Map([
				[1, 'sales'],
				[2, 'sales'],
				[3, 'marketing']
			]),
			[]
		);
		expect(balance.teams.map((t) => [t.team, t.chars, t.share])).toEqual([
			['sales', 400, 0.4],
			['marketing', 600, 0.6]
		]);
		expect(balance.totalChars).toBe(1000);
	});

	it('weighs a note as NOTE_WEIGHT characters', () => {
		const balance = contributionBalance(new Map([[1, NOTE_WEIGHT]]), new Map([[1, 'marketing']]), ['sales']);
		expect(balance.teams.map((t) => [t.team, t.share])).toEqual([
			['sales', 0.5],
			['marketing', 0.5]
		]);
		expect(balance.totalNotes).toBe(1);
	});

	it('reports text from unattributed clients separately rather than guessing', () => {
		const balance = contributionBalance(new Map([[9, 50]]), new Map(), [null]);
		expect(balance.teams).toEqual([{ team: 'unknown', chars: 50, notes: 1, share: 1 }]);
	});

	it('is empty when nothing is written', () => {
		expect(contributionBalance(new Map(), new Map(), [])).toEqual({ teams: [], totalChars: 0, totalNotes: 0 });
	});

	it('does not depend on the order of its inputs', () => {
		const a = contributionBalance(new Map([[1, 10], [2, 20]]), new Map([[1, 'sales'], [2, 'other']]), ['sales', 'other', null]);
		const b = contributionBalance(new Map([[2, 20], [1, 10]]), new Map([[2, 'other'], [1, 'sales']]), [null, 'other', 'sales']);
		expect(a).toEqual(b);
	});
});

describe('rounding shares', () => {
	it('gives whole percentages that add up to 100', () => {
		expect(roundShares([1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
		expect(roundShares([0.444, 0.494, 0.062])).toEqual([45, 49, 6]);
		expect(roundShares([0.5, 0.5])).toEqual([50, 50]);
		expect(roundShares([])).toEqual([]);
	});
});
