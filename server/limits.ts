/**
 * A token bucket per key (a client address): `capacity` attempts at once,
 * refilled at `perMinute`. Used to slow down failed join attempts so that
 * guessing six-character join codes is useless (see README, "Limits").
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private readonly perMinute: number,
		private readonly capacity = perMinute,
		/** Forget keys beyond this many (oldest first), so an address flood cannot grow memory. */
		private readonly maxKeys = 50_000
	) {}

	private refill(key: string, now: number) {
		const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
		bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
		bucket.at = now;
		return bucket;
	}

	/** Milliseconds until `key` may try again, or 0 when it may now. */
	retryAfter(key: string, now = Date.now()): number {
		const bucket = this.refill(key, now);
		return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60_000);
	}

	/** Spend one attempt (a failed one). */
	consume(key: string, now = Date.now()): void {
		const bucket = this.refill(key, now);
		bucket.tokens = Math.max(0, bucket.tokens - 1);
		this.buckets.delete(key);
		this.buckets.set(key, bucket);
		if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
	}
}

/**
 * A per-connection budget: `perSecond` sustained, bursts up to `capacity`. Spending may run
 * into debt (one answer bigger than the whole burst still goes out); the bucket then waits.
 */
export class TokenBucket {
	private tokens: number;
	private at = performance.now();

	constructor(
		private readonly perSecond: number,
		private readonly capacity = perSecond * 2
	) {
		this.tokens = capacity;
	}

	/** Tokens there now (negative while in debt). */
	available(now = performance.now()): number {
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
		this.at = now;
		return this.tokens;
	}

	spend(n: number): void {
		this.tokens -= n;
	}

	/** Milliseconds until at least `n` tokens are there again. */
	msUntil(n: number, now = performance.now()): number {
		const missing = n - this.available(now);
		return missing > 0 ? Math.ceil((missing / this.perSecond) * 1000) : 0;
	}
}
