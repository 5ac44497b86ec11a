/**
 * The insight board: columns of sticky notes beside the proposition.
 * Positions are fractional numbers, so moving a note writes one field and two
 * people moving different notes never conflict.
 */

export interface BoardColumn {
	id: string;
	title: string;
	/** What kind of insight belongs here; shown under the title. */
	hint: string;
}

export const DEFAULT_COLUMNS: readonly BoardColumn[] = [
	{ id: 'customers-say', title: 'What customers say', hint: 'Field insight: words from real conversations' },
	{ id: 'data-says', title: 'What the data says', hint: 'Market insight: numbers and research' },
	{ id: 'pains', title: 'Pains', hint: 'What hurts the customer today' },
	{ id: 'gains', title: 'Gains', hint: 'What the customer wants to achieve' },
	{ id: 'objections', title: 'Objections we hear', hint: 'What stops a deal' }
];

export const COLUMN_TITLE_MAX = 40;

/** The minimal view of a note these rules need. */
export interface Placed {
	id: string;
	column: string;
	order: number;
	createdAt: number;
}

/** Notes of one column in display order; notes of an unknown column fall into the first. */
export function notesInColumn<T extends Placed>(notes: T[], columnId: string, columns: readonly BoardColumn[]): T[] {
	const known = new Set(columns.map((c) => c.id));
	const first = columns[0]?.id;
	return notes
		.filter((n) => n.column === columnId || (columnId === first && !known.has(n.column)))
		.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** A position between two neighbours (either may be missing). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
	if (before === undefined && after === undefined) return 1;
	if (before === undefined) return after! - 1;
	if (after === undefined) return before + 1;
	return (before + after) / 2;
}

/**
 * Where a note lands when moved to `index` of `columnId` (index counted among the
 * column's other notes). Returns the fields to write.
 */
export function placeNote<T extends Placed>(
	notes: T[],
	noteId: string,
	columnId: string,
	index: number,
	columns: readonly BoardColumn[]
): { column: string; order: number } {
	const others = notesInColumn(notes, columnId, columns).filter((n) => n.id !== noteId);
	const at = Math.max(0, Math.min(index, others.length));
	return { column: columnId, order: orderBetween(others[at - 1]?.order, others[at]?.order) };
}

/** Where a new note goes to come last in its column as shown (notes of an unknown column count in the first). */
export function endOfColumn<T extends Placed>(notes: T[], columnId: string, columns: readonly BoardColumn[]): { column: string; order: number } {
	return placeNote(notes, '', columnId, Number.MAX_SAFE_INTEGER, columns);
}
