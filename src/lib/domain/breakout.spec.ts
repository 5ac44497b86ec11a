import { describe, expect, it } from 'vitest';
import { defaultGroupName, formGroups, placeLatecomer, teamCounts, type Placeable } from './breakout';
import type { Role, Team } from './teams';

/** A room: `counts` people per team, ids like `s3`, `m0`, `l1`, `o2`, `n0` (no team). */
function room(counts: Partial<Record<Team | 'none', number>>, extra: Placeable[] = []): Placeable[] {
	const out: Placeable[] = [];
	for (const [team, n] of Object.entries(counts)) {
		for (let i = 0; i < n; i++) out.push({ id: `${team[0]}${i}`, team: team === 'none' ? null : (team as Team), role: 'participant' });
	}
	return [...out, ...extra];
}

const byId = (people: readonly Placeable[]) => new Map(people.map((p) => [p.id, p]));

function check(people: Placeable[], groups: string[][]) {
	const map = byId(people);
	const sizes = groups.map((g) => g.length);
	const counts = groups.map((g) => teamCounts(g, map));
	const perTeam = (t: Team) => counts.map((c) => c[t] ?? 0);
	return { sizes, counts, perTeam, spread: (xs: number[]) => Math.max(...xs) - Math.min(...xs) };
}

/** A small seeded generator for the rooms of the property tests. */
function lcg(seed: number) {
	let s = seed;
	return (n: number) => {
		s = (s * 1103515245 + 12345) % 2147483648;
		return s % n;
	};
}

describe('formGroups', () => {
	it('splits by size into groups whose sizes come nearest to it and differ by at most one', () => {
		const people = room({ sales: 6, marketing: 4 });
		expect(formGroups(people, { size: 4, mix: 'mixed', seed: 1 }).map((g) => g.length)).toEqual([4, 3, 3]);
		expect(formGroups(room({ sales: 5, marketing: 4 }), { size: 4, mix: 'mixed', seed: 1 }).map((g) => g.length)).toEqual([5, 4]);
		expect(formGroups(room({ sales: 3, marketing: 2 }), { size: 8, mix: 'mixed', seed: 1 })).toHaveLength(1);
	});

	it('splits by count, never into more groups than people', () => {
		expect(formGroups(room({ sales: 6, marketing: 6 }), { count: 5, mix: 'mixed', seed: 2 }).map((g) => g.length)).toEqual([3, 3, 2, 2, 2]);
		expect(formGroups(room({ sales: 2, marketing: 1 }), { count: 5, mix: 'mixed', seed: 2 })).toHaveLength(3);
	});

	it('takes exactly one of size and count', () => {
		expect(() => formGroups([], { mix: 'mixed', seed: 1 })).toThrow(RangeError);
		expect(() => formGroups([], { size: 4, count: 2, mix: 'mixed', seed: 1 })).toThrow(RangeError);
		expect(formGroups([], { size: 4, mix: 'mixed', seed: 1 })).toEqual([]);
	});

	it('places only participants: facilitators visit, observers watch', () => {
		const extra: Placeable[] = [
			{ id: 'fac', team: 'marketing', role: 'facilitator' },
			{ id: 'obs', team: null, role: 'observer' as Role }
		];
		const groups = formGroups(room({ sales: 4, marketing: 4 }, extra), { size: 4, mix: 'mixed', seed: 3 });
		expect(groups.flat().sort()).toEqual(['m0', 'm1', 'm2', 'm3', 's0', 's1', 's2', 's3']);
	});

	it('mixed: every group has both sides, balanced, with leadership spread', () => {
		const people = room({ sales: 9, marketing: 7, leadership: 3, other: 2 });
		const groups = formGroups(people, { size: 5, mix: 'mixed', seed: 4 });
		const { sizes, perTeam, spread } = check(people, groups);
		expect(groups).toHaveLength(4);
		expect(spread(sizes)).toBeLessThanOrEqual(1);
		expect(Math.min(...perTeam('sales'))).toBeGreaterThanOrEqual(1);
		expect(Math.min(...perTeam('marketing'))).toBeGreaterThanOrEqual(1);
		expect(spread(perTeam('sales'))).toBeLessThanOrEqual(1);
		expect(spread(perTeam('marketing'))).toBeLessThanOrEqual(1);
		expect(Math.max(...perTeam('leadership'))).toBe(1);
	});

	it('mixed with 2 marketing and 9 sales in 3 groups: the two marketers in two different groups', () => {
		const people = room({ sales: 9, marketing: 2 });
		const groups = formGroups(people, { count: 3, mix: 'mixed', seed: 5 });
		const { sizes, perTeam, spread } = check(people, groups);
		expect(spread(sizes)).toBeLessThanOrEqual(1);
		expect(perTeam('marketing').sort()).toEqual([0, 1, 1]);
		expect(Math.min(...perTeam('sales'))).toBeGreaterThanOrEqual(3);
	});

	it('mixed with few of both sides: as many groups as possible have both', () => {
		// 2 sales and 2 marketing among 10 others in 4 groups: two groups get one of each, not four groups one side each.
		const people = room({ sales: 2, marketing: 2, other: 10 });
		const groups = formGroups(people, { count: 4, mix: 'mixed', seed: 6 });
		const { sizes, counts, spread } = check(people, groups);
		expect(spread(sizes)).toBeLessThanOrEqual(1);
		expect(counts.filter((c) => c.sales && c.marketing)).toHaveLength(2);
	});

	it('mixed with one team only, or no leadership: still balanced by size', () => {
		for (const people of [room({ sales: 11 }), room({ marketing: 7, sales: 6 }), room({ none: 9 })]) {
			const groups = formGroups(people, { size: 3, mix: 'mixed', seed: 7 });
			expect(groups.flat().sort()).toEqual(people.map((p) => p.id).sort());
			expect(check(people, groups).spread(groups.map((g) => g.length))).toBeLessThanOrEqual(1);
		}
	});

	it('mixed holds for every room from 5 to 300 people (seeded rooms)', () => {
		const rand = lcg(42);
		for (let trial = 0; trial < 300; trial++) {
			const n = 5 + rand(296);
			const leadership = rand(Math.max(1, Math.floor(n / 8)));
			const other = rand(Math.max(1, Math.floor(n / 10)));
			const marketing = rand(n - leadership - other + 1);
			const sales = n - leadership - other - marketing;
			const people = room({ sales, marketing, leadership, other });
			const options = trial % 2 ? { size: 3 + rand(6) } : { count: 2 + rand(Math.min(40, n - 1)) };
			const groups = formGroups(people, { ...options, mix: 'mixed', seed: trial });
			const k = groups.length;
			const { sizes, perTeam, counts, spread } = check(people, groups);
			const label = JSON.stringify({ sales, marketing, leadership, other, options });
			expect(groups.flat().sort(), label).toEqual(people.map((p) => p.id).sort());
			expect(spread(sizes), label).toBeLessThanOrEqual(1);
			if (sales >= k && marketing >= k) expect(counts.every((c) => c.sales && c.marketing), label).toBe(true);
			// Fewer than one per group: as many mixed groups as there are pairs (and groups of two or more to hold them).
			else expect(counts.filter((c) => c.sales && c.marketing).length, label).toBe(Math.min(sales, marketing, sizes.filter((s) => s >= 2).length));
			for (const t of ['sales', 'marketing', 'leadership'] as const) expect(spread(perTeam(t)), `${t} ${label}`).toBeLessThanOrEqual(1);
		}
	});

	it('300 people in groups of 6: 50 mixed groups', () => {
		const people = room({ sales: 140, marketing: 130, leadership: 20, other: 10 });
		const groups = formGroups(people, { size: 6, mix: 'mixed', seed: 9 });
		expect(groups).toHaveLength(50);
		expect(groups.every((g) => g.length === 6)).toBe(true);
		const { counts } = check(people, groups);
		expect(counts.every((c) => (c.sales ?? 0) >= 2 && (c.marketing ?? 0) >= 2)).toBe(true);
	});

	it('is deterministic for a seed, whatever order people are listed in, and differs between seeds', () => {
		const people = room({ sales: 10, marketing: 10, leadership: 2 });
		for (const mix of ['mixed', 'random'] as const) {
			const a = formGroups(people, { size: 4, mix, seed: 11 });
			expect(formGroups([...people].reverse(), { size: 4, mix, seed: 11 })).toEqual(a);
			expect(formGroups(people, { size: 4, mix, seed: 12 })).not.toEqual(a);
		}
	});

	it('random: shuffles everyone, sizes still differ by at most one', () => {
		const people = room({ sales: 12, marketing: 1 });
		const groups = formGroups(people, { count: 4, mix: 'random', seed: 13 });
		expect(groups.map((g) => g.length)).toEqual([4, 3, 3, 3]);
		expect(groups.flat().sort()).toEqual(people.map((p) => p.id).sort());
	});
});

describe('placeLatecomer', () => {
	const people = room({ sales: 6, marketing: 4, leadership: 1 });
	const map = byId(people);

	it('picks the smallest group, ties to the first', () => {
		const groups = [
			{ id: 'a', memberIds: ['s0', 'm0', 's1'] },
			{ id: 'b', memberIds: ['s2', 'm1'] },
			{ id: 'c', memberIds: ['s3', 'm2'] }
		];
		expect(placeLatecomer(groups, { id: 'n', team: 'sales', role: 'participant' }, map)).toBe('b');
	});

	it('prefers, among the smallest, a group lacking their team', () => {
		const groups = [
			{ id: 'a', memberIds: ['s0', 'm0'] },
			{ id: 'b', memberIds: ['s1', 's2'] }
		];
		expect(placeLatecomer(groups, { id: 'n', team: 'marketing', role: 'participant' }, map)).toBe('b');
		expect(placeLatecomer(groups, { id: 'n', team: 'leadership', role: 'participant' }, map)).toBe('a');
	});

	it('keeps the mix: a group with one side only gets the other side even when one bigger', () => {
		const groups = [
			{ id: 'a', memberIds: ['s0', 'm0'] },
			{ id: 'b', memberIds: ['s1', 's2', 's3'] }
		];
		expect(placeLatecomer(groups, { id: 'n', team: 'marketing', role: 'participant' }, map)).toBe('b');
		// …but not when it is two bigger: sizes matter too.
		const wide = [{ id: 'a', memberIds: ['s0'] }, groups[1]!];
		expect(placeLatecomer(wide, { id: 'n', team: 'marketing', role: 'participant' }, map)).toBe('a');
	});

	it('spreads leadership: among equal sizes, the group with fewest leaders', () => {
		const groups = [
			{ id: 'a', memberIds: ['s0', 'm0', 'l0'] },
			{ id: 'b', memberIds: ['s1', 'm1', 's2'] }
		];
		expect(placeLatecomer(groups, { id: 'l9', team: 'leadership', role: 'participant' }, byId([...people, { id: 'l9', team: 'leadership', role: 'participant' }]))).toBe('b');
	});

	it('places nobody when there are no groups, and only participants', () => {
		expect(placeLatecomer([], { id: 'n', team: 'sales', role: 'participant' }, map)).toBeNull();
		expect(placeLatecomer([{ id: 'a', memberIds: [] }], { id: 'f', team: 'sales', role: 'facilitator' }, map)).toBeNull();
		expect(placeLatecomer([{ id: 'a', memberIds: [] }], { id: 'o', team: null, role: 'observer' }, map)).toBeNull();
	});

	it('keeps a mixed room mixed as latecomers keep coming', () => {
		const everyone = room({ sales: 8, marketing: 8 });
		const all = byId(everyone);
		const groups = formGroups(everyone.slice(0, 8), { count: 4, mix: 'mixed', seed: 1 }).map((memberIds, i) => ({ id: `g${i}`, memberIds }));
		for (const person of everyone.slice(8)) {
			const id = placeLatecomer(groups, person, all)!;
			groups.find((g) => g.id === id)!.memberIds.push(person.id);
		}
		const sizes = groups.map((g) => g.memberIds.length);
		expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
		expect(groups.every((g) => { const c = teamCounts(g.memberIds, all); return c.sales && c.marketing; })).toBe(true);
	});
});

describe('names and counts', () => {
	it('names groups from 1', () => {
		expect(defaultGroupName(0)).toBe('Group 1');
		expect(defaultGroupName(9)).toBe('Group 10');
	});

	it('counts a group per team, no team as other, unknown ids not at all', () => {
		const people = byId([...room({ sales: 2, marketing: 1 }), { id: 'x', team: null, role: 'participant' }]);
		expect(teamCounts(['s0', 's1', 'm0', 'x', 'gone'], people)).toEqual({ sales: 2, marketing: 1, other: 1 });
	});
});
