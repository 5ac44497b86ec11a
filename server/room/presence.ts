/**
 * A room's presence, sent in ticks: which states changed, routed to each connection by what it
 * is shown (room/presenceRouter.ts), and this instance's people passed to the other instances
 * (whose people are counted and shown here, but never sent back to them).
 */
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness.js';
import { FROM_PEERS } from './origins.js';
import { AWARENESS_RENEW_MS, PresenceRouter, type PresenceViewer } from './presenceRouter.js';

export type { PresenceViewer } from './presenceRouter.js';

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

/**
 * Presence is sent in ticks: every client's cursor at most once a tick, all changes of a
 * tick in one message. 50 ms in a small room; a crowd's cursors move less often (200 ms
 * at 200 people and more).
 */
export function awarenessTickMs(peers: number): number {
	return Math.min(200, Math.max(50, peers));
}

/** Connections routed per turn of the event loop: about 5 ms of a crowd's tick. */
export const ROUTE_SLICE = 100;

export interface PresenceHooks {
	/** People in the room, here and on other instances: the tick follows it. */
	people(): number;
	/** Presence of this instance's clients, for the other instances (absent without a bus). */
	toOtherInstances?: (update: Uint8Array) => void;
}

export class PresenceTicker {
	/** Awareness client ids whose state changed since the last tick. */
	private readonly presenceDirty = new Set<number>();
	/** Ids renewed (clock only) since the last tick, and when each was last passed to the other instances. */
	private readonly renewed = new Set<number>();
	private readonly busSentAt = new Map<number, number>();
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	private routeTimer: ReturnType<typeof setImmediate> | null = null;
	private timerAt = 0;
	/** A tick is due then even without changes (typing counts expire). */
	private dueAt: number | null = null;
	/** Awareness ids whose presence came from other instances: never sent back to them. */
	private readonly remotePresence = new Set<number>();
	private readonly router: PresenceRouter;

	constructor(
		private readonly awareness: Awareness,
		private readonly hooks: PresenceHooks
	) {
		this.router = new PresenceRouter(awareness);
		// 'change' comes first for states that really changed; 'update' also for mere renewals.
		this.awareness.on('change', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			for (const id of [...added, ...updated, ...removed]) this.presenceDirty.add(id);
			// A person who moved here from another instance is ours from their first message on.
			if (origin === FROM_PEERS) for (const id of [...added, ...updated]) this.remotePresence.add(id);
			else if (origin !== 'timeout') for (const id of [...added, ...updated]) this.remotePresence.delete(id);
			this.schedule();
		});
		this.awareness.on('update', ({ updated }: AwarenessChange) => {
			for (const id of updated) this.renewed.add(id);
			// Renewals reach the shown through the router's own timer; here they wait for a change.
			this.schedule();
		});
	}

	/** How many people's presence came from other instances. */
	get remoteCount(): number {
		return this.remotePresence.size;
	}

	/** Whether this presence is a person's on another instance (not ours to give to anyone here). */
	isRemote(clientId: number): boolean {
		return this.remotePresence.has(clientId);
	}

	applyFromPeers(update: Uint8Array): void {
		applyAwarenessUpdate(this.awareness, update, FROM_PEERS);
	}

	/** The presence of this instance's clients, for the others after an outage. */
	own(): Uint8Array | null {
		const own = [...this.awareness.getStates().keys()].filter((id) => !this.remotePresence.has(id));
		return own.length > 0 ? encodeAwarenessUpdate(this.awareness, own) : null;
	}

	/** A connection starts receiving presence: its first message holds the roster, the counts and what it is shown. */
	join(viewer: PresenceViewer): void {
		// As of the last tick, like everyone else: the changes waiting now follow in the next one.
		this.router.join(viewer);
	}

	leave(viewer: PresenceViewer): void {
		this.router.leave(viewer);
	}

	query(viewer: PresenceViewer): void {
		this.router.query(viewer);
	}

	private schedule(): void {
		const waiting = this.presenceDirty.size > 0 || this.renewed.size > 0;
		if (!waiting && this.dueAt === null) return;
		const at = waiting ? Date.now() + awarenessTickMs(this.hooks.people()) : this.dueAt!;
		// A tick set for later (typing expiring) is brought forward for a change.
		if (this.presenceTimer !== null && this.timerAt <= at) return;
		if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
		this.timerAt = at;
		this.presenceTimer = setTimeout(() => this.send(), Math.max(0, at - Date.now()));
	}

	/** Send the tick that waits now. */
	flush(): void {
		if (this.presenceTimer !== null) {
			clearTimeout(this.presenceTimer);
			this.send();
		}
		this.router.routeMore(Infinity);
	}

	private send(): void {
		this.presenceTimer = null;
		const ids = [...this.presenceDirty];
		this.presenceDirty.clear();
		const now = Date.now();
		this.dueAt = this.router.tick(ids, now, ROUTE_SLICE);
		if (this.router.routeMore(0)) this.routeRest();
		// The other instances get every change, and renewals often enough for their 30 s timeouts.
		const forBus = new Set(ids);
		for (const id of this.renewed) if (now - (this.busSentAt.get(id) ?? 0) >= AWARENESS_RENEW_MS) forBus.add(id);
		this.renewed.clear();
		const own: number[] = [];
		for (const id of forBus) {
			if (this.awareness.getStates().has(id)) this.busSentAt.set(id, now);
			else this.busSentAt.delete(id);
			if (!this.remotePresence.has(id)) own.push(id);
		}
		for (const id of ids) if (!this.awareness.getStates().has(id)) this.remotePresence.delete(id);
		if (own.length > 0 && this.hooks.toOtherInstances) this.hooks.toOtherInstances(encodeAwarenessUpdate(this.awareness, own));
		this.schedule();
	}

	/** The rest of a crowd's tick, a slice per turn of the event loop: edits and other rooms go in between. */
	private routeRest(): void {
		this.routeTimer = setImmediate(() => {
			this.routeTimer = null;
			if (this.router.routeMore(ROUTE_SLICE)) this.routeRest();
		});
	}

	destroy(): void {
		if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
		if (this.routeTimer !== null) clearImmediate(this.routeTimer);
	}
}
