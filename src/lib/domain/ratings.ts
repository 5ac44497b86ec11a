/**
 * Stress-test ratings: each participant rates each claim on four criteria, 1–5.
 * Pure statistics over ballots; the server publishes only these aggregates.
 */
import { divergence } from './divergence.js';
import { TEAMS, type Team } from './teams.js';
import { DEFAULT_MIN_TEAM_VOTERS } from './voting.js';

export const CRITERIA = [
	{ id: 'true', label: 'True', question: 'Can we back it?' },
	{ id: 'consistent', label: 'Consistent', question: 'On brand, the same story everywhere?' },
	{ id: 'deliverable', label: 'Deliverable', question: 'Can we deliver what it promises?' },
	{ id: 'conversation', label: 'Works in a conversation', question: 'Does it survive the objections?' }
] as const;

export type Criterion = (typeof CRITERIA)[number]['id'];
export const CRITERION_IDS: readonly Criterion[] = CRITERIA.map((c) => c.id);

/** claim id → criterion → score 1–5. */
export type Scores = Record<string, Partial<Record<Criterion, number>>>;

export interface RatingBallot {
	raterId: string;
	team: Team | null;
	scores: Scores;
}

export function scoresProblem(claimIds: readonly string[], scores: unknown): string | null {
	if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) return 'Scores map claim ids to criteria.';
	let count = 0;
	for (const [claimId, byCriterion] of Object.entries(scores)) {
		if (!claimIds.includes(claimId)) return 'That claim is not in this round.';
		if (typeof byCriterion !== 'object' || byCriterion === null || Array.isArray(byCriterion)) return 'Scores map criteria to 1–5.';
		for (const [criterion, score] of Object.entries(byCriterion)) {
			if (!(CRITERION_IDS as readonly string[]).includes(criterion)) return `Unknown criterion "${criterion.slice(0, 20)}".`;
			if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) return 'Scores are whole numbers from 1 to 5.';
			count += 1;
		}
	}
	return count === 0 ? 'Rate at least one claim.' : null;
}

export interface CellStats {
	n: number;
	mean: number | null;
	/** Standard deviation of the scores (0 when everyone agrees). */
	spread: number | null;
	/** Mean per team; null when fewer than the minimum rated. */
	byTeam: Partial<Record<Team, number | null>>;
	/** Sales vs marketing, over their distributions of scores 1–5. */
	divergence: number | null;
}

export interface ClaimStats {
	claimId: string;
	criteria: Record<Criterion, CellStats>;
	/** The largest divergence over the criteria (what the room should talk about first). */
	maxDivergence: number | null;
}

export interface RatingResults {
	raters: number;
	/** Claims, the most contested first (then by claim order). */
	claims: ClaimStats[];
	/** criterion → the claim with the lowest mean, when exactly one claim has it. */
	weakest: Partial<Record<Criterion, string>>;
}

export function ratingStats(claimIds: readonly string[], ballots: readonly RatingBallot[], minTeamRaters = DEFAULT_MIN_TEAM_VOTERS): RatingResults {
	const latest = new Map<string, RatingBallot>();
	for (const ballot of ballots) latest.set(ballot.raterId, ballot);
	const all = [...latest.values()];

	const claims = claimIds.map((claimId, order): ClaimStats & { order: number } => {
		const criteria = {} as Record<Criterion, CellStats>;
		for (const criterion of CRITERION_IDS) {
			const scored = all.flatMap((b) => {
				const score = b.scores[claimId]?.[criterion];
				return typeof score === 'number' ? [{ team: b.team, score }] : [];
			});
			const scores = scored.map((s) => s.score);
			const byTeam: Partial<Record<Team, number | null>> = {};
			const histogram: Partial<Record<Team, Record<string, number>>> = {};
			for (const team of TEAMS) {
				const mine = scored.filter((s) => s.team === team).map((s) => s.score);
				byTeam[team] = mine.length >= minTeamRaters ? mean(mine) : null;
				if (mine.length >= minTeamRaters) histogram[team] = counts(mine);
			}
			criteria[criterion] = {
				n: scores.length,
				mean: scores.length ? mean(scores) : null,
				spread: scores.length ? deviation(scores) : null,
				byTeam,
				divergence: histogram.sales && histogram.marketing ? divergence(histogram.sales, histogram.marketing) : null
			};
		}
		const divergences = CRITERION_IDS.map((c) => criteria[c].divergence).filter((d): d is number => d !== null);
		return { claimId, criteria, maxDivergence: divergences.length ? Math.max(...divergences) : null, order };
	});

	// A claim is the weakest on a criterion only when it alone has the lowest mean.
	const weakest: Partial<Record<Criterion, string>> = {};
	for (const criterion of CRITERION_IDS) {
		const means = claims.flatMap((c) => (c.criteria[criterion].mean === null ? [] : [{ id: c.claimId, mean: c.criteria[criterion].mean! }]));
		const lowest = Math.min(...means.map((m) => m.mean));
		const atLowest = means.filter((m) => m.mean === lowest);
		if (means.length > 1 && atLowest.length === 1) weakest[criterion] = atLowest[0]!.id;
	}

	claims.sort((a, b) => (b.maxDivergence ?? -1) - (a.maxDivergence ?? -1) || a.order - b.order);
	return { raters: latest.size, claims: claims.map(({ order: _, ...rest }) => rest), weakest };
}

function mean(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0) / values.length;
}

function deviation(values: readonly number[]): number {
	const m = mean(values);
	return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

function counts(values: readonly number[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[v] = (out[v] ?? 0) + 1;
	return out;
}
