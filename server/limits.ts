import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
import { isIPv6 } from 'node:net';

/**
 * A token bucket per key (a client address): `capacity` attempts at once,
 * refilled at `perMinute`, in this process only.
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
 * Guessing typed join codes, limited per client network so that one person's typos never
 * lock out a room behind the same address:
 * - the budget is of *distinct* wrong codes: typing the same wrong code again teaches a
 *   guesser nothing, so it costs nothing;
 * - the budget is counted over an hour (`perMinute` × 60), so a room's burst of typos fits
 *   while a guesser's long-run rate stays `perMinute` (README: years per workshop);
 * - malformed codes, invitation links and facilitator keys never count (links carry
 *   128-bit secrets; a malformed code guesses nothing).
 * With REDIS_URL the counts live in Redis, shared by every instance; while Redis is away each
 * instance counts alone in memory (rate-limiter-flexible's insurance limiter).
 */

const WINDOW_SECONDS = 3600;

export class JoinGuard {
	private readonly guesses: RateLimiterAbstract;
	/** (network, code) pairs already counted in this window. */
	private readonly counted: RateLimiterAbstract;
	private readonly redis: Redis | null;
	readonly budget: number;

	constructor(perMinute: number, redisUrl: string | null = null) {
		this.budget = perMinute * (WINDOW_SECONDS / 60);
		const guesses = { keyPrefix: 'plumbline:join-guesses', points: this.budget, duration: WINDOW_SECONDS };
		const counted = { keyPrefix: 'plumbline:join-counted', points: 1, duration: WINDOW_SECONDS };
		if (redisUrl === null) {
			this.redis = null;
			this.guesses = new RateLimiterMemory(guesses);
			this.counted = new RateLimiterMemory(counted);
			return;
		}
		this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: (times) => Math.min(100 * times, 2000) });
		this.redis.on('error', () => {}); // the fan-out reports Redis' health; the insurance limiter takes over
		const shared = { storeClient: this.redis, rejectIfRedisNotReady: true };
		this.guesses = new RateLimiterRedis({ ...guesses, ...shared, insuranceLimiter: new RateLimiterMemory(guesses) });
		this.counted = new RateLimiterRedis({ ...counted, ...shared, insuranceLimiter: new RateLimiterMemory(counted) });
	}

	/** Milliseconds until this address may type a code again, or 0 when it may now. */
	async retryAfter(address: string): Promise<number> {
		const spent = await this.guesses.get(networkOf(address)).catch(() => null);
		return spent && spent.consumedPoints >= this.budget ? Math.max(1, spent.msBeforeNext) : 0;
	}

	/** A typed code matched no workshop: count it once per address and window. */
	async wrongCode(address: string, code: string): Promise<void> {
		const network = networkOf(address);
		const first = await this.counted.consume(`${network}|${code}`).then(
			() => true,
			(error: unknown) => !(error instanceof RateLimiterRes)
		);
		if (first) await this.guesses.consume(network).catch(() => {});
	}

	close(): void {
		this.redis?.disconnect();
	}
}

/**
 * The unit a guesser controls: an IPv4 address, or an IPv6 /64 (one customer's whole
 * allocation, so a guesser cannot step through its 2^64 addresses).
 */
export function networkOf(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!isIPv6(address)) return address;
	const [head = '', tail = ''] = address.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
	return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
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
