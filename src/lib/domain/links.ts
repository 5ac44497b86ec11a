/**
 * Links between insight notes and proposition lines ("this claim answers that
 * objection"). A note links to at most one line; a line shows every note linking
 * to it. Links to lines that no longer exist (a removed claim) are reported as
 * dangling rather than silently dropped.
 */

export interface LineRef {
	id: string;
	label: string;
}

export interface Linked {
	id: string;
	lineId: string;
}

/** Every line a note can link to: the fixed lines, then claims numbered in order. */
export function linkableLines(fixed: readonly LineRef[], claimLineIds: readonly string[]): LineRef[] {
	return [...fixed, ...claimLineIds.map((id, i) => ({ id, label: `Claim ${i + 1}` }))];
}

/** Notes grouped by the line they link to; unlinked notes are left out. */
export function linksByLine<T extends Linked>(notes: readonly T[]): Map<string, T[]> {
	const byLine = new Map<string, T[]>();
	for (const note of notes) {
		if (!note.lineId) continue;
		const list = byLine.get(note.lineId);
		if (list) list.push(note);
		else byLine.set(note.lineId, [note]);
	}
	return byLine;
}

/** What a note shows for its link: the line's label, 'removed' when the line is gone, or null when unlinked. */
export function linkLabel(lineId: string, lines: readonly LineRef[]): { label: string; dangling: boolean } | null {
	if (!lineId) return null;
	const line = lines.find((l) => l.id === lineId);
	return line ? { label: line.label, dangling: false } : { label: 'a removed line', dangling: true };
}
