import { describe, expect, it } from 'vitest';
import { fitScale, pageAt, paginate } from './pages.js';

describe('projector pages', () => {
	it('shares items out evenly over as few pages as hold them', () => {
		const items = Array.from({ length: 13 }, (_, i) => i);
		expect(paginate(items, 12).map((p) => p.length)).toEqual([7, 6]);
		expect(paginate(items, 13)).toEqual([items]);
		expect(paginate([], 5)).toEqual([[]]);
		expect(paginate(items, 0).length).toBe(13);
	});
	it('turns the pages in order and starts over', () => {
		expect([0, 9_999, 10_000, 20_000, 30_000].map((t) => pageAt(3, t, 10_000))).toEqual([0, 0, 1, 2, 0]);
		expect(pageAt(1, 50_000, 10_000)).toBe(0);
	});
	it('scales content down to fit, never up past 1 nor below the minimum', () => {
		expect(fitScale(2000, 1000, 1, 0.4)).toBe(0.5);
		// Measured while already scaled: the natural height is what counts.
		expect(fitScale(1000, 1000, 0.5, 0.4)).toBe(0.5);
		expect(fitScale(300, 1000, 0.5, 0.4)).toBe(1);
		expect(fitScale(5000, 1000, 1, 0.4)).toBe(0.4);
		expect(fitScale(0, 1000, 0.7, 0.4)).toBe(0.7);
	});
});
