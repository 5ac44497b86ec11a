/**
 * The horizon a metric's target speaks of ("120 a month", "+15 % per quarter", "£2m ARR"):
 * sales are measured on the spot and marketing over quarters or years, and the horizon
 * chosen in the table should say what the target says.
 */
import type { Horizon } from '../doc/content';

const PATTERNS: [Horizon, RegExp][] = [
	['week', /\b(weekly|(a|per|each|every|\/)\s*(week|wk)|\/\s*wk|w\/w|wow)\b/i],
	['month', /\b(monthly|(a|per|each|every|\/)\s*(month|mo)|\/\s*mo|m\/m|mom|mrr)\b/i],
	['quarter', /\b(quarterly|(a|per|each|every|\/)\s*(quarter|qtr)|\/\s*q|q\/q|qoq|q[1-4])\b/i],
	['year', /\b(yearly|annual(ly)?|(a|per|each|every|\/)\s*(year|yr)|\/\s*yr|y\/y|yoy|arr|fy\s*\d{2,4})\b/i]
];

/** The one horizon a target names, or null when it names none or several. */
export function horizonOf(target: string): Horizon | null {
	const named = PATTERNS.filter(([, pattern]) => pattern.test(target)).map(([horizon]) => horizon);
	return named.length === 1 ? named[0]! : null;
}
