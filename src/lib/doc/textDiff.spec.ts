import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformIndex } from './textDiff';

function apply(before: string, after: string): string {
	const edit = diffText(before, after);
	if (!edit) return before;
	return before.slice(0, edit.index) + edit.insert + before.slice(edit.index + edit.remove);
}

describe('diffText', () => {
	it('finds insertions, deletions and replacements anywhere', () => {
		expect(diffText('abc', 'abc')).toBeNull();
		expect(diffText('abc', 'abXc')).toEqual({ index: 2, remove: 0, insert: 'X' });
		expect(diffText('abc', 'ac')).toEqual({ index: 1, remove: 1, insert: '' });
		expect(diffText('hello world', 'hello there')).toEqual({ index: 6, remove: 5, insert: 'there' });
		expect(diffText('', 'new')).toEqual({ index: 0, remove: 0, insert: 'new' });
	});

	it('reproduces the new text for many random pairs', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const alphabet = 'ab c😀\n';
		const word = () => Array.from({ length: Math.floor(rand() * 8) }, () => [...alphabet][Math.floor(rand() * 6)]).join('');
		for (let i = 0; i < 500; i++) {
			const before = word();
			const after = word();
			expect(apply(before, after)).toBe(after);
		}
	});

	it('never splits an emoji (surrogate pair)', () => {
		const edit = diffText('a😀b', 'a😃b')!;
		expect(edit.index).toBe(1);
		expect(edit.remove).toBe(2);
		expect(edit.insert).toBe('😃');
	});
});

describe('transformIndex', () => {
	it('moves a caret past text inserted before it, and not for text after it', () => {
		expect(transformIndex(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
		expect(transformIndex(1, [{ retain: 2 }, { insert: 'abc' }])).toBe(1);
	});

	it('pulls a caret back over deleted text, clamping inside a deleted range', () => {
		expect(transformIndex(5, [{ delete: 2 }])).toBe(3);
		expect(transformIndex(3, [{ retain: 2 }, { delete: 4 }])).toBe(2);
	});

	it('agrees with a real Y.Text delta', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'hello world');
		let delta: Array<{ insert?: unknown; delete?: number; retain?: number }> = [];
		text.observe((event) => (delta = event.delta as typeof delta));
		text.insert(0, '>> ');
		expect(transformIndex(6, delta)).toBe(9);
	});
});
