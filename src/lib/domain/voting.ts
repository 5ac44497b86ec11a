/**
 * Votes on phrasings: ballots, budgets, tallies and per-team results.
 * Pure functions; the server stores ballots and publishes only what these return.
 */
import { divergence } from './divergence.js';
import { TEAMS, type Team } from './teams.js';

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
	if (typeof allocation !== 'object' || allocation === null || Array.isArray(allocation)) return 'A ballot maps option ids to dots.';
	const ids = new Set(options.map((o) => o.id));
	let total = 0;
	let used = 0;
	for (const [optionId, dots] of Object.entries(allocation)) {
		if (!ids.has(optionId)) return 'That option is not on this vote.';
		if (typeof dots !== 'number' || !Number.isInteger(dots) || dots < 0) return 'Dots are whole numbers from 0.';
		if (dots > 1 && !config.allowStacking) return 'This vote allows one dot per option.';
		total += dots;
		if (dots > 0) used += 1;
	}
	if (total === 0) return 'A ballot gives at least one dot.';
	if (total > config.budget) return `This vote has a budget of ${config.budget} ${config.budget === 1 ? 'dot' : 'dots'}.`;
	if (config.kind === 'single' && used !== 1) return 'Choose exactly one option.';
	return null;
}

/** Only the dots worth keeping: options with at least one dot. */
export function cleanAllocation(allocation: Allocation): Allocation {
	return Object.fromEntries(Object.entries(allocation).filter(([, dots]) => dots > 0));
}

export interface TeamResult {
	team: Team;
	voters: number;
	/** null when fewer than the minimum voted: a lone ballot must not be readable. */
	totals: Record<string, number> | null;
	favourite: string | null;
}

export interface VoteResults {
	voters: number;
	totals: Record<string, number>;
	/** Options with the most dots (several on a tie). */
	winners: string[];
	byTeam: TeamResult[];
	/** Sales vs marketing, when both are visible. */
	divergence: number | null;
	favouritesDiffer: boolean;
}

/**
 * Tally ballots. The last ballot per voter counts (a re-vote replaces), and the
 * order of ballots does not matter otherwise.
 */
export function tally(options: readonly VoteOption[], ballots: readonly Ballot[], minTeamVoters = DEFAULT_MIN_TEAM_VOTERS): VoteResults {
	const latest = new Map<string, Ballot>();
	for (const ballot of ballots) latest.set(ballot.voterId, ballot);
	const zero = () => Object.fromEntries(options.map((o) => [o.id, 0])) as Record<string, number>;
	const totals = zero();
	const teamTotals = new Map<Team, Record<string, number>>();
	const teamVoters = new Map<Team, number>();
	for (const ballot of latest.values()) {
		for (const [optionId, dots] of Object.entries(ballot.allocation)) {
			if (!(optionId in totals)) continue;
			totals[optionId]! += dots;
			if (ballot.team) {
				const t = teamTotals.get(ballot.team) ?? zero();
				t[optionId]! += dots;
				teamTotals.set(ballot.team, t);
			}
		}
		if (ballot.team) teamVoters.set(ballot.team, (teamVoters.get(ballot.team) ?? 0) + 1);
	}
	const byTeam = TEAMS.map((team): TeamResult => {
		const voters = teamVoters.get(team) ?? 0;
		const visible = voters >= minTeamVoters ? (teamTotals.get(team) ?? zero()) : null;
		return { team, voters, totals: visible, favourite: visible ? favourite(visible) : null };
	});
	const sales = byTeam.find((t) => t.team === 'sales')!;
	const marketing = byTeam.find((t) => t.team === 'marketing')!;
	const apart = sales.totals && marketing.totals ? divergence(sales.totals, marketing.totals) : null;
	return {
		voters: latest.size,
		totals,
		winners: leaders(totals),
		byTeam,
		divergence: apart,
		favouritesDiffer: apart !== null && sales.favourite !== null && marketing.favourite !== null && sales.favourite !== marketing.favourite
	};
}

function leaders(totals: Record<string, number>): string[] {
	const max = Math.max(0, ...Object.values(totals));
	return max === 0 ? [] : Object.keys(totals).filter((id) => totals[id] === max);
}

/** A team's single favourite, or null on a tie or no dots. */
function favourite(totals: Record<string, number>): string | null {
	const top = leaders(totals);
	return top.length === 1 ? top[0]! : null;
}
