/**
 * Breakout groups: who goes into which group. Pure functions over plain data; the
 * server calls them when a round opens and when a latecomer appears.
 */
import type { BreakoutMix } from '../doc/control.js';
import type { Role, Team } from './teams.js';

export interface Placeable {
	id: string;
	team: Team | null;
	role: Role;
}

/** The two teams the 'mixed' guarantee is about: every group should hear both sides. */
const SIDES: readonly Team[] = ['sales', 'marketing'];

/**
 * Member ids per group. Exactly one of size/count. Sizes differ by at most one; with 'mixed' every group has
 * sales and marketing whenever both teams have at least as many people as there are groups (fewer: as many groups as possible),
 * leadership and 'other' spread across groups; 'random' shuffles. Deterministic for a given seed. Only role 'participant' is placed.
 *
 * With `size`, the number of groups is the one whose sizes come nearest to it (10 people in groups of 4 → 4, 3, 3;
 * 9 in groups of 4 → 5, 4), never fewer than one group. With `count`, never more groups than people.
 */
export function formGroups(people: readonly Placeable[], options: { size?: number; count?: number; mix: BreakoutMix; seed: number }): string[][] {
	const { size, count } = options;
	if ((size === undefined) === (count === undefined)) throw new RangeError('formGroups takes exactly one of size and count.');
	const wanted = size ?? count!;
	if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError('A group size or count is a whole number from 1.');

	// Sorted by id first, so the result depends on the seed and on who is there, never on the order they were listed in.
	const placed = people.filter((p) => p.role === 'participant').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	if (placed.length === 0) return [];
	const groupCount = size !== undefined ? Math.max(1, Math.round(placed.length / size)) : Math.min(count!, placed.length);

	const random = seeded(options.seed);
	const sizes = Array.from({ length: groupCount }, (_, i) => Math.floor(placed.length / groupCount) + (i < placed.length % groupCount ? 1 : 0));
	if (options.mix === 'random') {
		// Dealt in turn after shuffling: sizes come out as computed above.
		const groups: string[][] = sizes.map(() => []);
		shuffle(placed, random).forEach((p, i) => groups[i % groupCount]!.push(p.id));
		return groups;
	}
	return dealMixed(placed, sizes, random);
}

/**
 * 'mixed': the scarcer side first, one per group before anyone gets a second; then the other side, first into
 * groups that have the first side but not yet this one (so with few of either side, as many groups as possible
 * get both); then leadership, then everyone else. Each person goes where their team is fewest, then where the
 * most room is left, so every team is spread and the sizes stay as computed.
 */
function dealMixed(placed: readonly Placeable[], sizes: readonly number[], random: () => number): string[][] {
	const byTeam = new Map<Team, Placeable[]>();
	for (const p of placed) {
		const team = p.team ?? 'other';
		byTeam.set(team, [...(byTeam.get(team) ?? []), p]);
	}
	const count = (t: Team) => byTeam.get(t)?.length ?? 0;
	const [first, second] = count('sales') < count('marketing') ? (['sales', 'marketing'] as const) : (['marketing', 'sales'] as const);
	const groups = sizes.map(() => ({ ids: [] as string[], teams: new Map<Team, number>() }));
	for (const team of [first, second, 'leadership', 'other'] as const) {
		const other = team === first ? second : team === second ? first : null;
		for (const person of shuffle(byTeam.get(team) ?? [], random)) {
			let best = -1;
			let bestKey: number[] = [];
			groups.forEach((g, i) => {
				const room = sizes[i]! - g.ids.length;
				if (room <= 0) return;
				const same = g.teams.get(team) ?? 0;
				const completes = other && same === 0 && (g.teams.get(other) ?? 0) > 0 ? 0 : 1;
				const key = [same, completes, -room];
				if (best < 0 || lexLess(key, bestKey)) [best, bestKey] = [i, key];
			});
			const g = groups[best]!;
			g.ids.push(person.id);
			g.teams.set(team, (g.teams.get(team) ?? 0) + 1);
		}
	}
	return groups.map((g) => g.ids);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
	return false;
}

/**
 * The group a latecomer joins: the smallest group that keeps the mix (prefers a group lacking their team), ties → first. Null if no groups.
 * A group that lacks the latecomer's side (sales or marketing) counts as one smaller, so a group of one side only gets
 * the other side's next latecomer even when it is one person bigger. Only participants are placed: anyone else gets null.
 */
export function placeLatecomer(groups: readonly { id: string; memberIds: readonly string[] }[], person: Placeable, people: ReadonlyMap<string, Placeable>): string | null {
	if (person.role !== 'participant' || groups.length === 0) return null;
	const team = person.team ?? 'other';
	let best: { id: string; weight: number; same: number } | null = null;
	for (const group of groups) {
		const memberIds = group.memberIds.filter((id) => id !== person.id);
		const same = teamCounts(memberIds, people)[team] ?? 0;
		const weight = memberIds.length - (same === 0 && SIDES.includes(team) ? 1 : 0);
		if (!best || weight < best.weight || (weight === best.weight && same < best.same)) best = { id: group.id, weight, same };
	}
	return best!.id;
}

/** "Group 1", "Group 2", … default names; `index` counts from 0 (the group's place in the round). */
export function defaultGroupName(index: number): string {
	return `Group ${index + 1}`;
}

/**
 * A group's mix as counts per team, for the roster ("2 S · 2 M · 1 L") and for warnings (a group with one team only).
 * A person without a team counts as 'other'; ids not in `people` are not counted.
 */
export function teamCounts(memberIds: readonly string[], people: ReadonlyMap<string, Placeable>): Partial<Record<Team, number>> {
	const counts: Partial<Record<Team, number>> = {};
	for (const id of memberIds) {
		const person = people.get(id);
		if (!person) continue;
		const team = person.team ?? 'other';
		counts[team] = (counts[team] ?? 0) + 1;
	}
	return counts;
}

/** mulberry32: small, fast and good enough to shuffle a room; the same seed gives the same groups. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}
