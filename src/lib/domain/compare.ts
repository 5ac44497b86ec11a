/**
 * Breakout groups' versions side by side, line by line, with the same (or nearly the
 * same) wording merged: what the comparison shows, what a vote from the versions offers,
 * and what the export's "Where the lines came from" lists.
 */
import type { GroupVersion } from '../doc/control.js';
import { PROPOSITION_LINES } from '../doc/names.js';

/** One distinct wording and the groups that wrote it. */
export interface ComparedText {
	text: string;
	groupIds: string[];
}

export interface ComparedLine {
	lineId: string;
	label: string;
	/** The room's proposition has this line (every fixed line; a claim only if the room has it). */
	inRoom: boolean;
	texts: ComparedText[];
	/** Group ids with no text on this line. */
	missing: string[];
}

/**
 * The groups' versions side by side, line by line: fixed lines in PROPOSITION_LINES order, then claims (room claims in room order,
 * then claims only groups wrote, each its own row labelled by group). Identical or near-identical texts (same words ignoring case,
 * punctuation and whitespace, or a small word-level edit distance relative to length) are merged into one ComparedText.
 *
 * A line no group wrote anything on is left out. A merged text reads as the first group (in `versions` order) wrote it.
 * `roomLineIds` are the room's line ids (`claim-<id>` for claims; fixed line ids in it are ignored, they are always in the room).
 */
export function compareVersions(versions: readonly GroupVersion[], roomLineIds: readonly string[]): ComparedLine[] {
	const fixed = new Set<string>(PROPOSITION_LINES.map((l) => l.id));
	const roomClaims = roomLineIds.filter((id) => !fixed.has(id));
	const inRoom = new Set(roomClaims);
	const groupClaims: { lineId: string; label: string }[] = [];
	const seen = new Set<string>();
	for (const version of versions) {
		for (const line of version.lines) {
			if (fixed.has(line.lineId) || inRoom.has(line.lineId) || seen.has(line.lineId)) continue;
			seen.add(line.lineId);
			groupClaims.push({ lineId: line.lineId, label: `${line.label} (${version.groupName})` });
		}
	}
	const rows = [
		...PROPOSITION_LINES.map((l) => ({ lineId: l.id as string, label: l.label as string, inRoom: true })),
		...roomClaims.map((lineId) => ({ lineId, label: firstLabel(versions, lineId), inRoom: true })),
		...groupClaims.map((c) => ({ ...c, inRoom: false }))
	];
	const out: ComparedLine[] = [];
	for (const row of rows) {
		const texts: ComparedText[] = [];
		const missing: string[] = [];
		for (const version of versions) {
			const text = version.lines.find((l) => l.lineId === row.lineId)?.text.trim() ?? '';
			if (!text) {
				missing.push(version.groupId);
				continue;
			}
			const same = texts.find((t) => sameWording(t.text, text));
			if (same) same.groupIds.push(version.groupId);
			else texts.push({ text, groupIds: [version.groupId] });
		}
		if (texts.length > 0) out.push({ ...row, texts, missing });
	}
	return out;
}

function firstLabel(versions: readonly GroupVersion[], lineId: string): string {
	for (const v of versions) {
		const line = v.lines.find((l) => l.lineId === lineId);
		if (line) return line.label;
	}
	return 'Claim';
}

/**
 * Words that flip or fix a line's meaning: two texts that differ in one of them are never the same
 * wording, however long they are ("Cut downtime by 30%" and "by 50%"; "with" and "without").
 */
const SIGNIFICANT = new Set(['not', 'no', 'never', 'without', 'cannot', 'cant', 'dont', 'doesnt', 'isnt', 'arent', 'wont', 'nor', 'none', 'only']);

/**
 * Same wording: the same words ignoring case, punctuation and whitespace, or — in a line long enough —
 * a word or two changed (a word-level edit distance of at most 15 % of the longer line's words),
 * as long as the numbers and negations are the same.
 */
export function sameWording(a: string, b: string): boolean {
	return sameWords(words(a), words(b));
}

/** sameWording over texts already split into words (`wordingKey(text).split(' ')`), so many texts are split once each. */
export function sameWords(x: readonly string[], y: readonly string[]): boolean {
	if (x.length === y.length && x.every((w, i) => w === y[i])) return true;
	if (significantWords(x) !== significantWords(y)) return false;
	const allowed = Math.floor(0.15 * Math.max(x.length, y.length));
	return allowed > 0 && editDistance(x, y, allowed) <= allowed;
}

/** The numbers and negations of a text's words: texts that differ in them are never the same wording (a cheap first test when grouping). */
export function significantWords(ws: readonly string[]): string {
	return ws.filter((w) => /\d/.test(w) || SIGNIFICANT.has(w)).join(' ');
}

/** A text's words as one key: two texts with the same key are the same wording (used to group many texts in one pass). */
export function wordingKey(text: string): string {
	return words(text).join(' ');
}

/** Lower-case words without punctuation; a number keeps its decimal point and loses its thousands separators. */
function words(text: string): string[] {
	// Plain ASCII (most of what is typed) needs neither Unicode normalisation nor Unicode classes: the same words, several times faster.
	const ascii = /^[\x20-\x7e]*$/.test(text);
	const cleaned = (ascii ? text : text.normalize('NFKC'))
		.toLowerCase()
		.replace(/['’‘`]/g, '')
		.replace(/(\d),(?=\d{3}\b)/g, '$1');
	return cleaned.match(ascii ? /[a-z0-9]+(?:\.\d+)*/g : /[\p{L}\p{N}]+(?:\.\d+)*/gu) ?? [];
}

/** Levenshtein distance over words, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: readonly string[], b: readonly string[], limit: number): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			rowMin = Math.min(rowMin, cur[j]!);
		}
		if (rowMin > limit) return limit + 1;
		prev = cur;
	}
	return prev[b.length]!;
}
