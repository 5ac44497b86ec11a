import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, endOfColumn, notesInColumn, orderBetween, placeNote } from './board';

const note = (id: string, column: string, order: number, createdAt = 0) => ({ id, column, order, createdAt });

describe('board order', () => {
	it('sorts a column by position, then creation, then id', () => {
		const notes = [note('c', 'pains', 2), note('a', 'pains', 1, 5), note('b', 'pains', 1, 3), note('x', 'gains', 0)];
		expect(notesInColumn(notes, 'pains', DEFAULT_COLUMNS).map((n) => n.id)).toEqual(['b', 'a', 'c']);
	});

	it('puts notes of an unknown column into the first column, never losing them', () => {
		const notes = [note('lost', 'renamed-away', 1), note('a', 'customers-say', 0)];
		expect(notesInColumn(notes, 'customers-say', DEFAULT_COLUMNS).map((n) => n.id)).toEqual(['a', 'lost']);
		expect(notesInColumn(notes, 'pains', DEFAULT_COLUMNS)).toEqual([]);
	});

	it('finds a position between neighbours', () => {
		expect(orderBetween(undefined, undefined)).toBe(1);
		expect(orderBetween(undefined, 4)).toBe(3);
		expect(orderBetween(4, undefined)).toBe(5);
		expect(orderBetween(1, 2)).toBe(1.5);
	});

	it('places a moved note at the asked index among the others', () => {
		const notes = [note('a', 'pains', 1), note('b', 'pains', 2), note('c', 'pains', 3), note('d', 'gains', 1)];
		const top = placeNote(notes, 'c', 'pains', 0, DEFAULT_COLUMNS);
		const moved = notes.map((n) => (n.id === 'c' ? { ...n, ...top } : n));
		expect(notesInColumn(moved, 'pains', DEFAULT_COLUMNS).map((n) => n.id)).toEqual(['c', 'a', 'b']);

		const across = placeNote(notes, 'a', 'gains', 5, DEFAULT_COLUMNS);
		expect(across.column).toBe('gains');
		const after = notes.map((n) => (n.id === 'a' ? { ...n, ...across } : n));
		expect(notesInColumn(after, 'gains', DEFAULT_COLUMNS).map((n) => n.id)).toEqual(['d', 'a']);
	});

	it('keeps order stable through many moves', () => {
		let notes = ['a', 'b', 'c', 'd'].map((id, i) => note(id, 'pains', i));
		for (let i = 0; i < 60; i++) {
			const place = placeNote(notes, 'd', 'pains', 1, DEFAULT_COLUMNS);
			notes = notes.map((n) => (n.id === 'd' ? { ...n, ...place } : n));
			const back = placeNote(notes, 'd', 'pains', 3, DEFAULT_COLUMNS);
			notes = notes.map((n) => (n.id === 'd' ? { ...n, ...back } : n));
		}
		expect(notesInColumn(notes, 'pains', DEFAULT_COLUMNS).map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
	});
	it('puts a new note last in its column, counting notes of an unknown column in the first', () => {
		const first = DEFAULT_COLUMNS[0]!.id;
		expect(endOfColumn([], first, DEFAULT_COLUMNS)).toEqual({ column: first, order: 1 });
		const notes = [note('a', first, -3), note('b', 'gone', 7), note('c', 'pains', 40)];
		expect(endOfColumn(notes, first, DEFAULT_COLUMNS)).toEqual({ column: first, order: 8 });
		expect(endOfColumn(notes, 'pains', DEFAULT_COLUMNS)).toEqual({ column: 'pains', order: 41 });
		const placed = [...notes, { id: 'new', ...endOfColumn(notes, first, DEFAULT_COLUMNS), createdAt: 0 }];
		expect(notesInColumn(placed, first, DEFAULT_COLUMNS).at(-1)?.id).toBe('new');
	});
});
