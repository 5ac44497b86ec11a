/**
 * A room's outgoing updates: gathered for a batching window that grows with the room,
 * merged into one message, and kept as a ready full state for newcomers to big documents.
 * In a crowd's window the updates its connections send are also applied together, in one
 * Yjs transaction when the window closes (see `hold`).
 */
import * as Y from 'yjs';
import { encodeSyncStep2, encodeSyncStep2Update, encodeUpdateMessage } from '../protocol.js';
import { FROM_PEERS, FROM_STORAGE } from './origins.js';

/** Something that receives a room's broadcasts (a WebSocket connection). */
export interface RoomPeer {
	send(message: Uint8Array): void;
	/** An update it sent could not be applied (it was held for a window, so its message was handled long ago). */
	failed?(error: unknown): void;
}

/** Origin of the transaction that applies a window's held updates. */
export const HELD = Symbol('held');

/** Documents from this size on keep their full state encoded for newcomers. */
export const FULL_STATE_CACHE_BYTES = 256 * 1024;
/** Past this many updates since the cached full state, a newcomer gets a fresh encoding instead. */
const FULL_STATE_MAX_TAIL = 200;

/**
 * How long a room gathers updates before sending them as one message. Up to 75
 * people, none: each update goes out as it arrives (a few ms matter there, and edits
 * seldom coincide). A crowd waits a little, so that hundreds of edits a second become
 * a few dozen frames per connection instead of hundreds: 2.5 ms at 100 people, 20 ms from
 * 275. Measured (BENCHMARKS.md, issue 23): at 300 people a window of 20 ms against 12.5
 * cost a third less CPU and lowered p99, because every frame costs a write to each
 * socket and a busier server queues longer; at 100, 2.5 ms against 5 kept the CPU
 * (25.3% against 24.5% of a core, medians of five alternating runs) and cut p99 from
 * 12.6 to 8.1 ms, and against none saved 5% of the CPU at the same p99.
 */
export function broadcastWindowMs(peers: number): number {
	return Math.min(20, Math.max(0, (peers - 75) / 10));
}

export interface BroadcasterHooks {
	/** People in the room, here and on other instances: the batching window follows it. */
	people(): number;
	/** Edits made on this instance, merged per batch, for the other instances (absent without a bus). */
	toOtherInstances?: (update: Uint8Array) => void;
	/**
	 * Apply a window's held updates into the document in one transaction with origin `HELD`
	 * (its update comes back through `queue`), telling a sender whose update fails; returns the
	 * document's state vector before them (`applyTogether`).
	 */
	apply(updates: ReadonlyArray<readonly [Uint8Array, RoomPeer]>): Uint8Array;
}

/** The room's `apply`: held updates in one transaction, origin HELD. */
export function applyTogether(doc: Y.Doc, held: ReadonlyArray<readonly [Uint8Array, RoomPeer]>): Uint8Array {
	const before = Y.encodeStateVector(doc);
	Y.transact(
		doc,
		() => {
			for (const [update, sender] of held) {
				try {
					Y.applyUpdate(doc, update);
				} catch (error) {
					sender.failed?.(error);
				}
			}
		},
		HELD
	);
	return before;
}

/**
 * Senders whose batch without their own edits is merged for each of them alone: k senders cost
 * k merges of up to k updates (16: about 1 ms a batch). A bigger batch's senders are taken in
 * groups of this many: each gets the rest of the batch (merged once per group) and its group's
 * others (merged for it), two messages instead of one, so the work grows with k × 16, not k².
 */
export const MAX_SENDERS_PER_MESSAGE = 16;
const SENDER_GROUP = 8;

export class Broadcaster {
	/** Updates received since the last broadcast, by origin (the sending connection, or storage, other instances, server code). */
	private outgoing = new Map<unknown, Uint8Array[]>();
	/**
	 * Updates from connections held for this window, not in the document yet, in the order they came;
	 * and the same by sender, as received: what each other sender of the window is sent.
	 */
	private held: Array<readonly [Uint8Array, RoomPeer]> = [];
	private heldBySender = new Map<unknown, Uint8Array[]>();
	/** Bytes in `held`: counted against the document's size limit as if applied. */
	private heldSize = 0;
	private applying = false;
	/** The document's state vector before this window's first held update was applied. */
	private windowStart: Uint8Array | null = null;
	/** The part of `outgoing` made here (not received from other instances): for the bus. */
	private toPeers: Uint8Array[] = [];
	private outgoingTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
	private lastBroadcast = 0;
	/**
	 * A big document's full state as a ready sync-step-2 message, and the update messages
	 * broadcast since: a newcomer gets these bytes, not a fresh encoding of 100,000 items.
	 */
	private fullState: Uint8Array | null = null;
	private sinceFullState: Uint8Array[] = [];

	constructor(
		private readonly peers: ReadonlySet<RoomPeer>,
		private readonly hooks: BroadcasterHooks
	) {}

	/** Encoded once, sent to every peer (but `except`). */
	broadcast(message: Uint8Array, except?: unknown): void {
		for (const peer of this.peers) if (peer !== except) peer.send(message);
	}

	/**
	 * An update a connection sent (checked, not applied). In a crowd's window it is held, and the
	 * window's updates are applied in one transaction when it closes: Yjs computes the document's
	 * state vector twice per transaction, which at 300 people was 7% of the server's time with one
	 * transaction per update. Returns false when the room sends at once: apply it now.
	 */
	hold(update: Uint8Array, sender: RoomPeer): boolean {
		if (this.held.length === 0 && broadcastWindowMs(this.hooks.people()) === 0) return false;
		this.held.push([update, sender]);
		this.heldSize += update.length;
		const fromSender = this.heldBySender.get(sender);
		if (fromSender) fromSender.push(update);
		else this.heldBySender.set(sender, [update]);
		this.schedule();
		return true;
	}

	/** Apply the held updates now (the document is about to be read); they are still sent when the window closes. */
	applyHeld(): void {
		if (this.held.length === 0 || this.applying) return;
		const held = this.held;
		this.held = [];
		this.heldSize = 0;
		this.applying = true;
		try {
			const before = this.hooks.apply(held);
			this.windowStart ??= before;
		} finally {
			this.applying = false;
		}
	}

	/** Bytes of updates held for the window, not in the document yet. */
	get heldBytes(): number {
		return this.heldSize;
	}

	/** Queue an update for every peer but its sender: a laptop never receives its own edits back. */
	queue(update: Uint8Array, origin: unknown): void {
		const fromOrigin = this.outgoing.get(origin);
		if (fromOrigin) fromOrigin.push(update);
		else this.outgoing.set(origin, [update]);
		if (origin !== FROM_PEERS && origin !== FROM_STORAGE && this.hooks.toOtherInstances) this.toPeers.push(update);
		// Applying the held updates: their window's timer is set, or they are being sent.
		if (this.applying) return;
		this.schedule();
	}

	private schedule(): void {
		if (this.outgoingTimer !== null) return;
		const window = broadcastWindowMs(this.hooks.people());
		// A small room sends at once: every millisecond shows, and edits seldom coincide.
		if (window === 0 && this.held.length === 0) return this.sendUpdates();
		const wait = this.lastBroadcast + window - performance.now();
		this.outgoingTimer = wait > 0 ? setTimeout(() => this.sendUpdates(), wait) : setImmediate(() => this.sendUpdates());
	}

	private sendUpdates(): void {
		// Their change comes back through `queue`, under HELD: what everyone who sent nothing gets.
		this.applyHeld();
		this.outgoingTimer = null;
		this.lastBroadcast = performance.now();
		const applied = this.outgoing;
		this.outgoing = new Map();
		// Senders get the others' updates: those held as they were sent (their own is in HELD's
		// change), and those made otherwise (server code, other instances) as applied.
		const held = this.heldBySender;
		this.heldBySender = new Map();
		const start = this.windowStart;
		this.windowStart = null;
		const made = new Map([...applied].filter(([origin]) => origin !== HELD));
		// Other instances get this instance's edits in the same batches as its own clients.
		if (this.toPeers.length > 0) {
			this.hooks.toOtherInstances?.(this.toPeers.length === 1 ? this.toPeers[0]! : Y.mergeUpdates(this.toPeers));
			this.toPeers = [];
		}
		// Nothing new (held updates the document already had): nothing to send.
		if (applied.size === 0) return;
		// Everyone who sent nothing in this batch (most of a room) gets one message, encoded once.
		const origins = [...new Set([...held.keys(), ...made.keys()])];
		const message = encodeUpdateMessage(merged([...applied.values()].flat()));
		this.remember(message);
		if (origins.length === 1) return this.broadcast(message, origins[0]);
		/** What `from` sent, but `except`'s own, as one message (null: nothing). */
		const ofOthers = (from: unknown[], except?: unknown): Uint8Array | null => {
			const sent = updatesOf(held, from, except);
			let asSent = sent.length > 0 ? merged(sent) : null;
			// A modified client may resend what the document already had: as sent, it would reach
			// the other senders window after window. Past the size of the news, only the news.
			if (asSent && start && asSent.length > message.length) asSent = Y.diffUpdate(asSent, start);
			const parts = [...(asSent ? [asSent] : []), ...updatesOf(made, from, except)];
			return parts.length > 0 ? encodeUpdateMessage(merged(parts)) : null;
		};
		const senders = new Set(origins);
		const sending: RoomPeer[] = [];
		for (const peer of this.peers) {
			if (senders.has(peer)) sending.push(peer);
			else peer.send(message);
		}
		const send = (peer: RoomPeer, message: Uint8Array | null) => message && peer.send(message);
		if (origins.length <= MAX_SENDERS_PER_MESSAGE) {
			for (const peer of sending) send(peer, ofOthers(origins, peer));
			return;
		}
		for (let i = 0; i < origins.length; i += SENDER_GROUP) {
			const group = new Set(origins.slice(i, i + SENDER_GROUP));
			const rest = ofOthers(origins.filter((origin) => !group.has(origin)));
			for (const peer of sending) {
				if (!group.has(peer)) continue;
				send(peer, rest);
				send(peer, ofOthers([...group], peer));
			}
		}
	}

	/** Keep a broadcast for newcomers served from the full-state cache. */
	private remember(message: Uint8Array): void {
		if (!this.fullState) return;
		this.sinceFullState.push(message);
		// A long tail costs more to send than a fresh encoding: drop the cache, the next newcomer rebuilds it.
		if (this.sinceFullState.length > FULL_STATE_MAX_TAIL) {
			this.fullState = null;
			this.sinceFullState = [];
		}
	}

	/** Whether a newcomer's answer is ready (a big document's full state, encoded). */
	get hasFullState(): boolean {
		return this.fullState !== null;
	}

	/** A compacted document's snapshot is its full state, already encoded. */
	seedFullState(snapshot: Uint8Array): void {
		this.fullState = encodeSyncStep2Update(snapshot);
	}

	/** The answer to a client's sync step 1: what it lacks, as one or more messages. */
	syncMessages(doc: Y.Doc, stateVector: Uint8Array, byteSize: number): Uint8Array[] {
		const newcomer = Y.decodeStateVector(stateVector).size === 0;
		if (!newcomer || byteSize < FULL_STATE_CACHE_BYTES) return [encodeSyncStep2(doc, stateVector)];
		// Updates still gathering for the next broadcast reach the newcomer with it: it is a peer already.
		if (!this.fullState) {
			this.fullState = encodeSyncStep2Update(Y.encodeStateAsUpdate(doc));
			this.sinceFullState = [];
		}
		return [this.fullState, ...this.sinceFullState];
	}

	/** Send the batch that waits for its window now (held updates applied first). */
	flush(): void {
		if (this.outgoingTimer !== null) {
			this.cancel();
			this.sendUpdates();
		}
	}

	destroy(): void {
		if (this.outgoingTimer !== null) this.cancel();
		this.held = [];
		this.heldSize = 0;
		this.heldBySender.clear();
		this.windowStart = null;
	}

	private cancel(): void {
		clearTimeout(this.outgoingTimer as ReturnType<typeof setTimeout>);
		clearImmediate(this.outgoingTimer as ReturnType<typeof setImmediate>);
	}
}

const merged = (updates: Uint8Array[]): Uint8Array => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));

/** The updates of `origins` in a batch, but `except`'s own. */
function updatesOf(batch: Map<unknown, Uint8Array[]>, origins: unknown[], except?: unknown): Uint8Array[] {
	return origins.flatMap((origin) => (origin === except ? [] : (batch.get(origin) ?? [])));
}
