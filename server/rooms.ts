/**
 * Rooms: one in-memory Y.Doc per open document, shared by its connections.
 *
 * Life cycle: load once (concurrent connects share one load), append every
 * update to storage within `flushMs`, compact past `compactAfter` log entries,
 * and unload after the last holder leaves and the last write is flushed.
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness.js';
import type { DocumentStore } from './storage/storage.js';
import { log } from './log.js';
import { encodeAwarenessMessage, encodeSyncStep2, encodeSyncStep2Update, encodeUpdateMessage } from './protocol.js';

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

export interface RoomOptions {
	flushMs: number;
	compactAfter: number;
	/** Told how long each storage write took (metrics). */
	onFlush?: (ms: number) => void;
	/** Told when a room's writes start failing, and when they succeed again. */
	onSaveState?: (room: Room, failing: boolean) => void;
	/** Other instances, when there are any (Redis fan-out). */
	bus?: RoomBus;
	/** Told after changes from other instances or from storage were applied (not from this instance's clients). */
	onOutsideChange?: (room: Room) => void;
}

/** The way to other instances serving the same documents (fanout.ts). */
export interface RoomBus {
	/** Start receiving a room's messages; resolves once subscribed (or at once while the bus is down). */
	open(name: string): Promise<void>;
	close(name: string): void;
	/** An update made here (by a client of this instance or by its server code). */
	update(room: Room, update: Uint8Array): void;
	/** Presence of this instance's clients. */
	awareness(room: Room, update: Uint8Array): void;
	/** Ask the others for what this room lacks. */
	askSync(room: Room): void;
}

/** Origin of updates and presence that came from other instances. */
export const FROM_PEERS = Symbol('peers');
/** Origin of updates read back from storage while the room is open (catching up). */
export const FROM_STORAGE = 'storage';

/** What a room holds in memory while storage refuses writes; beyond it, writes are refused (clients keep them). */
export const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** Something that receives a room's broadcasts (a WebSocket connection). */
export interface RoomPeer {
	send(message: Uint8Array): void;
}

const RETRY_MS = 500;
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

/** Documents from this size on keep their full state encoded for newcomers. */
const FULL_STATE_CACHE_BYTES = 256 * 1024;
/** Past this many updates since the cached full state, a newcomer gets a fresh encoding instead. */
const FULL_STATE_MAX_TAIL = 200;

/**
 * How long a room gathers updates before sending them as one message. Up to 50
 * people, none: each update goes out as it arrives (a few ms matter there, and edits
 * seldom coincide). A crowd waits a little, so that hundreds of edits a second become
 * a few dozen frames per connection instead of hundreds.
 */
export function broadcastWindowMs(peers: number): number {
	return Math.min(20, Math.max(0, (peers - 50) / 20));
}

export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new Awareness(this.doc);
	readonly peers = new Set<RoomPeer>();
	/** Which peer speaks for each awareness client id, so no peer can overwrite another's presence. */
	readonly awarenessOwners = new Map<number, RoomPeer>();
	/**
	 * The session that owns each Yjs client id: the first to write or show presence with it here.
	 * Kept while the room is loaded, so a person's id stays theirs across a reconnect.
	 */
	readonly clientSessions = new Map<number, string>();
	/** Yjs client ids whose author has been recorded (content rooms). */
	readonly knownWriters = new Set<number>();
	/** Holders that are not peers: server code writing while nobody is connected. */
	holds = 0;

	private pending: Uint8Array[] = [];
	/** Bytes in `pending`: what storage has not taken yet. */
	heldBytes = 0;
	private flushTimer: ReturnType<typeof setTimeout> | null = null;
	private writes: Promise<void> = Promise.resolve();
	private logLength = 0;
	/** Storage refused the last write; retrying. */
	saveFailing = false;
	/** Stored size estimate: snapshot plus log, grown by every update (limit checks). */
	byteSize = 0;
	/** Updates received since the last broadcast, sent merged as one message. */
	private outgoing: Uint8Array[] = [];
	/** Where they came from: one sender alone need not get its own edit back. */
	private outgoingOrigins = new Set<unknown>();
	/** The part of `outgoing` made here (not received from other instances): for the bus. */
	private toPeers: Uint8Array[] = [];
	private outgoingTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
	private lastBroadcast = 0;
	/** Awareness client ids changed since the last presence tick, and when each was last passed on. */
	private readonly presenceDirty = new Set<number>();
	private readonly presenceSentAt = new Map<number, number>();
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	/** Awareness ids whose presence came from other instances: never sent back to them. */
	private readonly remotePresence = new Set<number>();
	/**
	 * A big document's full state as a ready sync-step-2 message, and the update messages
	 * broadcast since: a newcomer gets these bytes, not a fresh encoding of 100,000 items.
	 */
	private fullState: Uint8Array | null = null;
	private sinceFullState: Uint8Array[] = [];

	constructor(
		readonly name: string,
		private readonly storage: DocumentStore,
		private readonly options: RoomOptions
	) {
		// The server is not a participant: it has no presence of its own.
		this.awareness.setLocalState(null);
		// 'change' comes first for states that really changed; 'update' also for mere renewals.
		this.awareness.on('change', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			for (const id of [...added, ...updated, ...removed]) this.presenceDirty.add(id);
			// A person who moved here from another instance is ours from their first message on.
			if (origin === FROM_PEERS) for (const id of [...added, ...updated]) this.remotePresence.add(id);
			else if (origin !== 'timeout') for (const id of [...added, ...updated]) this.remotePresence.delete(id);
			this.schedulePresence();
		});
		this.awareness.on('update', ({ updated }: AwarenessChange) => {
			const now = Date.now();
			for (const id of updated) if (now - (this.presenceSentAt.get(id) ?? 0) >= AWARENESS_RENEW_MS) this.presenceDirty.add(id);
			this.schedulePresence();
		});
	}

	/**
	 * People in the room, on this instance and (as far as their presence shows) on others:
	 * batching follows the size of the room, not of this instance's share of it.
	 */
	get people(): number {
		return this.peers.size + this.remotePresence.size;
	}

	/** Whether this presence is a person's on another instance (not ours to give to anyone here). */
	hasRemotePresence(clientId: number): boolean {
		return this.remotePresence.has(clientId);
	}

	/** Encoded once, sent to every peer (but `except`). */
	broadcast(message: Uint8Array, except?: unknown): void {
		for (const peer of this.peers) if (peer !== except) peer.send(message);
	}

	/**
	 * Queue an update for every peer. When a batch holds several people's edits, their
	 * senders get it back too: Yjs ignores what it already has, and one message for all
	 * is cheaper than one per sender.
	 */
	private queueUpdate(update: Uint8Array, origin: unknown): void {
		this.outgoing.push(update);
		this.outgoingOrigins.add(origin);
		if (origin !== FROM_PEERS && origin !== FROM_STORAGE && this.options.bus) this.toPeers.push(update);
		if (this.outgoingTimer !== null) return;
		const window = broadcastWindowMs(this.people);
		// A small room sends at once: every millisecond shows, and edits seldom coincide.
		if (window === 0) return this.sendUpdates();
		const wait = this.lastBroadcast + window - performance.now();
		this.outgoingTimer = wait > 0 ? setTimeout(() => this.sendUpdates(), wait) : setImmediate(() => this.sendUpdates());
	}

	private sendUpdates(): void {
		this.outgoingTimer = null;
		this.lastBroadcast = performance.now();
		const updates = this.outgoing;
		const origins = [...this.outgoingOrigins];
		this.outgoing = [];
		this.outgoingOrigins.clear();
		// Other instances get this instance's edits in the same batches as its own clients.
		if (this.toPeers.length > 0) {
			this.options.bus?.update(this, this.toPeers.length === 1 ? this.toPeers[0]! : Y.mergeUpdates(this.toPeers));
			this.toPeers = [];
		}
		if (updates.length === 0) return;
		const message = encodeUpdateMessage(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
		if (this.fullState) {
			this.sinceFullState.push(message);
			// A long tail costs more to send than a fresh encoding: drop the cache, the next newcomer rebuilds it.
			if (this.sinceFullState.length > FULL_STATE_MAX_TAIL) {
				this.fullState = null;
				this.sinceFullState = [];
			}
		}
		this.broadcast(message, origins.length === 1 ? origins[0] : undefined);
	}

	/** The answer to a client's sync step 1: what it lacks, as one or more messages. */
	syncMessages(stateVector: Uint8Array): Uint8Array[] {
		const newcomer = Y.decodeStateVector(stateVector).size === 0;
		if (!newcomer || this.byteSize < FULL_STATE_CACHE_BYTES) return [encodeSyncStep2(this.doc, stateVector)];
		// Updates still gathering for the next broadcast reach the newcomer with it: it is a peer already.
		if (!this.fullState) {
			this.fullState = encodeSyncStep2Update(Y.encodeStateAsUpdate(this.doc));
			this.sinceFullState = [];
		}
		return [this.fullState, ...this.sinceFullState];
	}

	private schedulePresence(): void {
		if (this.presenceTimer === null && this.presenceDirty.size > 0) this.presenceTimer = setTimeout(() => this.sendPresence(), awarenessTickMs(this.people));
	}

	/**
	 * Send what waits for the next batch or tick now: a room about to unload still tells the
	 * other instances its last edits and who left.
	 */
	flushBroadcasts(): void {
		if (this.outgoingTimer !== null) {
			clearTimeout(this.outgoingTimer as ReturnType<typeof setTimeout>);
			clearImmediate(this.outgoingTimer as ReturnType<typeof setImmediate>);
			this.sendUpdates();
		}
		if (this.presenceTimer !== null) {
			clearTimeout(this.presenceTimer);
			this.sendPresence();
		}
	}

	private sendPresence(): void {
		this.presenceTimer = null;
		const ids = [...this.presenceDirty];
		this.presenceDirty.clear();
		const now = Date.now();
		for (const id of ids) {
			if (this.awareness.getStates().has(id)) this.presenceSentAt.set(id, now);
			else this.presenceSentAt.delete(id);
		}
		if (ids.length === 0) return;
		this.broadcast(encodeAwarenessMessage(this.awareness, ids));
		const own = ids.filter((id) => !this.remotePresence.has(id));
		for (const id of ids) if (!this.awareness.getStates().has(id)) this.remotePresence.delete(id);
		if (own.length > 0) this.options.bus?.awareness(this, encodeAwarenessUpdate(this.awareness, own));
	}

	/** An update from another instance: applied, passed to this instance's clients and stored here too. */
	applyFromPeers(update: Uint8Array): void {
		Y.applyUpdate(this.doc, update, FROM_PEERS);
		this.options.onOutsideChange?.(this);
	}

	applyPresenceFromPeers(update: Uint8Array): void {
		applyAwarenessUpdate(this.awareness, update, FROM_PEERS);
	}

	/** Apply whatever storage holds that this room lacks (others' writes while Redis was away). */
	async catchUp(): Promise<void> {
		const stored = await this.storage.loadDoc(this.name);
		Y.transact(this.doc, () => {
			if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		}, FROM_STORAGE);
		this.options.onOutsideChange?.(this);
	}

	/** The presence of this instance's clients, for the others after an outage. */
	ownPresence(): Uint8Array | null {
		const own = [...this.awareness.getStates().keys()].filter((id) => !this.remotePresence.has(id));
		return own.length > 0 ? encodeAwarenessUpdate(this.awareness, own) : null;
	}

	async load(): Promise<void> {
		const stored = await this.storage.loadDoc(this.name);
		Y.transact(this.doc, () => {
			if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		}, 'storage');
		this.logLength = stored.updates.length;
		this.byteSize = (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, u) => sum + u.length, 0);
		// A compacted document's snapshot is its full state, already encoded.
		if (stored.snapshot && stored.updates.length === 0 && stored.snapshot.length >= FULL_STATE_CACHE_BYTES) {
			this.fullState = encodeSyncStep2Update(stored.snapshot);
		}
		// Subscribe after loading: what came from storage need not be written back.
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			// Updates from other instances are stored here too: their instance may die before its
			// own write, and the log takes duplicates (Yjs applies each change once).
			if (origin !== FROM_STORAGE) {
				this.pending.push(update);
				this.heldBytes += update.length;
				this.byteSize += update.length;
				this.scheduleFlush();
			}
			this.queueUpdate(update, origin);
		});
	}

	get idle(): boolean {
		return this.peers.size === 0 && this.holds === 0;
	}

	private scheduleFlush(): void {
		if (this.flushTimer === null) this.flushTimer = setTimeout(() => void this.flush(), this.options.flushMs);
	}

	/** Write what is pending; resolves when everything received so far is durable. */
	flush(): Promise<void> {
		if (this.flushTimer !== null) {
			clearTimeout(this.flushTimer);
			this.flushTimer = null;
		}
		if (this.pending.length === 0) return this.writes;
		const batch = this.pending;
		const batchBytes = this.heldBytes;
		this.pending = [];
		this.heldBytes = 0;
		this.writes = this.writes.then(async () => {
			try {
				const started = performance.now();
				await this.storage.appendUpdates(this.name, [batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)]);
				this.options.onFlush?.(performance.now() - started);
				if (this.saveFailing) {
					this.saveFailing = false;
					this.options.onSaveState?.(this, false);
				}
				this.logLength += 1;
				if (this.logLength >= this.options.compactAfter) await this.compact();
			} catch (error) {
				// Keep the batch and try again: an edit the room accepted is never dropped.
				log.error(`storage write failed for ${this.name}; retrying in ${RETRY_MS} ms`, error);
				this.pending.unshift(...batch);
				this.heldBytes += batchBytes;
				if (!this.saveFailing) {
					this.saveFailing = true;
					this.options.onSaveState?.(this, true);
				}
				if (this.flushTimer === null) this.flushTimer = setTimeout(() => void this.flush(), RETRY_MS);
			}
		});
		return this.writes;
	}

	/** Replace the log with one snapshot of the document: the next load reads one blob. */
	private async compact(): Promise<void> {
		const snapshot = Y.encodeStateAsUpdate(this.doc);
		await this.storage.compactDoc(this.name, snapshot);
		this.logLength = 0;
		this.byteSize = snapshot.length;
	}

	/**
	 * Everything written, and a big document compacted: whoever opens it next loads one
	 * snapshot (and newcomers get its bytes as they are) instead of replaying a log.
	 */
	async unload(): Promise<void> {
		await this.flush();
		if (this.logLength > 0 && this.byteSize >= FULL_STATE_CACHE_BYTES) {
			this.writes = this.writes.then(() => this.compact()).catch((error) => log.error(`compaction of ${this.name} failed`, error));
			await this.writes;
		}
	}

	destroy(): void {
		if (this.flushTimer !== null) clearTimeout(this.flushTimer);
		if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
		if (this.outgoingTimer !== null) {
			clearTimeout(this.outgoingTimer as ReturnType<typeof setTimeout>);
			clearImmediate(this.outgoingTimer as ReturnType<typeof setImmediate>);
		}
		this.awareness.destroy();
		this.doc.destroy();
	}
}

export class Rooms {
	private readonly open = new Map<string, Promise<Room>>();
	private readonly loaded = new Map<string, Room>();
	/** Rooms being unloaded: a new open of the same name waits for their last write. */
	private readonly closing = new Map<string, Promise<void>>();

	constructor(
		private readonly storage: DocumentStore,
		private readonly options: RoomOptions
	) {}

	get size(): number {
		return this.open.size;
	}

	/**
	 * The room for `name`, loaded once however many ask at the same time.
	 * The caller gets a hold on it and must `release` it (after adding itself
	 * as a peer, if it is a connection).
	 */
	async acquire(name: string): Promise<Room> {
		let pending = this.open.get(name);
		if (!pending) {
			pending = (async () => {
				await this.closing.get(name);
				const room = new Room(name, this.storage, this.options);
				// Subscribe first, ask once loaded: what the others publish from then on arrives, and
				// what they sent before (or have not stored yet: their last few ms) comes as answers.
				await this.options.bus?.open(name);
				await room.load();
				this.loaded.set(name, room);
				this.options.bus?.askSync(room);
				return room;
			})();
			this.open.set(name, pending);
			pending.catch(() => this.open.delete(name));
			// A room whose load failed must not stay subscribed.
			void pending.then(undefined, () => this.options.bus?.close(name));
		}
		const room = await pending;
		room.holds += 1;
		return room;
	}

	/** The room if it is loaded now; never loads. */
	peek(name: string): Room | undefined {
		return this.loaded.get(name);
	}

	release(room: Room): void {
		room.holds -= 1;
		this.releaseIfIdle(room);
	}

	/** If the room is loaded, apply what storage holds that it lacks. */
	async catchUp(name: string): Promise<void> {
		await this.loaded.get(name)?.catchUp();
	}

	/** Every loaded room (reconciling after an outage). */
	get loadedRooms(): Room[] {
		return [...this.loaded.values()];
	}

	/** Run `fn` on the document in one transaction and wait until the result is durable. */
	async withDoc<T>(name: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const room = await this.acquire(name);
		try {
			const result = Y.transact(room.doc, () => fn(room.doc), 'server');
			await room.flush();
			return result;
		} finally {
			this.release(room);
		}
	}

	/** Unload the room once nobody holds it: flush first, and make a reopen wait for that. */
	releaseIfIdle(room: Room): void {
		if (!room.idle || this.loaded.get(room.name) !== room) return;
		this.loaded.delete(room.name);
		this.open.delete(room.name);
		room.flushBroadcasts();
		this.options.bus?.close(room.name);
		const done = room.unload().finally(() => {
			room.destroy();
			if (this.closing.get(room.name) === done) this.closing.delete(room.name);
		});
		this.closing.set(room.name, done);
	}

	/** Resolves once the room is unloaded and its last write is done (nothing if it is not loaded). */
	async settled(name: string): Promise<void> {
		const room = this.loaded.get(name);
		if (room) this.releaseIfIdle(room);
		await this.closing.get(name);
	}

	/** Flush and unload every room (shutdown). */
	async closeAll(): Promise<void> {
		await Promise.allSettled([...this.open.values()]);
		const rooms = [...this.loaded.values()];
		this.loaded.clear();
		this.open.clear();
		await Promise.all(
			rooms.map(async (room) => {
				room.flushBroadcasts();
				await room.flush();
				room.destroy();
			})
		);
		await Promise.all(this.closing.values());
	}
}
