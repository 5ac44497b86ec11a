import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divergence, formatDivergence } from './divergence';

describe('divergence', () => {
	it('is 0 for identical distributions and 1 for disjoint ones', () => {
		expect(divergence({ a: 3, b: 1 }, { a: 6, b: 2 })).toBe(0);
		expect(divergence({ a: 5 }, { b: 2 })).toBe(1);
		expect(divergence({ a: 1, b: 1 }, { a: 1, b: 0 })).toBeCloseTo(0.5);
	});

	it('is undefined when a side has nothing', () => {
		expect(divergence({}, { a: 1 })).toBeNull();
		expect(divergence({ a: 0 }, { a: 1 })).toBeNull();
	});

	it('is symmetric, bounded and scale-free', () => {
		const weights = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 20 }), { minKeys: 1 });
		fc.assert(
			fc.property(weights, weights, fc.integer({ min: 1, max: 9 }), (a, b, k) => {
				const d = divergence(a, b);
				if (d === null) return;
				expect(d).toBeGreaterThanOrEqual(0);
				expect(d).toBeLessThanOrEqual(1);
				expect(divergence(b, a)).toBeCloseTo(d, 12);
				const scaled = Object.fromEntries(Object.entries(a).map(([key, v]) => [key, v * k]));
				expect(divergence(scaled, b)).toBeCloseTo(d, 12);
			})
		);
	});

	it('reads as a percentage', () => {
		expect(formatDivergence(0.404)).toBe('40% apart');
	});
});
