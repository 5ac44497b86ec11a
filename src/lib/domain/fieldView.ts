/**
 * The field view: for each signed claim, how often it was used in real
 * conversations, the share that worked, the objections heard (near-identical
 * wording grouped) and all of it by week since launch; claims that fail in the
 * field are flagged next to what the stress-test predicted for them.
 *
 * One pass over the logs (20,000 in a quarter for a sales force of 500), then
 * work per claim and per distinct objection only: no claim rescans the logs.
 */
import { groupHeard, hear, type Heard, type WordingGroup } from './wordings.js';
import { CRITERIA, CRITERION_IDS, type Criterion, type RatingResults } from './ratings.js';
import { logKey, type ConversationLog } from './fieldLogs.js';

/** Fewer uses than this say nothing yet: two bad conversations are an anecdote. */
export const FAIL_MIN_USES = 5;
/** A claim fails when less than this share of its uses worked… */
export const FAIL_WORKED_SHARE = 0.4;
/** …or when one objection (grouped) came up in at least this share of its uses. */
export const FAIL_OBJECTION_SHARE = 0.5;
/** A claim works when at least this share of at least FAIL_MIN_USES uses worked. */
export const WORKS_SHARE = 0.6;
/** Five years of weeks: a launch date typed wrong must not make a million buckets. */
export const WEEKS_MAX = 260;

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface FieldClaim {
	id: string;
	text: string;
}

/** claim id → criterion → the stress-test's mean score (1–5). */
export type Predictions = Record<string, Partial<Record<Criterion, number | null>>>;

export interface OutcomeCounts {
	uses: number;
	worked: number;
	objection: number;
	flat: number;
}

export type ObjectionGroup = WordingGroup;

export type Failure = { kind: 'rarely-works'; worked: number; uses: number } | { kind: 'same-objection'; objection: string; count: number; uses: number };

export interface ClaimField extends OutcomeCounts {
	claimId: string;
	text: string;
	/** worked / uses; null before any use. */
	workedShare: number | null;
	/** Most heard first. Objections logged without words count in `objection` but in no group. */
	objections: ObjectionGroup[];
	/** Index = week since launch (0: launch day and the six after). */
	weeks: OutcomeCounts[];
	verdict: 'too-few' | 'works' | 'mixed' | 'fails';
	failures: Failure[];
	/** The stress-test's weakest criterion for this claim, when it was rated. */
	predicted: { criterion: Criterion; label: string; mean: number } | null;
	/** "Predicted deliverable 2.8 — in the field, 6 of 10 conversations hit the same objection ("Too expensive")", for failing claims. */
	flag: string | null;
}

export interface FieldView {
	/** Weeks since launch up to now, at least 1. */
	weekCount: number;
	totals: OutcomeCounts & { logs: number; ignoredUses: number };
	/** In signed order. */
	claims: ClaimField[];
	/** Ids of failing claims, worst worked share first. */
	failing: string[];
}

export interface FieldViewInput {
	claims: readonly FieldClaim[];
	logs: readonly ConversationLog[];
	/** YYYY-MM-DD; weeks count from its midnight UTC. */
	launchDate: string;
	now: number;
	predictions?: Predictions;
}

interface Acc extends OutcomeCounts {
	weeks: OutcomeCounts[];
	heard: Heard;
}

const zero = (): OutcomeCounts => ({ uses: 0, worked: 0, objection: 0, flat: 0 });

export function fieldView({ claims, logs, launchDate, now, predictions = {} }: FieldViewInput): FieldView {
	const launch = Date.parse(`${launchDate}T00:00:00Z`);
	const weekCount = Number.isFinite(launch) && Number.isFinite(now) ? clamp(Math.floor((now - launch) / WEEK) + 1, 1, WEEKS_MAX) : 1;
	const acc = new Map<string, Acc>();
	for (const c of claims) if (!acc.has(c.id)) acc.set(c.id, { ...zero(), weeks: Array.from({ length: weekCount }, zero), heard: new Map() });

	// A log resent after reconnecting, or edited, is one record: the last copy counts.
	const latest = new Map<string, ConversationLog>();
	for (const log of logs) if (log && Array.isArray(log.uses)) latest.set(logKey(log), log);

	const keys = new Map<string, string>();
	const totals = { ...zero(), logs: latest.size, ignoredUses: 0 };
	for (const log of latest.values()) {
		const week = Number.isFinite(launch) ? clamp(Math.floor((log.at - launch) / WEEK), 0, weekCount - 1) : 0;
		for (const use of log.uses) {
			const a = use ? acc.get(use.claimId) : undefined;
			if (!a || (use.outcome !== 'worked' && use.outcome !== 'objection' && use.outcome !== 'flat')) {
				totals.ignoredUses += 1;
				continue;
			}
			const w = a.weeks[week]!;
			a.uses += 1;
			w.uses += 1;
			totals.uses += 1;
			a[use.outcome] += 1;
			w[use.outcome] += 1;
			totals[use.outcome] += 1;
			if (use.outcome === 'objection' && typeof use.objection === 'string') hear(a.heard, use.objection, keys);
		}
	}

	const out = [...acc].map(([claimId, a]) => claimField(claimId, claims.find((c) => c.id === claimId)!.text, a, predictions[claimId]));
	const failing = out
		.filter((c) => c.verdict === 'fails')
		.sort((x, y) => (x.workedShare ?? 0) - (y.workedShare ?? 0))
		.map((c) => c.claimId);
	return { weekCount, totals, claims: out, failing };
}

function claimField(claimId: string, text: string, a: Acc, predicted: Predictions[string] | undefined): ClaimField {
	const objections = groupHeard(a.heard);
	const workedShare = a.uses ? a.worked / a.uses : null;
	const failures: Failure[] = [];
	if (a.uses >= FAIL_MIN_USES) {
		const top = objections[0];
		if (top && top.count / a.uses >= FAIL_OBJECTION_SHARE) failures.push({ kind: 'same-objection', objection: top.text, count: top.count, uses: a.uses });
		if (a.worked / a.uses < FAIL_WORKED_SHARE) failures.push({ kind: 'rarely-works', worked: a.worked, uses: a.uses });
	}
	const verdict = a.uses < FAIL_MIN_USES ? 'too-few' : failures.length ? 'fails' : workedShare! >= WORKS_SHARE ? 'works' : 'mixed';
	const weakest = weakestPrediction(predicted);
	const counts = { uses: a.uses, worked: a.worked, objection: a.objection, flat: a.flat };
	return { claimId, text, ...counts, workedShare, objections, weeks: a.weeks, verdict, failures, predicted: weakest, flag: failures.length ? flagSentence(failures, weakest) : null };
}

function weakestPrediction(predicted: Predictions[string] | undefined): ClaimField['predicted'] {
	let out: ClaimField['predicted'] = null;
	for (const criterion of CRITERION_IDS) {
		const mean = predicted?.[criterion];
		if (typeof mean !== 'number' || !Number.isFinite(mean)) continue;
		if (!out || mean < out.mean) out = { criterion, label: CRITERIA.find((c) => c.id === criterion)!.label, mean };
	}
	return out;
}

function flagSentence(failures: readonly Failure[], predicted: ClaimField['predicted']): string {
	const field = failures
		.map((f) => (f.kind === 'same-objection' ? `${f.count} of ${f.uses} conversations hit the same objection ("${f.objection}")` : `only ${f.worked} of ${f.uses} worked`))
		.join(', and ');
	return predicted ? `Predicted ${predicted.label.toLowerCase()} ${predicted.mean.toFixed(1)} — in the field, ${field}` : `In the field, ${field}`;
}

/** The stress-test's published means per claim, as the field view takes them. */
export function predictionsFrom(results: RatingResults | null): Predictions {
	const out: Predictions = {};
	for (const claim of results?.claims ?? []) {
		out[claim.claimId] = Object.fromEntries(CRITERION_IDS.map((c) => [c, claim.criteria[c]?.mean ?? null]));
	}
	return out;
}

/** `n` within min–max; not a number (a log with no time) is min. */
function clamp(n: number, min: number, max: number): number {
	return Number.isNaN(n) ? min : Math.max(min, Math.min(max, n));
}
