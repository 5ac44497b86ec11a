import { describe, expect, it } from 'vitest';
import { CARET_EVERY, REGIONS, SCREEN, STAGE, createPresence, placeOf } from './people.mjs';

describe('what a thin client announces', () => {
	it('spreads a room over the canvas regions, a fifth of it at a line', () => {
		const places = Array.from({ length: 300 }, (_, i) => placeOf(i + 1));
		expect(new Set(places.map((p) => p.region)).size).toBe(REGIONS.columns * REGIONS.rows);
		expect(places.filter((p) => p.line).length).toBe(300 / CARET_EVERY);
		for (const { view } of places) expect(view).toMatchObject({ zoom: 1, w: SCREEN.w, h: SCREEN.h });
	});

	it('keeps a pointer within its own view, and sends the whole state every move', () => {
		let seed = 1;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		const pointing = createPresence(1, 42, random);
		for (let i = 0; i < 500; i++) {
			const state = pointing.move() as { stage: string; view: { x: number; y: number }; pointer: { x: number; y: number } };
			expect(state.stage).toBe(STAGE);
			expect(state.pointer.x).toBeGreaterThanOrEqual(state.view.x);
			expect(state.pointer.x).toBeLessThanOrEqual(state.view.x + SCREEN.w);
			expect(state.pointer.y).toBeGreaterThanOrEqual(state.view.y);
			expect(state.pointer.y).toBeLessThanOrEqual(state.view.y + SCREEN.h);
		}
	});

	it('moves a caret on a line, as Tiptap’s collaboration caret does', () => {
		const typing = createPresence(CARET_EVERY - 1, 42);
		const state = typing.move() as Record<string, unknown>;
		expect(state).toMatchObject({ stage: STAGE, line: expect.stringMatching(/^line-/), cursor: { anchor: { item: { client: 42 } }, head: { item: { client: 42 } } } });
		expect(state.pointer).toBeUndefined();
	});
});
