/**
 * Fan-out between instances through Redis pub/sub (REDIS_URL). Every open document
 * has a channel; an instance that holds a room subscribes to it and publishes what
 * its own clients (and its own server code) change: document updates, presence, and
 * state vectors when it needs to catch up. Facilitator actions that close sockets or
 * freeze editing travel on one events channel.
 *
 * Pub/sub is fire-and-forget, so nothing relies on a message arriving: every instance
 * writes what it applies to the shared storage, and after Redis comes back every open
 * room reloads from storage and exchanges state vectors with the others.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Room, RoomBus } from './rooms.js';
import { log } from './log.js';
import type { RoundAccess } from './sync/groups.js';

const enum Kind {
	update = 1,
	awareness = 2,
	/** "Here is my state vector": peers answer with what it lacks, and ask back. */
	ask = 3,
	/** The same, answered without asking back (ends the exchange). */
	askBack = 4
}

/** What instances tell each other beyond documents. */
export type FanoutEvent =
	| { type: 'frozen'; workshopId: string; frozen: boolean }
	| { type: 'close-participant'; participantId: string; code: number; reason: string }
	| { type: 'close-workshop'; workshopId: string }
	/** A breakout round changed (server/sync/groups.ts): who may open and write which group's document. */
	| { type: 'breakout'; workshopId: string; rounds: RoundAccess[] };

export interface FanoutHandlers {
	/** The loaded room of that name, if any. */
	room(name: string): Room | undefined;
	event(event: FanoutEvent): void;
	/** Redis is back after an outage: reconcile every open room. */
	reconnected(): Promise<void>;
}

const EVENTS = 'plumbline:events';
const docChannel = (name: string) => `plumbline:doc:${name}`;
const ID_BYTES = 8;
/** How long telling the others may hold up the action that told them. */
const EVENT_ECHO_WAIT_MS = 1000;
/** A room waits this long for its subscription before it opens anyway (and a reconcile is owed). */
const SUBSCRIBE_WAIT_MS = 1000;

export class RedisFanout implements RoomBus {
	/** Tells this instance's messages apart, so it ignores its own. */
	private readonly id = randomBytes(ID_BYTES);
	private readonly idHex = this.id.toString('hex');
	private readonly pub: Redis;
	private readonly sub: Redis;
	private pubReady = false;
	private subReady = false;
	/** Set when a connection dropped or a publish failed: a reconcile is owed once both are back. */
	private lost = false;
	private handlers: FanoutHandlers | null = null;
	/** Events published by this instance, waiting for Redis to hand them back. */
	private readonly echoes = new Map<number, () => void>();
	private nextNonce = 0;
	/** Messages published and received (metrics). */
	published = 0;
	received = 0;

	constructor(url: string) {
		const retryStrategy = (times: number) => Math.min(100 * times, 2000);
		// Publishing never queues while Redis is away: what is missed is reconciled, not replayed late.
		this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy, enableAutoPipelining: true, lazyConnect: true });
		this.sub = new Redis(url, { maxRetriesPerRequest: null, retryStrategy, autoResubscribe: true, lazyConnect: true });
		for (const [connection, name] of [
			[this.pub, 'pub'],
			[this.sub, 'sub']
		] as const) {
			connection.on('ready', () => this.setReady(name, true));
			connection.on('close', () => this.setReady(name, false));
			connection.on('error', (error: Error) => log.warn(`Redis (${name}): ${error.message}`));
		}
		this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
	}

	/** Connect; waits up to `waitMs` for Redis, then serves alone (degraded) until it answers. */
	async start(handlers: FanoutHandlers, waitMs = 5000): Promise<void> {
		this.handlers = handlers;
		const connected = Promise.all([this.pub.connect(), this.sub.connect()]).then(() => this.sub.subscribe(EVENTS));
		const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), waitMs).unref());
		const outcome = await Promise.race([connected.catch((error: Error) => error), timeout]);
		if (outcome === 'timeout' || outcome instanceof Error) {
			this.lost = true;
			log.error(`Redis at ${redact(this.pub.options)} is not answering; serving this instance's clients alone until it does`);
			// ioredis keeps retrying; the events subscription is queued until then.
			connected.catch(() => this.sub.subscribe(EVENTS).catch(() => undefined));
		}
	}

	/** 'ok' when both connections are up and nothing is owed; else 'degraded'. */
	get state(): 'ok' | 'degraded' {
		return this.pubReady && this.subReady && !this.lost ? 'ok' : 'degraded';
	}

	async open(name: string): Promise<void> {
		const subscribed = this.sub.subscribe(docChannel(name)).then(
			() => true,
			(error: Error) => (this.fail('subscribe', error), false)
		);
		// While Redis is away (or slow) the subscription waits in ioredis's queue; the room must not.
		if (!this.subReady) return;
		const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS).unref());
		if (!(await Promise.race([subscribed, timeout]))) this.markLost();
	}

	close(name: string): void {
		this.sub.unsubscribe(docChannel(name)).catch(() => undefined);
	}

	update(room: Room, update: Uint8Array): void {
		this.publish(docChannel(room.name), Kind.update, update);
	}

	awareness(room: Room, update: Uint8Array): void {
		this.publish(docChannel(room.name), Kind.awareness, update);
	}

	askSync(room: Room, kind: Kind.ask | Kind.askBack = Kind.ask): void {
		this.publish(docChannel(room.name), kind, Y.encodeStateVector(room.doc));
	}

	/**
	 * Tell the other instances; resolves when Redis has handed the event to every subscriber
	 * (this instance's own copy is back), or after a second without Redis. A freeze pressed
	 * here has then reached the other instances before the facilitator hears "done", ahead of
	 * any edit sent after that.
	 */
	event(event: FanoutEvent): Promise<void> {
		if (!this.pubReady) {
			this.markLost();
			return Promise.resolve();
		}
		const nonce = (this.nextNonce += 1);
		this.published += 1;
		return new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.echoes.delete(nonce);
				resolve();
			};
			const timer = setTimeout(done, EVENT_ECHO_WAIT_MS).unref();
			this.echoes.set(nonce, done);
			this.pub.publish(EVENTS, JSON.stringify({ ...event, from: this.idHex, nonce })).catch((error: Error) => {
				this.fail('publish', error);
				done();
			});
		});
	}

	async stop(): Promise<void> {
		this.handlers = null;
		if (this.retry) clearTimeout(this.retry);
		this.pub.disconnect();
		this.sub.disconnect();
	}

	private publish(channel: string, kind: Kind, payload: Uint8Array): void {
		// Not connected: the message is lost, and the reconcile after reconnecting makes up for it.
		if (!this.pubReady) return this.markLost();
		const message = Buffer.allocUnsafe(1 + ID_BYTES + payload.byteLength);
		message[0] = kind;
		this.id.copy(message, 1);
		message.set(payload, 1 + ID_BYTES);
		this.published += 1;
		this.pub.publish(channel, message).catch((error: Error) => this.fail('publish', error));
	}

	private receive(channel: string, message: Buffer): void {
		const handlers = this.handlers;
		if (!handlers) return;
		this.received += 1;
		try {
			if (channel === EVENTS) {
				const event = JSON.parse(message.toString()) as FanoutEvent & { from: string; nonce: number };
				if (event.from !== this.idHex) handlers.event(event);
				else this.echoes.get(event.nonce)?.();
				return;
			}
			if (message.length < 1 + ID_BYTES || message.subarray(1, 1 + ID_BYTES).equals(this.id)) return;
			const room = handlers.room(channel.slice(docChannel('').length));
			if (!room) return;
			const payload = new Uint8Array(message.buffer, message.byteOffset + 1 + ID_BYTES, message.length - 1 - ID_BYTES);
			switch (message[0]) {
				case Kind.update:
					room.applyFromPeers(payload);
					break;
				case Kind.awareness:
					room.applyPresenceFromPeers(payload);
					break;
				case Kind.ask:
				case Kind.askBack: {
					// What the asker lacks, with our whole delete set (state vectors do not show deletions).
					const missing = Y.encodeStateAsUpdate(room.doc, payload);
					// An update that carries nothing is 2 bytes (no structs, no deletes).
					if (missing.length > 2) this.update(room, missing);
					if (message[0] === Kind.ask) {
						// The asker may hold what we lack (deletions included): ask back, once.
						this.askSync(room, Kind.askBack);
						// A room just opened there has heard nobody here yet: tell it who is here.
						const presence = room.ownPresence();
						if (presence) this.awareness(room, presence);
					}
					break;
				}
			}
		} catch (error) {
			log.warn(`ignored a malformed fan-out message on ${channel}: ${(error as Error).message}`);
		}
	}

	private setReady(name: 'pub' | 'sub', ready: boolean): void {
		const before = this.state;
		if (name === 'pub') this.pubReady = ready;
		else this.subReady = ready;
		if (!ready) return this.markLost();
		if (this.pubReady && this.subReady && this.lost) void this.reconcile();
		else if (before !== this.state) log.info('Redis connected');
	}

	private reconciling = false;
	private retry: ReturnType<typeof setTimeout> | null = null;

	/** After an outage: every open room reloads from storage and asks the others what it lacks. */
	private async reconcile(): Promise<void> {
		if (this.reconciling || !this.handlers) return;
		this.reconciling = true;
		try {
			// Commands on one connection run in order: once PING answers, the re-subscriptions are in place.
			await this.sub.ping();
			this.lost = false;
			await this.handlers.reconnected();
			log.info('Redis is back; open documents reconciled');
		} catch (error) {
			this.lost = true;
			log.warn(`reconcile after Redis outage failed: ${(error as Error).message}`);
		} finally {
			this.reconciling = false;
		}
		// Lost again while reconciling: go once more.
		if (this.lost) this.markLost();
	}

	private markLost(): void {
		if (!this.lost) log.warn('Redis unreachable: this instance serves its own clients alone until it is back');
		this.lost = true;
		// A publish failed while both connections look fine: nothing will announce a return, so
		// reconcile on our own shortly (a dropped connection reconciles when it is ready again).
		if (this.pubReady && this.subReady && !this.retry) {
			this.retry = setTimeout(() => {
				this.retry = null;
				if (this.lost && this.pubReady && this.subReady) void this.reconcile();
			}, 500);
			this.retry.unref();
		}
	}

	private fail(what: string, error: Error): void {
		log.warn(`Redis ${what} failed: ${error.message}`);
		this.markLost();
	}
}

function redact(options: { host?: string; port?: number }): string {
	return `${options.host ?? '?'}:${options.port ?? '?'}`;
}
