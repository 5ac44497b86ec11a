import { describe, expect, it } from 'vitest';
import { RateLimiter, TokenBucket } from './limits.js';

describe('rate limiter', () => {
	it('allows a burst of failures, then makes the address wait, then refills', () => {
		const limiter = new RateLimiter(10);
		for (let i = 0; i < 10; i++) {
			expect(limiter.retryAfter('1.2.3.4', 0)).toBe(0);
			limiter.consume('1.2.3.4', 0);
		}
		expect(limiter.retryAfter('1.2.3.4', 0)).toBe(6000);
		expect(limiter.retryAfter('5.6.7.8', 0)).toBe(0);
		expect(limiter.retryAfter('1.2.3.4', 6000)).toBe(0);
	});

	it('forgets the oldest addresses past its size', () => {
		const limiter = new RateLimiter(1, 1, 2);
		limiter.consume('a', 0);
		limiter.consume('b', 0);
		limiter.consume('c', 0);
		expect(limiter.retryAfter('a', 0)).toBe(0);
		expect(limiter.retryAfter('c', 0)).toBeGreaterThan(0);
	});
});

describe('TokenBucket', () => {
	it('allows a burst of twice the rate, then the rate; spending into debt makes it wait', () => {
		const bucket = new TokenBucket(10);
		const t0 = performance.now();
		expect(bucket.available(t0)).toBe(20);
		bucket.spend(50);
		expect(bucket.available(t0)).toBe(-30);
		expect(bucket.msUntil(0, t0)).toBe(3000);
		expect(bucket.available(t0 + 3000)).toBeCloseTo(0);
		expect(bucket.available(t0 + 60_000)).toBe(20);
	});
});
