/**
 * The shared metrics' values over time against their target, each on its own
 * horizon (sales' weeks and months, marketing's quarters and years), so both
 * teams look at the same numbers. Buckets are calendar periods in UTC dates;
 * a week starts on Monday (ISO 8601).
 */
import type { Horizon } from '../doc/content.js';
import type { MetricValue } from './fieldLogs.js';
import { isIsoDate } from './timeline.js';

/** Five years of weeks: a date typed wrong must not make a million buckets (the newest are kept). */
export const BUCKETS_MAX = 260;

/** How a period's values make its figure: counts add up, rates average, levels (ARR, pipeline) are read at the end. */
export type Aggregation = 'sum' | 'mean' | 'last';

export interface SeriesMetric {
	id: string;
	name: string;
	/** As typed in the workshop: "120 qualified leads a month", "win rate 30 %", "churn under 2 %". */
	target: string;
	horizon: Horizon;
}

export interface Bucket {
	/** First day, YYYY-MM-DD. */
	start: string;
	label: string;
	/** Null when nothing was recorded in the period. */
	value: number | null;
	/** Values recorded in the period. */
	count: number;
	/** Null without a value or a target. */
	met: boolean | null;
}

export interface MetricSeries {
	metricId: string;
	name: string;
	horizon: Horizon;
	aggregation: Aggregation;
	/** The number the target names, or null when it names none. */
	target: number | null;
	/** Whether a figure should reach the target or stay under it. */
	direction: 'at-least' | 'at-most';
	/** Oldest first, without gaps. */
	buckets: Bucket[];
	/** The newest period with a value. */
	latest: Bucket | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400_000;
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/** The first number a target names, with "k"/"m"/"bn" applied ("€2m ARR" → 2,000,000; "1,200 a year" → 1200; "30 %" → 30). */
export function targetNumber(target: string): number | null {
	const m = /(?<![A-Za-z\d])(\d[\d,. \u00a0\u202f]*\d|\d)\s*(k|thousand|mn|m|million|bn|b|billion)?\b/i.exec(typeof target === 'string' ? target : '');
	if (!m) return null;
	let digits = m[1]!.replace(/[ \u00a0\u202f]/g, '');
	// One separator followed by exactly three digits is a thousands separator; otherwise the last one is the decimal mark.
	if (/^\d{1,3}([,.]\d{3})+$/.test(digits) && !/^\d+\.\d{3}$/.test(digits)) digits = digits.replace(/[,.]/g, '');
	const last = Math.max(digits.lastIndexOf(','), digits.lastIndexOf('.'));
	const n = last < 0 ? Number(digits) : Number(`${digits.slice(0, last).replace(/[,.]/g, '')}.${digits.slice(last + 1)}`);
	if (!Number.isFinite(n)) return null;
	return n * (m[2] ? SCALE[m[2].toLowerCase()]! : 1);
}

/** "under", "at most", "≤", "fewer than": a target to stay below (churn, cost per lead). */
export function targetDirection(target: string): 'at-least' | 'at-most' {
	return /(\b(under|below|max(imum)?|at most|less than|fewer than|no more than|reduce|cut)\b|[<≤])/i.test(target) ? 'at-most' : 'at-least';
}

/** A rate or ratio averages over a period; a level (ARR, MRR, pipeline) is its last reading; anything else adds up. */
export function aggregationOf(target: string): Aggregation {
	if (/%|×|\b\d+(\.\d+)?x\b|\b(rate|ratio|share|average|avg|mean|score|nps)\b/i.test(target)) return 'mean';
	if (/\b(arr|mrr|pipeline|backlog|headcount|total)\b/i.test(target)) return 'last';
	return 'sum';
}

/** The first day of the period `date` falls in. */
export function bucketStart(date: string, horizon: Horizon): string {
	const [y, m] = [date.slice(0, 4), Number(date.slice(5, 7))];
	if (horizon === 'year') return `${y}-01-01`;
	if (horizon === 'quarter') return `${y}-${pad(m - ((m - 1) % 3))}-01`;
	if (horizon === 'month') return `${y}-${pad(m)}-01`;
	const t = Date.parse(`${date}T00:00:00Z`);
	const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
	return new Date(monday).toISOString().slice(0, 10);
}

export function bucketLabel(start: string, horizon: Horizon): string {
	const y = start.slice(0, 4);
	const m = Number(start.slice(5, 7));
	if (horizon === 'year') return y;
	if (horizon === 'quarter') return `Q${Math.ceil(m / 3)} ${y}`;
	if (horizon === 'month') return `${MONTHS[m - 1]} ${y}`;
	return `Week of ${Number(start.slice(8, 10))} ${MONTHS[m - 1]} ${y}`;
}

/** The start of the period `by` periods after (or before) the one starting on `start`. */
function shift(start: string, horizon: Horizon, by: number): string {
	if (horizon === 'week') return new Date(Date.parse(`${start}T00:00:00Z`) + 7 * by * DAY).toISOString().slice(0, 10);
	const months = by * (horizon === 'month' ? 1 : horizon === 'quarter' ? 3 : 12);
	const total = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + months;
	return `${String(Math.floor(total / 12)).padStart(4, '0')}-${pad((total % 12) + 1)}-01`;
}

/**
 * One metric's figure per period from `from` (the launch, when known) to `today`, both YYYY-MM-DD,
 * widened to the oldest and newest values. Two values of one metric on one date: the later in `values` counts
 * (a correction typed in after an import replaces it).
 */
export function metricSeries(metric: SeriesMetric, values: readonly MetricValue[], range: { from?: string; today: string }, aggregation = aggregationOf(metric.target)): MetricSeries {
	const horizon: Horizon = ['week', 'month', 'quarter', 'year'].includes(metric.horizon) ? metric.horizon : 'month';
	const byDate = new Map<string, number>();
	for (const v of values) if (v && v.metricId === metric.id && isIsoDate(v.date) && Number.isFinite(v.value)) byDate.set(v.date, v.value);
	const dates = [...byDate.keys()].sort();
	const ends = [range.from, range.today, dates[0], dates[dates.length - 1]].filter((d): d is string => typeof d === 'string' && isIsoDate(d)).sort();
	const target = targetNumber(metric.target);
	const direction = targetDirection(metric.target);
	const base = { metricId: metric.id, name: metric.name, horizon, aggregation, target, direction };
	if (ends.length === 0) return { ...base, buckets: [], latest: null };

	// Walk back from the newest period, so a stray date far in the past costs nothing.
	const first = bucketStart(ends[0]!, horizon);
	const starts: string[] = [];
	for (let s = bucketStart(ends[ends.length - 1]!, horizon); s >= first && starts.length < BUCKETS_MAX; s = shift(s, horizon, -1)) starts.unshift(s);
	const index = new Map(starts.map((s, i) => [s, i]));
	const sums = starts.map(() => ({ sum: 0, count: 0, last: 0 }));
	for (const date of dates) {
		const i = index.get(bucketStart(date, horizon));
		if (i === undefined) continue;
		const value = byDate.get(date)!;
		sums[i]!.sum += value;
		sums[i]!.count += 1;
		sums[i]!.last = value;
	}
	const buckets = starts.map((start, i): Bucket => {
		const { sum, count, last: lastValue } = sums[i]!;
		const value = count === 0 ? null : aggregation === 'sum' ? sum : aggregation === 'mean' ? sum / count : lastValue;
		const met = value === null || target === null ? null : direction === 'at-least' ? value >= target : value <= target;
		return { start, label: bucketLabel(start, horizon), value, count, met };
	});
	return { ...base, buckets, latest: [...buckets].reverse().find((b) => b.value !== null) ?? null };
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}
