/**
 * A room's presence, sent in ticks: which cursors changed, which quiet ones need renewing,
 * and which people are on other instances (counted, but never sent back to them).
 */
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness.js';
import { encodeAwarenessMessage } from '../protocol.js';
import { FROM_PEERS } from './origins.js';

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

/**
 * Presence is sent in ticks: every client's cursor at most once a tick, all changes of a
 * tick in one message. 50 ms in a small room; a crowd's cursors move less often (200 ms
 * at 200 people and more), since everyone receives everyone's.
 */
export function awarenessTickMs(peers: number): number {
	return Math.min(200, Math.max(50, peers));
}
/** Unchanged presence is still passed on this often, so others' 30 s timeouts never drop a quiet person. */
const AWARENESS_RENEW_MS = 10_000;

export interface PresenceHooks {
	/** People in the room, here and on other instances: the tick follows it. */
	people(): number;
	/** Send a message to every peer of this instance. */
	broadcast(message: Uint8Array): void;
	/** Presence of this instance's clients, for the other instances (absent without a bus). */
	toOtherInstances?: (update: Uint8Array) => void;
}

export class PresenceTicker {
	/** Awareness client ids changed since the last presence tick, and when each was last passed on. */
	private readonly presenceDirty = new Set<number>();
	private readonly presenceSentAt = new Map<number, number>();
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	/** Awareness ids whose presence came from other instances: never sent back to them. */
	private readonly remotePresence = new Set<number>();

	constructor(
		private readonly awareness: Awareness,
		private readonly hooks: PresenceHooks
	) {
		// 'change' comes first for states that really changed; 'update' also for mere renewals.
		this.awareness.on('change', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			for (const id of [...added, ...updated, ...removed]) this.presenceDirty.add(id);
			// A person who moved here from another instance is ours from their first message on.
			if (origin === FROM_PEERS) for (const id of [...added, ...updated]) this.remotePresence.add(id);
			else if (origin !== 'timeout') for (const id of [...added, ...updated]) this.remotePresence.delete(id);
			this.schedule();
		});
		this.awareness.on('update', ({ updated }: AwarenessChange) => {
			const now = Date.now();
			for (const id of updated) if (now - (this.presenceSentAt.get(id) ?? 0) >= AWARENESS_RENEW_MS) this.presenceDirty.add(id);
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

	private schedule(): void {
		if (this.presenceTimer === null && this.presenceDirty.size > 0) this.presenceTimer = setTimeout(() => this.send(), awarenessTickMs(this.hooks.people()));
	}

	/** Send the tick that waits now. */
	flush(): void {
		if (this.presenceTimer !== null) {
			clearTimeout(this.presenceTimer);
			this.send();
		}
	}

	private send(): void {
		this.presenceTimer = null;
		const ids = [...this.presenceDirty];
		this.presenceDirty.clear();
		const now = Date.now();
		for (const id of ids) {
			if (this.awareness.getStates().has(id)) this.presenceSentAt.set(id, now);
			else this.presenceSentAt.delete(id);
		}
		if (ids.length === 0) return;
		this.hooks.broadcast(encodeAwarenessMessage(this.awareness, ids));
		const own = ids.filter((id) => !this.remotePresence.has(id));
		for (const id of ids) if (!this.awareness.getStates().has(id)) this.remotePresence.delete(id);
		if (own.length > 0 && this.hooks.toOtherInstances) this.hooks.toOtherInstances(encodeAwarenessUpdate(this.awareness, own));
	}

	destroy(): void {
		if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
	}
}
