import { describe, expect, it } from 'vitest';
import { JoinGuard, RateLimiter, TokenBucket, networkOf } from './limits.js';

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

describe('join guard', () => {
	it('counts each distinct wrong code once per network, over an hour', async () => {
		const guard = new JoinGuard(1); // 60 distinct wrong codes an hour
		for (let i = 0; i < 5; i++) await guard.wrongCode('10.0.0.1', 'KMXKMX');
		expect(await guard.retryAfter('10.0.0.1')).toBe(0);
		for (let i = 0; i < 59; i++) await guard.wrongCode('10.0.0.1', `C${String(i).padStart(5, '0')}`);
		expect(await guard.retryAfter('10.0.0.1')).toBeGreaterThan(59 * 60_000);
		expect(await guard.retryAfter('10.0.0.2')).toBe(0);
	});

	it('treats an IPv6 /64 as one network, and IPv4-mapped addresses as IPv4', () => {
		expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:db8:1:2:ffff:1:2:3'));
		expect(networkOf('2001:db8:1:2::1')).not.toBe(networkOf('2001:db8:1:3::1'));
		expect(networkOf('::ffff:192.168.1.20')).toBe('192.168.1.20');
		expect(networkOf('192.168.1.20')).toBe('192.168.1.20');
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
