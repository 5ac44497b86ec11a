/**
 * Votes on phrasings: ballots, budgets, tallies and per-team results.
 * Pure functions; the server stores ballots and publishes only what these return.
 */
import { favourite, voteAgreement, type VoteAgreement } from './agreement.js';
import { disclosure, groupNoun, groupOf } from './disclosure.js';
import type { Team } from './teams.js';

export type VoteKind = 'dots' | 'single';

export interface VoteConfig {
	kind: VoteKind;
	/** Dots per person (dot voting); 1 for single choice. */
	budget: number;
	/** Dot voting: may several dots go to one option? */
	allowStacking: boolean;
}

export interface VoteOption {
	id: string;
	text: string;
	authorTeam: Team | null;
	/** A vote over breakout groups' versions: the groups that wrote this text (their names, for display). */
	groups?: { id: string; name: string }[];
}

/** option id → dots (single choice: one option with 1). */
export type Allocation = Record<string, number>;

export interface Ballot {
	voterId: string;
	team: Team | null;
	allocation: Allocation;
}

export const DEFAULT_BUDGET = 3;
export const MAX_BUDGET = 10;
export const DEFAULT_MIN_TEAM_VOTERS = 2;

export function voteConfig(kind: unknown, budget: unknown, allowStacking: unknown): VoteConfig | string {
	if (kind !== 'dots' && kind !== 'single') return 'The vote kind is dots or single.';
	if (kind === 'single') return { kind, budget: 1, allowStacking: false };
	const b = budget === undefined ? DEFAULT_BUDGET : budget;
	if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_BUDGET) return `A budget is 1 to ${MAX_BUDGET} dots.`;
	return { kind, budget: b, allowStacking: allowStacking === true };
}

/** Why a ballot is not acceptable, or null when it is. */
export function ballotProblem(config: VoteConfig, options: readonly VoteOption[], allocation: unknown): string | null {
	// A single-choice vote speaks of choosing an option, never of dots.
	const single = config.kind === 'single';
	if (typeof allocation !== 'object' || allocation === null || Array.isArray(allocation)) return `A ballot maps option ids to ${unitOf(config.kind)}.`;
	const ids = new Set(options.map((o) => o.id));
	let total = 0;
	let used = 0;
	for (const [optionId, dots] of Object.entries(allocation)) {
		if (!ids.has(optionId)) return 'That option is not on this vote.';
		if (typeof dots !== 'number' || !Number.isInteger(dots) || dots < 0) return single ? 'Votes are whole numbers from 0.' : 'Dots are whole numbers from 0.';
		if (dots > 1 && !config.allowStacking) return single ? 'Choose exactly one option.' : 'This vote allows one dot per option.';
		total += dots;
		if (dots > 0) used += 1;
	}
	if (total === 0) return single ? 'Choose an option.' : 'A ballot gives at least one dot.';
	if (single && used !== 1) return 'Choose exactly one option.';
	if (total > config.budget) return `This vote has a budget of ${config.budget} ${config.budget === 1 ? 'dot' : 'dots'}.`;
	return null;
}

/** Only the dots worth keeping: options with at least one dot. */
export function cleanAllocation(allocation: Allocation): Allocation {
	return Object.fromEntries(Object.entries(allocation).filter(([, dots]) => dots > 0));
}

/** Dots from one published group: a team, or a pool of teams too small to show alone. */
export interface GroupResult {
	teams: Team[];
	voters: number;
	totals: Record<string, number>;
}

/**
 * What the reveal publishes. Totals are the sum of the groups, and every
 * group has at least the minimum number of voters (see disclosure.ts), so no
 * combination of figures gives away one person's ballot.
 */
export interface VoteResults {
	/** Everyone who voted. */
	voters: number;
	/** Dots per option from everyone; all zero when too few voted to show anything. */
	totals: Record<string, number>;
	/** Options with the most dots (several on a tie). */
	winners: string[];
	groups: GroupResult[];
}

/**
 * Tally ballots. The last ballot per voter counts (a re-vote replaces), and the
 * order of ballots does not matter otherwise. A named vote publishes every
 * ballot anyway, so there each team is shown whatever its size.
 */
export function tally(options: readonly VoteOption[], ballots: readonly Ballot[], minTeamVoters = DEFAULT_MIN_TEAM_VOTERS, named = false): VoteResults {
	const latest = new Map<string, Ballot>();
	for (const ballot of ballots) latest.set(ballot.voterId, ballot);
	const zero = () => Object.fromEntries(options.map((o) => [o.id, 0])) as Record<string, number>;
	const byTeam = new Map<Team, { voters: number; totals: Record<string, number> }>();
	for (const ballot of latest.values()) {
		// Only observers have no team and they cannot vote; count such a ballot with "other" rather than nowhere.
		const team = ballot.team ?? 'other';
		const t = byTeam.get(team) ?? { voters: 0, totals: zero() };
		t.voters += 1;
		for (const [optionId, dots] of Object.entries(ballot.allocation)) if (optionId in t.totals) t.totals[optionId]! += dots;
		byTeam.set(team, t);
	}
	const plan = disclosure(Object.fromEntries([...byTeam].map(([team, t]) => [team, t.voters])), named ? 1 : minTeamVoters);
	const groups = plan.map((teams): GroupResult => {
		const totals = zero();
		let voters = 0;
		for (const team of teams) {
			const t = byTeam.get(team)!;
			voters += t.voters;
			for (const id of Object.keys(totals)) totals[id]! += t.totals[id]!;
		}
		return { teams, voters, totals };
	});
	const totals = zero();
	for (const g of groups) for (const id of Object.keys(totals)) totals[id]! += g.totals[id]!;
	return { voters: latest.size, totals, winners: leaders(totals), groups };
}

/** Sales against marketing, when they are in different published groups. */
export function resultsAgreement(results: VoteResults, vote: { kind: VoteKind; options: readonly VoteOption[] }): VoteAgreement | null {
	const sales = groupOf(results.groups, 'sales');
	const marketing = groupOf(results.groups, 'marketing');
	if (!sales || !marketing || sales === marketing) return null;
	return voteAgreement(
		{ totals: sales.totals, noun: groupNoun(sales.teams, 'sales') },
		{ totals: marketing.totals, noun: groupNoun(marketing.teams, 'marketing') },
		vote.kind,
		(id) => vote.options.find((o) => o.id === id)?.text ?? id
	);
}

/** The option sales (or marketing) favoured, when published apart from the other side: a pooled group speaks for no one team. */
export function sideFavourite(results: VoteResults | null, side: 'sales' | 'marketing'): string | null {
	const groups = results?.groups ?? [];
	const own = groupOf(groups, side);
	const other = groupOf(groups, side === 'sales' ? 'marketing' : 'sales');
	return own && own !== other ? favourite(own.totals) : null;
}

/** "dots" or "votes", as people say it for this kind of vote. */
export function unitOf(kind: VoteKind, count = 2): string {
	return kind === 'single' ? (count === 1 ? 'vote' : 'votes') : count === 1 ? 'dot' : 'dots';
}

/** A named ballot in words: "option 2" for a single choice, "2 dots on option 1, 1 dot on option 3" for dots. */
export function ballotInWords(kind: VoteKind, options: readonly Pick<VoteOption, 'id'>[], allocation: Allocation): string {
	const given = options.map((o, i) => ({ n: i + 1, count: allocation[o.id] ?? 0 })).filter((o) => o.count > 0);
	if (given.length === 0) return 'nothing';
	if (kind === 'single') return given.map((o) => `option ${o.n}`).join(', ');
	return given.map((o) => `${o.count} ${unitOf(kind, o.count)} on option ${o.n}`).join(', ');
}

/**
 * Results revealed by earlier versions carried `byTeam` (a hidden team as
 * null) instead of groups; read them as groups so every view has one shape.
 */
export function readVoteResults(raw: unknown): VoteResults | null {
	if (!raw || typeof raw !== 'object') return null;
	const r = raw as Partial<VoteResults> & { byTeam?: { team: Team; voters: number; totals: Record<string, number> | null }[] };
	if (Array.isArray(r.groups)) return r as VoteResults;
	const groups = (r.byTeam ?? []).filter((t) => t.totals !== null && t.voters > 0).map((t) => ({ teams: [t.team], voters: t.voters, totals: t.totals! }));
	return { voters: r.voters ?? 0, totals: r.totals ?? {}, winners: r.winners ?? [], groups };
}

function leaders(totals: Record<string, number>): string[] {
	const max = Math.max(0, ...Object.values(totals));
	return max === 0 ? [] : Object.keys(totals).filter((id) => totals[id] === max);
}
