/**
 * Stress-test ratings: each participant rates each claim on four criteria, 1–5.
 * Pure statistics over ballots; the server publishes only these aggregates.
 */
import { meansSplit, splitSentence, teamsSplit } from './agreement.js';
import { disclosure, groupNoun, groupOf } from './disclosure.js';
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
	/** Everyone who scored this cell; mean and spread are published only when groups are. */
	n: number;
	mean: number | null;
	/** Standard deviation of the scores (0 when everyone agrees). */
	spread: number | null;
	/** Mean per team shown on its own; null when the team is pooled or did not score. */
	byTeam: Partial<Record<Team, number | null>>;
	/** The published groups (disclosure.ts): a team, or a pool of teams too small to show alone. */
	groups: { teams: Team[]; n: number; mean: number }[];
	/** Sales and marketing judge this criterion differently in substance (agreement.ts). */
	contested: boolean;
}

export interface ClaimStats {
	claimId: string;
	criteria: Record<Criterion, CellStats>;
	/** The criteria on which sales and marketing split, in criteria order. */
	contested: Criterion[];
	/** The largest gap between the sales and marketing means, in points (what the room should talk about first). */
	gap: number | null;
}

export interface RatingResults {
	raters: number;
	/** Claims, the contested first, then by the gap between the teams (then by claim order). */
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
			const byTeamScores = new Map<Team, number[]>();
			for (const b of all) {
				const score = b.scores[claimId]?.[criterion];
				if (typeof score !== 'number') continue;
				const team = b.team ?? 'other';
				byTeamScores.set(team, [...(byTeamScores.get(team) ?? []), score]);
			}
			const plan = disclosure(Object.fromEntries([...byTeamScores].map(([t, s]) => [t, s.length])), minTeamRaters);
			const scoresOf = (teams: readonly Team[]) => teams.flatMap((t) => byTeamScores.get(t) ?? []);
			const shown = scoresOf(plan.flat());
			const groups = plan.map((teams) => ({ teams, n: scoresOf(teams).length, mean: mean(scoresOf(teams)) }));
			const byTeam: Partial<Record<Team, number | null>> = {};
			for (const team of TEAMS) byTeam[team] = groups.find((g) => g.teams.length === 1 && g.teams[0] === team)?.mean ?? null;
			const sales = groupOf(groups, 'sales');
			const marketing = groupOf(groups, 'marketing');
			criteria[criterion] = {
				n: [...byTeamScores.values()].reduce((sum, s) => sum + s.length, 0),
				mean: shown.length ? mean(shown) : null,
				spread: shown.length ? deviation(shown) : null,
				byTeam,
				groups,
				contested: !!sales && !!marketing && sales !== marketing && teamsSplit(scoresOf(sales.teams), scoresOf(marketing.teams))
			};
		}
		return { claimId, ...summarise(criteria), order };
	});

	// A claim is the weakest on a criterion only when it alone has the lowest mean.
	const weakest: Partial<Record<Criterion, string>> = {};
	for (const criterion of CRITERION_IDS) {
		const means = claims.flatMap((c) => (c.criteria[criterion].mean === null ? [] : [{ id: c.claimId, mean: c.criteria[criterion].mean! }]));
		const lowest = Math.min(...means.map((m) => m.mean));
		const atLowest = means.filter((m) => m.mean === lowest);
		if (means.length > 1 && atLowest.length === 1) weakest[criterion] = atLowest[0]!.id;
	}

	claims.sort((a, b) => Number(b.contested.length > 0) - Number(a.contested.length > 0) || (b.gap ?? -1) - (a.gap ?? -1) || a.order - b.order);
	return { raters: latest.size, claims: claims.map(({ order: _, ...rest }) => rest), weakest };
}

/** The means the room compares on one criterion: the groups holding sales and marketing, when they differ. */
export function sides(cell: CellStats): { sales: { mean: number; noun: string }; marketing: { mean: number; noun: string } } | null {
	const sales = groupOf(cell.groups, 'sales');
	const marketing = groupOf(cell.groups, 'marketing');
	if (!sales || !marketing || sales === marketing) return null;
	return { sales: { mean: sales.mean, noun: groupNoun(sales.teams, 'sales') }, marketing: { mean: marketing.mean, noun: groupNoun(marketing.teams, 'marketing') } };
}

function summarise(criteria: Record<Criterion, CellStats>): Pick<ClaimStats, 'criteria' | 'contested' | 'gap'> {
	const gaps = CRITERION_IDS.flatMap((c) => {
		const s = sides(criteria[c]);
		return s ? [Math.abs(s.sales.mean - s.marketing.mean)] : [];
	});
	return { criteria, contested: CRITERION_IDS.filter((c) => criteria[c].contested), gap: gaps.length ? Math.max(...gaps) : null };
}

/** "Deliverable: sales doubt it (1.3), marketing are sure (4.3)", for each criterion the teams split on. */
export function claimSplits(stats: ClaimStats): string[] {
	return stats.contested.flatMap((id) => {
		const s = sides(stats.criteria[id]);
		return s ? [splitSentence(CRITERIA.find((c) => c.id === id)!.label, s.sales.mean, s.marketing.mean, s.sales.noun, s.marketing.noun)] : [];
	});
}

/**
 * Results revealed by earlier versions had a distribution distance instead of
 * the split; judge those from the published team means alone.
 */
export function readRatingResults(raw: unknown): RatingResults | null {
	if (!raw || typeof raw !== 'object') return null;
	const r = raw as RatingResults;
	if (!Array.isArray(r.claims)) return null;
	if (r.claims.every((c) => Array.isArray(c.contested))) return r;
	const claims = r.claims.map((c) => {
		const criteria = {} as Record<Criterion, CellStats>;
		for (const id of CRITERION_IDS) {
			const cell = c.criteria[id];
			const { sales, marketing } = cell?.byTeam ?? {};
			criteria[id] = {
				n: cell?.n ?? 0,
				mean: cell?.mean ?? null,
				spread: cell?.spread ?? null,
				byTeam: cell?.byTeam ?? {},
				groups: TEAMS.flatMap((t) => (typeof cell?.byTeam?.[t] === 'number' ? [{ teams: [t], n: 0, mean: cell.byTeam[t]! }] : [])),
				contested: sales != null && marketing != null && meansSplit(sales, marketing)
			};
		}
		return { claimId: c.claimId, ...summarise(criteria) };
	});
	return { raters: r.raters ?? 0, claims, weakest: r.weakest ?? {} };
}

function mean(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0) / values.length;
}

function deviation(values: readonly number[]): number {
	const m = mean(values);
	return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}
