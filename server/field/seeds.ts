/**
 * The next round from the field (issue 21): the failing claims and the top objections land on
 * the new round's Draft board as insight notes, each with its evidence in its text and linked to
 * the claim line it challenges.
 */
import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { content } from '../../src/lib/doc/schema.js';
import { placeNote, type BoardColumn } from '../../src/lib/domain/board.js';
import type { InsightSeed } from '../../src/lib/domain/fieldDigest.js';

/** The text a seeded note shows: the insight, then what it rests on. */
export function seedText(seed: InsightSeed): string {
	return `${seed.text}\n\nFrom the field: ${seed.evidence}`;
}

export function seedNotes(doc: Y.Doc, seeds: readonly InsightSeed[], columns: readonly BoardColumn[], now: number): void {
	const board = content.notes(doc);
	for (const seed of seeds) {
		// A round whose columns were renamed away still gets the notes, in its first column.
		const column = columns.find((c) => c.id === seed.column)?.id ?? columns[0]!.id;
		board.add({ id: randomUUID(), authorId: '', authorTeam: null, createdAt: now, text: seedText(seed), lineId: seed.lineId, ...placeNote(board.list(), '', column, Number.MAX_SAFE_INTEGER, columns) });
	}
}
