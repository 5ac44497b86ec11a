import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_CARETS, MAX_SHOWN_POINTERS } from '../../src/lib/protocol/presence.js';
import { FILL_STICKY_MS, InterestIndex, MAX_KEY_CHARS, readPresence, type PresenceRecord } from './interest.js';

/** Records in the order given (oldest activity first), all changed at `at`. */
function room(states: Array<[number, unknown]>, at = 1000): Map<number, PresenceRecord> {
	return new Map(states.map(([id, state], i) => [id, { presence: readPresence(state), changedAt: at + i }]));
}

const none = () => false;

describe('readPresence', () => {
	it('reads stage, line, view and pointer', () => {
		expect(readPresence({ stage: 'draft', line: 'l1', view: { x: 10, y: 20, zoom: 2, w: 800, h: 600 }, pointer: { x: 3.4, y: 5 } })).toEqual({
			stage: 'draft',
			line: 'l1',
			view: { x: 10, y: 20, zoom: 2, w: 800, h: 600 },
			pointer: { x: 3, y: 5 }
		});
	});

	it('reads hostile values as absent', () => {
		expect(readPresence({ stage: ['draft'], line: 'x'.repeat(MAX_KEY_CHARS + 1), view: { x: NaN, y: 0, zoom: 1 }, pointer: { x: Infinity, y: 0 } })).toEqual({
			stage: '',
			line: null,
			view: null,
			pointer: null
		});
		expect(readPresence(null)).toEqual({ stage: '', line: null, view: null, pointer: null });
		expect(readPresence([1, 2])).toEqual({ stage: '', line: null, view: null, pointer: null });
		expect(readPresence({ stage: { toString: 'x' }, line: 7 })).toMatchObject({ stage: '', line: null });
	});

	it('takes the default screen when the view gives no sane size', () => {
		expect(readPresence({ view: { x: 0, y: 0, zoom: 1, w: 0, h: 1e9 } }).view).toEqual({ x: 0, y: 0, zoom: 1, w: 1440, h: 900 });
		expect(readPresence({ view: { x: 0, y: 0, zoom: 1, w: '800', h: 600 } }).view).toEqual({ x: 0, y: 0, zoom: 1, w: 1440, h: 900 });
	});
});

describe('InterestIndex', () => {
	it('shows only the viewer\'s stage bucket, never the viewer itself', () => {
		const index = new InterestIndex(room([[1, { stage: 'a' }], [2, { stage: 'b' }], [3, { stage: 'a' }], [4, {}], [5, { stage: ['a'] }]]));
		expect(index.shown(readPresence({ stage: 'a' }), (id) => id === 3).sort()).toEqual([1]);
		expect(index.shown(readPresence({}), none).sort()).toEqual([4, 5]);
		expect(index.shown(readPresence({ stage: 'c' }), none)).toEqual([]);
	});

	it('caps a viewer without a view at MAX_SHOWN_POINTERS, most recently active first', () => {
		const states: Array<[number, unknown]> = Array.from({ length: 100 }, (_, i) => [i + 1, { stage: 's' }]);
		const shown = new InterestIndex(room(states)).shown(readPresence({ stage: 's' }), none);
		expect(shown).toHaveLength(MAX_SHOWN_POINTERS);
		expect(shown[0]).toBe(100);
		expect(Math.min(...shown)).toBe(100 - MAX_SHOWN_POINTERS + 1);
	});

	it('shows the same line first, up to MAX_SHOWN_CARETS, then fills', () => {
		const states: Array<[number, unknown]> = Array.from({ length: 60 }, (_, i) => [i + 1, { stage: 's', line: i < 30 ? 'l' : 'other' }]);
		const shown = new InterestIndex(room(states)).shown(readPresence({ stage: 's', line: 'l' }), none);
		expect(shown).toHaveLength(MAX_SHOWN_POINTERS);
		// The most recent editors of the line, then the most recent of everyone else.
		expect(shown.slice(0, MAX_SHOWN_CARETS)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
		expect(shown.slice(MAX_SHOWN_CARETS)).toEqual([60, 59, 58, 57, 56, 55, 54, 53, 52, 51]);
	});

	it('never shows more than MAX_SHOWN_CARETS of the viewer\'s line, even when its editors are the most recent', () => {
		const states: Array<[number, unknown]> = Array.from({ length: 60 }, (_, i) => [i + 1, { stage: 's', line: i < 30 ? 'other' : 'l', pointer: i < 30 ? { x: 5000, y: 5000 } : { x: 700 + i, y: 450 } }]);
		// Its line's editors are the most recent and the nearest to the centre of its view.
		const viewer = readPresence({ stage: 's', line: 'l', view: { x: 0, y: 0, zoom: 1 } });
		const index = new InterestIndex(room(states));
		const shown = index.shown(viewer, none);
		expect(shown).toHaveLength(MAX_SHOWN_POINTERS);
		expect(shown.filter((id) => id > 30)).toHaveLength(MAX_SHOWN_CARETS);
		// Kept from last time, they still may not pass the line's share.
		expect(index.shown(viewer, none, new Set(states.map(([id]) => id))).filter((id) => id > 30)).toHaveLength(MAX_SHOWN_CARETS);
	});

	it('shows the pointers in view, nearest to its centre first, before the recently active elsewhere', () => {
		const states: Array<[number, unknown]> = [];
		// 30 in view (the view spans 0..1440 × 0..900 at zoom 1), older than 30 far away.
		for (let i = 0; i < 30; i++) states.push([i + 1, { stage: 'c', pointer: { x: 720 + i * 10, y: 450 } }]);
		for (let i = 0; i < 30; i++) states.push([100 + i, { stage: 'c', pointer: { x: 20_000 + i, y: 20_000 } }]);
		const index = new InterestIndex(room(states));
		const shown = index.shown(readPresence({ stage: 'c', view: { x: 0, y: 0, zoom: 1 } }), none);
		expect(shown).toEqual(Array.from({ length: MAX_SHOWN_POINTERS }, (_, i) => i + 1));
		// The quarter-screen margin counts; beyond it does not.
		const edge = new InterestIndex(room([[1, { stage: 'c', pointer: { x: 1440 + 350, y: 0 } }], [2, { stage: 'c', pointer: { x: 1440 + 370, y: 0 } }]]));
		expect(edge.shown(readPresence({ stage: 'c', view: { x: 0, y: 0, zoom: 1, w: 1440, h: 900 } }), none).slice(0, 1)).toEqual([1]);
	});

	it('finds pointers across grid cells and zoomed-out views', () => {
		const states: Array<[number, unknown]> = Array.from({ length: 400 }, (_, i) => [i + 1, { stage: 'c', pointer: { x: (i % 20) * 2000 - 20_000, y: Math.floor(i / 20) * 2000 - 20_000 } }]);
		const index = new InterestIndex(room(states));
		// Zoomed out far: the whole board is in view (scanned, not gridded).
		const far = index.shown(readPresence({ stage: 'c', view: { x: -30_000, y: -30_000, zoom: 0.05 } }), none);
		expect(far).toHaveLength(MAX_SHOWN_POINTERS);
		// A small view around (0, 0): only the pointer there and its neighbours within the margin.
		const near = index.shown(readPresence({ stage: 'c', view: { x: -100, y: -100, zoom: 1, w: 200, h: 200 } }), none);
		expect(near[0]).toBe(states.findIndex(([, s]) => (s as { pointer: { x: number; y: number } }).pointer.x === 0 && (s as { pointer: { y: number } }).pointer.y === 0) + 1);
	});

	it('keeps who was shown while they still qualify, so a moving crowd does not churn', () => {
		const states: Array<[number, unknown]> = Array.from({ length: 50 }, (_, i) => [i + 1, { stage: 's' }]);
		const before = new Set(new InterestIndex(room(states, 1000)).shown(readPresence({ stage: 's' }), none, new Set(), 1100));
		// Everyone else became more recently active: the shown ones stay while recently active.
		const moved = room([...states.slice(MAX_SHOWN_POINTERS).reverse(), ...states.slice(0, MAX_SHOWN_POINTERS)], 2000);
		for (const id of before) moved.get(id)!.changedAt = 1500;
		const after = new InterestIndex(moved).shown(readPresence({ stage: 's' }), none, before, 2100);
		expect(new Set(after)).toEqual(before);
		// Quiet for longer than FILL_STICKY_MS: replaced by the more recent.
		const later = new InterestIndex(moved).shown(readPresence({ stage: 's' }), none, before, 1500 + FILL_STICKY_MS + 1);
		expect(later.filter((id) => before.has(id))).toHaveLength(0);
	});

	it('drops a kept person who left the bucket; one out of view may stay by recency', () => {
		const index = new InterestIndex(room([[1, { stage: 'b' }], [2, { stage: 'a', pointer: { x: 9000, y: 9000 } }], [3, { stage: 'a', pointer: { x: 5, y: 5 } }]]));
		const shown = index.shown(readPresence({ stage: 'a', view: { x: 0, y: 0, zoom: 1 } }), none, new Set([1, 2]));
		expect(shown).toEqual([3, 2]);
	});
});
