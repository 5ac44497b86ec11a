/**
 * Where sales and marketing disagree: the one place that decides it and words
 * it, so the heat map, the projector and every export say the same sentence.
 *
 * Ratings (an ordered 1–5 scale). The teams split on a criterion when
 * 1. they judge it differently in substance: one team doubts it (mean below
 *    2.5) while the other is sure (mean above 3.5), or their means are at
 *    least 2 points apart; and
 * 2. the gap between their means is larger than the spread inside the teams
 *    (pooled standard deviation), so a gap that only mirrors people
 *    disagreeing within each team is not called a split between teams.
 * Agreement in degree (all 4 against all 5, all 3 against all 4) is never a
 * split.
 *
 * Votes (unordered options). How far apart the teams' dots are is the total
 * variation distance between their shares of dots per option: the share of one
 * team's dots that would have to move to match the other's ("40% apart").
 */
// ---------------------------------------------------------------- ratings

/** Below this mean a team doubts a claim; above SURE_ABOVE it is sure. */
export const DOUBT_BELOW = 2.5;
export const SURE_ABOVE = 3.5;
/** Means this far apart are a split whatever side of the scale they sit on. */
export const FAR_APART = 2;

export type Stance = 'doubt' | 'undecided' | 'sure';

export function stance(mean: number): Stance {
	return mean < DOUBT_BELOW ? 'doubt' : mean > SURE_ABOVE ? 'sure' : 'undecided';
}

const STANCE_WORDS: Record<Stance, string> = { doubt: 'doubt it', undecided: 'are undecided', sure: 'are sure' };

function mean(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sum of squared deviations from the mean. */
function squares(values: readonly number[]): number {
	const m = mean(values);
	return values.reduce((s, v) => s + (v - m) ** 2, 0);
}

/**
 * Do the two teams' scores on one criterion split them? Both teams must have
 * answered; the caller passes only teams large enough to be published.
 */
export function teamsSplit(sales: readonly number[], marketing: readonly number[]): boolean {
	if (sales.length === 0 || marketing.length === 0) return false;
	const a = mean(sales);
	const b = mean(marketing);
	const gap = Math.abs(a - b);
	const substance = (Math.min(a, b) < DOUBT_BELOW && Math.max(a, b) > SURE_ABOVE) || gap >= FAR_APART - 1e-9;
	const pooledSpread = Math.sqrt((squares(sales) + squares(marketing)) / (sales.length + marketing.length));
	return substance && gap > pooledSpread;
}

/**
 * The same judgement from published means alone, for results revealed before
 * the spread was taken into account (it can only call more splits, never fewer).
 */
export function meansSplit(sales: number, marketing: number): boolean {
	return teamsSplit([sales], [marketing]);
}

/** "Deliverable: sales doubt it (1.3), marketing are sure (4.3)"; the nouns name pooled groups ("marketing with leadership"). */
export function splitSentence(criterion: string, sales: number, marketing: number, salesNoun = 'sales', marketingNoun = 'marketing'): string {
	return `${criterion}: ${salesNoun} ${STANCE_WORDS[stance(sales)]} (${sales.toFixed(1)}), ${marketingNoun} ${STANCE_WORDS[stance(marketing)]} (${marketing.toFixed(1)})`;
}

// ---------------------------------------------------------------- votes

/** Total variation distance between two weight vectors over the same keys, 0–1; null when a side has nothing. */
export function apart(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number | null {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	const sumA = [...keys].reduce((s, k) => s + (a[k] ?? 0), 0);
	const sumB = [...keys].reduce((s, k) => s + (b[k] ?? 0), 0);
	if (sumA <= 0 || sumB <= 0) return null;
	let distance = 0;
	for (const key of keys) distance += Math.abs((a[key] ?? 0) / sumA - (b[key] ?? 0) / sumB);
	// Floating error can push an identical pair a hair above 0 or a disjoint one above 1.
	return Math.min(1, Math.max(0, distance / 2));
}

export function formatApart(value: number): string {
	return `${Math.round(value * 100)}% apart`;
}

/** Below this the teams largely agree; from SPLIT_FROM their dots mostly fall on different options. */
export const LARGELY_AGREE_BELOW = 0.25;
export const SPLIT_FROM = 0.5;

export type AgreementTone = 'agree' | 'partly' | 'split';

export interface VoteAgreement {
	tone: AgreementTone;
	sentence: string;
}

/** The option with the most of a team's weight, or null on a tie or when it gave none. */
export function favourite(totals: Readonly<Record<string, number>>): string | null {
	const max = Math.max(0, ...Object.values(totals));
	if (max === 0) return null;
	const top = Object.keys(totals).filter((id) => totals[id] === max);
	return top.length === 1 ? top[0]! : null;
}

/**
 * Sales against marketing in one vote, worded so the words agree with the
 * number: "largely agree" only below 25% apart, and "favour different options"
 * only when each side has one favourite and they differ. `noun` names a side
 * ("marketing", or "marketing with leadership" when pooled).
 */
export function voteAgreement(
	sales: { totals: Readonly<Record<string, number>>; noun: string },
	marketing: { totals: Readonly<Record<string, number>>; noun: string },
	kind: 'dots' | 'single',
	optionText: (id: string) => string
): VoteAgreement | null {
	const distance = apart(sales.totals, marketing.totals);
	if (distance === null) return null;
	const unit = kind === 'single' ? 'votes' : 'dots';
	const figure = formatApart(distance);
	const both = `${capitalise(sales.noun)} and ${marketing.noun}`;
	const fs = favourite(sales.totals);
	const fm = favourite(marketing.totals);
	if (fs !== null && fm !== null && fs !== fm) {
		return { tone: 'split', sentence: `${both} favour different options: ${sales.noun} “${optionText(fs)}”, ${marketing.noun} “${optionText(fm)}” (${figure}).` };
	}
	if (distance < LARGELY_AGREE_BELOW) return { tone: 'agree', sentence: `${both} largely agree (${figure}).` };
	const shared = fs !== null && fs === fm;
	const lead = shared ? `Both favour “${optionText(fs)}”, but` : both;
	if (distance < SPLIT_FROM) return { tone: 'partly', sentence: `${lead} ${shared ? `their other ${unit} differ` : `spread their ${unit} differently`} (${figure}).` };
	return { tone: 'split', sentence: `${lead} ${shared ? 'most of their' : 'put most of their'} ${unit} ${shared ? 'go to' : 'on'} different options (${figure}).` };
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
