/**
 * Divergence: how far apart two teams are, as ONE measure used everywhere.
 *
 * Each team's answers become a distribution (its share of dots per option in a
 * vote; its share of each score 1–5 for a rated claim). Divergence is the total
 * variation distance between the two distributions: half the sum of the absolute
 * differences of the shares, from 0 (the teams answered identically) to 1 (no
 * overlap at all). Read it as "the share of one team's answers that would have
 * to move to match the other's"; shown as a percentage, "40% apart".
 */

export const DIVERGENCE_NOTABLE = 0.25;

/** Total variation distance between two weight vectors over the same keys (normalised here). */
export function divergence(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number | null {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	const sumA = [...keys].reduce((s, k) => s + (a[k] ?? 0), 0);
	const sumB = [...keys].reduce((s, k) => s + (b[k] ?? 0), 0);
	if (sumA <= 0 || sumB <= 0) return null;
	let distance = 0;
	for (const key of keys) distance += Math.abs((a[key] ?? 0) / sumA - (b[key] ?? 0) / sumB);
	// Floating error can push an identical pair a hair above 0 or a disjoint one above 1.
	return Math.min(1, Math.max(0, distance / 2));
}

export function formatDivergence(value: number): string {
	return `${Math.round(value * 100)}% apart`;
}
