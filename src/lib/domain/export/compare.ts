/**
 * Compare two versions of a workshop, line by line, with the words that changed
 * marked: what "changed since signed" shows and what the version compare shows.
 */
import { diffArrays } from 'diff';
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

/**
 * Past this many inserted and removed words a line is shown as one removal and one addition:
 * Myers' diff costs about (n + m) × edits, and such a line was rewritten anyway.
 */
const MAX_EDITS = 300;

/**
 * Word-level difference (jsdiff's Myers diff over words, marks and the spaces between them). Spaces are
 * tokens of their own: kept with their words, "data" at a line's end and "data " before an
 * inserted "and …" were different words, and an insertion read as "~~data~~ data and …".
 * Within a run of changes, the removed words come first and the added after, spaces included.
 */
export function diffWords(before: string, after: string): Piece[] {
	// Words (with inner apostrophes), each punctuation mark, and runs of space: "road" and "road,"
	// share the word, so ", every day" added after it reads as an insertion only.
	const words = (text: string) => text.match(/\s+|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu) ?? [];
	const changes = diffArrays(words(before), words(after), { maxEditLength: MAX_EDITS });
	if (!changes) return [...(before ? [{ text: before, kind: 'removed' as const }] : []), ...(after ? [{ text: after, kind: 'added' as const }] : [])];
	const pieces: Piece[] = [];
	let removed = '';
	let added = '';
	const push = (text: string, kind: Piece['kind']) => {
		if (!text) return;
		const last = pieces.at(-1);
		if (last?.kind === kind) last.text += text;
		else pieces.push({ text, kind });
	};
	changes.forEach((change, i) => {
		const text = change.value.join('');
		if (change.added) added += text;
		else if (change.removed) removed += text;
		// Spaces alone between two changes belong to the change: "~~a b~~ x y", not "~~a~~ x ~~b~~ y".
		else if (/^\s+$/.test(text) && (removed || added) && i < changes.length - 1) {
			removed += text;
			added += text;
		} else {
			push(removed, 'removed');
			push(added, 'added');
			removed = added = '';
			push(text, 'same');
		}
	});
	push(removed, 'removed');
	push(added, 'added');
	return pieces;
}
