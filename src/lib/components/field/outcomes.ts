/**
 * How the field view words and marks outcomes and verdicts: every mark has a
 * symbol and a word beside its colour (projectors wash colours out, and one
 * reader in twelve does not tell red from green).
 */
import type { ClaimField } from '$lib/domain/fieldView';

export const OUTCOME_MARKS = [
	{ id: 'worked', label: 'worked', symbol: '✓' },
	{ id: 'objection', label: 'met an objection', symbol: '!' },
	{ id: 'flat', label: 'fell flat', symbol: '–' }
] as const;

export const VERDICTS: Record<ClaimField['verdict'], { label: string; symbol: string }> = {
	works: { label: 'Works', symbol: '✓' },
	mixed: { label: 'Mixed', symbol: '~' },
	fails: { label: 'Fails in the field', symbol: '✗' },
	'too-few': { label: 'Too few yet', symbol: '…' }
};

/** 0.456 → "46 %"; null → "—". */
export function percent(share: number | null): string {
	return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** Failing claims first (worst first, as the view orders them), then the rest in signed order. */
export function failingFirst(claims: readonly ClaimField[], failing: readonly string[]): ClaimField[] {
	const rank = new Map(failing.map((id, i) => [id, i]));
	return [...claims].sort((a, b) => (rank.get(a.claimId) ?? Infinity) - (rank.get(b.claimId) ?? Infinity));
}

/** 12,345 → "12,345"; big figures shortened ("2.4M") so the latest value fits its tile. */
export function figure(n: number | null): string {
	if (n === null || !Number.isFinite(n)) return '—';
	const abs = Math.abs(n);
	if (abs >= 1e9) return `${+(n / 1e9).toFixed(1)}bn`;
	if (abs >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
	if (abs >= 1e4) return `${+(n / 1e3).toFixed(0)}k`;
	return Number.isInteger(n) ? grouped(n) : grouped(+n.toFixed(1));
}

/** 12345.5 → "12,345.5", without Intl: the first Intl formatter of a page costs more than the whole view (bench). */
export function grouped(n: number): string {
	const [whole, fraction] = String(n).split('.');
	return whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}
