import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atRate } from './rate.mjs';

describe('atRate', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('calls at its rate from the first interval on, whatever the phase', () => {
		for (const phase of [0, 0.5, 0.99]) {
			let calls = 0;
			const stop = atRate(0.1, () => (calls += 1), () => phase);
			vi.advanceTimersByTime(9_999);
			expect(calls).toBe(1);
			vi.advanceTimersByTime(10_000);
			expect(calls).toBe(2);
			stop();
			vi.advanceTimersByTime(60_000);
			expect(calls).toBe(2);
		}
	});

	it('gives a crowd its nominal load in a window that starts after a warm-up', () => {
		let calls = 0;
		const stops = Array.from({ length: 1000 }, (_, i) => atRate(0.1, () => (calls += 1), () => i / 1000));
		vi.advanceTimersByTime(1500);
		const before = calls;
		vi.advanceTimersByTime(10_000);
		// 1,000 clients at 0.1/s for 10 s: 1,000 calls.
		expect(calls - before).toBe(1000);
		for (const stop of stops) stop();
	});
});
