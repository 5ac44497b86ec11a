/**
 * The weekly digest of the field phase as plain data, for the Markdown and PDF
 * renderers (like the export model: one model, a block per renderer), and the
 * "next round" seed: what failed in the field, as insight notes with their
 * evidence, for the Draft stage of a new round.
 */
import type { FieldView } from './fieldView.js';
import type { LeadQuality } from './leadQuality.js';
import type { MetricSeries } from './metricSeries.js';
import type { Horizon } from '../doc/content.js';

/** Objections worth a reader's time in a digest or a new round; the rest stay in the field view. */
export const TOP_OBJECTIONS = 5;
/** An objection heard once is an anecdote: top objections were heard at least this often. */
export const OBJECTION_MIN_COUNT = 2;
/** Note text stays well within what a sticky note shows. */
const NOTE_TEXT_MAX = 280;

export interface DigestClaim {
	claimId: string;
	text: string;
	uses: number;
	workedShare: number;
	/** Why it fails, beside the stress-test's prediction (failing claims only). */
	flag?: string;
}

export interface DigestObjection {
	claimId: string;
	claimText: string;
	text: string;
	count: number;
	/** The claim's uses, and count / uses. */
	uses: number;
	share: number;
}

export interface DigestMetric {
	metricId: string;
	name: string;
	horizon: Horizon;
	/** The newest period with a value ("Mar 2026"), or null when none was recorded. */
	period: string | null;
	value: number | null;
	target: number | null;
	direction: 'at-least' | 'at-most';
	met: boolean | null;
}

export interface FieldDigest {
	/** YYYY-MM-DD: the week since launch it covers up to, and when it was made. */
	asOf: string;
	/** Weeks since launch (1: launch week). */
	week: number;
	conversations: { logs: number; uses: number; workedShare: number | null };
	claimsThatWork: DigestClaim[];
	claimsThatFail: DigestClaim[];
	topObjections: DigestObjection[];
	metrics: DigestMetric[];
	leads: { leads: number; metShare: number | null; returned: number; mostMissing: { label: string; count: number }[]; topReasons: { text: string; count: number }[] };
}

export function fieldDigest(input: { view: FieldView; leads: LeadQuality; metrics: readonly MetricSeries[]; now: number }): FieldDigest {
	const { view, leads, metrics, now } = input;
	const digestClaim = (c: FieldView['claims'][number]): DigestClaim => ({ claimId: c.claimId, text: c.text, uses: c.uses, workedShare: c.workedShare ?? 0, ...(c.flag ? { flag: c.flag } : {}) });
	const works = view.claims.filter((c) => c.verdict === 'works').sort((a, b) => (b.workedShare ?? 0) - (a.workedShare ?? 0) || b.uses - a.uses);
	const failing = view.failing.flatMap((id) => view.claims.filter((c) => c.claimId === id));
	return {
		asOf: Number.isFinite(now) ? new Date(now).toISOString().slice(0, 10) : '',
		week: view.weekCount,
		conversations: { logs: view.totals.logs, uses: view.totals.uses, workedShare: view.totals.uses ? view.totals.worked / view.totals.uses : null },
		claimsThatWork: works.map(digestClaim),
		claimsThatFail: failing.map(digestClaim),
		topObjections: topObjections(view),
		metrics: metrics.map((m) => ({
			metricId: m.metricId,
			name: m.name,
			horizon: m.horizon,
			period: m.latest?.label ?? null,
			value: m.latest?.value ?? null,
			target: m.target,
			direction: m.direction,
			met: m.latest?.met ?? null
		})),
		leads: {
			leads: leads.leads,
			metShare: leads.metShare,
			returned: leads.returned,
			mostMissing: leads.missing.slice(0, TOP_OBJECTIONS).map((m) => ({ label: m.label, count: m.count })),
			topReasons: leads.returnReasons.slice(0, TOP_OBJECTIONS).map((r) => ({ text: r.text, count: r.count }))
		}
	};
}

/** The objections heard most across all claims (each grouped within its claim), most heard first. */
export function topObjections(view: FieldView, limit = TOP_OBJECTIONS): DigestObjection[] {
	return view.claims
		.flatMap((c) => c.objections.filter((o) => o.count >= OBJECTION_MIN_COUNT).map((o) => ({ claimId: c.claimId, claimText: c.text, text: o.text, count: o.count, uses: c.uses, share: o.count / c.uses })))
		.sort((a, b) => b.count - a.count || b.share - a.share || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
		.slice(0, limit);
}

/** A note for the next round's Draft stage: which board column, its text, what it rests on, and the claim line it challenges. */
export interface InsightSeed {
	column: 'customers-say' | 'objections';
	text: string;
	evidence: string;
	/** The proposition line (`claim-<id>`, as doc/lines.ts's claimLineId names it). */
	lineId: string;
}

/** Failing claims, then the top objections, as insight notes for a new round. */
export function nextRoundSeeds(view: FieldView, limit = TOP_OBJECTIONS): InsightSeed[] {
	const weeks = view.weekCount === 1 ? 'in the launch week' : `over the ${view.weekCount} weeks since launch`;
	const failing: InsightSeed[] = view.failing.flatMap((id) =>
		view.claims
			.filter((c) => c.claimId === id)
			.map((c) => ({
				column: 'customers-say' as const,
				text: cut(`Fails in the field: "${c.text}"`),
				evidence: `${c.flag ? `${c.flag}. ` : ''}${c.worked} of ${c.uses} conversations worked ${weeks}.`,
				lineId: `claim-${c.claimId}`
			}))
	);
	const objections = topObjections(view, limit).map((o) => ({
		column: 'objections' as const,
		text: cut(o.text),
		evidence: `Heard in ${o.count} of ${o.uses} conversations using "${o.claimText}" ${weeks}.`,
		lineId: `claim-${o.claimId}`
	}));
	return [...failing, ...objections];
}

function cut(text: string): string {
	return text.length <= NOTE_TEXT_MAX ? text : `${text.slice(0, NOTE_TEXT_MAX - 1)}…`;
}
