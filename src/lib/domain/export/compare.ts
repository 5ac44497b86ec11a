/**
 * Compare two versions of a workshop, line by line, with the words that changed
 * marked: what "changed since signed" shows and what the version compare shows.
 */
import type { ExportData } from './model.js';

export interface Piece {
	text: string;
	kind: 'same' | 'added' | 'removed';
}

export interface LineChange {
	label: string;
	before: string;
	after: string;
	changed: boolean;
	pieces: Piece[];
}

/** The proposition's lines (and the other sections' sizes) of two versions, side by side. */
export function compareVersions(before: ExportData, after: ExportData): LineChange[] {
	const lines = (d: ExportData): [string, string][] => [
		['Headline', d.proposition.headline],
		['One-liner', d.proposition.oneLiner],
		...d.proposition.statement.map((s): [string, string] => [s.label, s.text]),
		...d.proposition.claims.map((c): [string, string] => [c.label, c.text]),
		['Notes', d.proposition.notes],
		['Glossary', d.glossary.map((g) => `${g.weSay} (${g.marketingSays} / ${g.salesSays})`).join('; ')],
		['Metrics', d.metrics.map((m) => `${m.name}: ${m.target} per ${m.horizon}`).join('; ')],
		['Lead hand-off', d.handoff.fields.filter((f) => f.status === 'required').map((f) => f.field).join(', ')],
		['Ramp-up', d.timeline.map((m) => `${m.date} ${m.title}`).join('; ')]
	];
	const a = new Map(lines(before));
	const b = new Map(lines(after));
	const labels = [...new Set([...a.keys(), ...b.keys()])];
	return labels.map((label) => {
		const x = a.get(label) ?? '';
		const y = b.get(label) ?? '';
		return { label, before: x, after: y, changed: x !== y, pieces: diffWords(x, y) };
	});
}

/** Word-level difference (longest common subsequence), keeping spaces with their words. */
export function diffWords(before: string, after: string): Piece[] {
	const a = before.split(/(?<=\s)/);
	const b = after.split(/(?<=\s)/);
	if (before === '') a.length = 0;
	if (after === '') b.length = 0;
	const n = a.length;
	const m = b.length;
	const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
	const pieces: Piece[] = [];
	const push = (text: string, kind: Piece['kind']) => {
		const last = pieces.at(-1);
		if (last?.kind === kind) last.text += text;
		else pieces.push({ text, kind });
	};
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			push(a[i]!, 'same');
			i++;
			j++;
		} else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push(a[i++]!, 'removed');
		else push(b[j++]!, 'added');
	}
	while (i < n) push(a[i++]!, 'removed');
	while (j < m) push(b[j++]!, 'added');
	return pieces;
}
