/**
 * One open document: its Y.Doc shared by its connections, composing its storage
 * (persistence.ts), its outgoing updates (broadcaster.ts) and its presence ticks
 * (presence.ts), and the server's own deferred writes. Rooms (../rooms.ts) opens,
 * shares and unloads them.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness.js';
import type { DocumentStore, StoredDoc } from '../storage/storage.js';
import { applyTogether, Broadcaster, FULL_STATE_CACHE_BYTES, type RoomPeer } from './broadcaster.js';
import { RoomPersistence } from './persistence.js';
import { PresenceTicker, type PresenceViewer } from './presence.js';
import { FROM_PEERS, FROM_STORAGE } from './origins.js';
import { log } from '../log.js';

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

/** A room read from storage is applied into its doc after at most this long, even when nobody asks. */
export const APPLY_GRACE_MS = 200;

export class Room {
	/** The document; `doc` is what everyone reads: it applies updates held for a crowd's window first. */
	private readonly ydoc = new Y.Doc({ gc: true });
	readonly awareness = new Awareness(this.ydoc);
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
	/** What storage held, read but not applied into `doc` yet (see `load`). */
	private stored: StoredDoc | null = null;
	private applyTimer: ReturnType<typeof setTimeout> | null = null;
	private markApplied!: () => void;
	/** Resolves once what storage held is in `doc`: before, the room answers only newcomers (from the stored snapshot). */
	readonly applied = new Promise<void>((resolve) => (this.markApplied = resolve));
	/** Told once, when `doc` holds what storage held. */
	onApplied: (() => void) | null = null;
	/** Server writes waiting to be applied together (`defer`). */
	private deferred: Array<(doc: Y.Doc) => void> = [];
	private deferTimer: ReturnType<typeof setTimeout> | null = null;

	private readonly persistence: RoomPersistence;
	private readonly broadcaster: Broadcaster;
	private readonly presence: PresenceTicker;

	constructor(
		readonly name: string,
		storage: DocumentStore,
		private readonly options: RoomOptions
	) {
		const bus = options.bus;
		this.persistence = new RoomPersistence(name, this.ydoc, storage, {
			flushMs: options.flushMs,
			compactAfter: options.compactAfter,
			onFlush: options.onFlush,
			onSaveState: (failing) => options.onSaveState?.(this, failing)
		});
		this.broadcaster = new Broadcaster(this.peers, {
			people: () => this.people,
			toOtherInstances: bus && ((update) => bus.update(this, update)),
			apply: (held) => applyTogether(this.ydoc, held)
		});
		// The server is not a participant: it has no presence of its own.
		this.awareness.setLocalState(null);
		this.presence = new PresenceTicker(this.awareness, {
			people: () => this.people,
			toOtherInstances: bus && ((update) => bus.awareness(this, update))
		});
	}

	/**
	 * People in the room, on this instance and (as far as their presence shows) on others:
	 * batching follows the size of the room, not of this instance's share of it.
	 */
	get people(): number {
		return this.peers.size + this.presence.remoteCount;
	}

	/** The document, holding every update received so far and every deferred server write. */
	get doc(): Y.Doc {
		this.applyDeferred();
		this.broadcaster.applyHeld();
		return this.ydoc;
	}

	/**
	 * A server write that may wait up to `ms` for others like it: one transaction, one broadcast
	 * and one stored row for all of them. Whatever reads `doc` first applies it, so nobody reads
	 * the document without it.
	 */
	defer(write: (doc: Y.Doc) => void, ms: number): void {
		this.applyStored();
		this.deferred.push(write);
		this.deferTimer ??= setTimeout(() => this.applyDeferred(), ms);
	}

	/** Forget the deferred writes (the document is being deleted: they would store it again). */
	dropDeferred(): void {
		this.deferred = [];
	}

	private applyDeferred(): void {
		if (this.deferTimer !== null) {
			clearTimeout(this.deferTimer);
			this.deferTimer = null;
		}
		if (this.deferred.length === 0) return;
		const writes = this.deferred;
		this.deferred = [];
		Y.transact(this.ydoc, () => {
			for (const write of writes) {
				// Applied by whoever reads next: a failing write is its own problem, not theirs.
				try {
					write(this.ydoc);
				} catch (error) {
					log.error(`a deferred write to ${this.name} failed`, error);
				}
			}
		}, 'server');
	}

	/** An update from a connection (checked): applied now, or with the rest of a crowd's window. */
	receiveUpdate(update: Uint8Array, sender: RoomPeer): void {
		if (!this.broadcaster.hold(update, sender)) Y.applyUpdate(this.ydoc, update, sender);
	}

	/** Bytes storage has not taken yet (updates held for a window included). */
	get heldBytes(): number {
		return this.persistence.heldBytes + this.broadcaster.heldBytes;
	}

	/** Storage refused the last write; retrying. */
	get saveFailing(): boolean {
		return this.persistence.saveFailing;
	}

	/** Stored size estimate: snapshot plus log, grown by every update (limit checks). */
	get byteSize(): number {
		return this.persistence.byteSize + this.broadcaster.heldBytes;
	}

	/** Whether this presence is a person's on another instance (not ours to give to anyone here). */
	hasRemotePresence(clientId: number): boolean {
		return this.presence.isRemote(clientId);
	}

	/** Encoded once, sent to every peer (but `except`). */
	broadcast(message: Uint8Array, except?: unknown): void {
		this.broadcaster.broadcast(message, except);
	}

	/** The answer to a client's sync step 1: what it lacks, as one or more messages. */
	syncMessages(stateVector: Uint8Array): Uint8Array[] {
		return this.broadcaster.syncMessages(this.doc, stateVector, this.byteSize);
	}

	/**
	 * Send what waits for the next batch or tick now: a room about to unload still tells the
	 * other instances its last edits and who left.
	 */
	flushBroadcasts(): void {
		this.broadcaster.flush();
		this.presence.flush();
	}

	/** An update from another instance: applied, passed to this instance's clients and stored here too. */
	applyFromPeers(update: Uint8Array): void {
		this.applyStored();
		Y.applyUpdate(this.ydoc, update, FROM_PEERS);
		this.options.onOutsideChange?.(this);
	}

	/** A connection taking part in presence: it is sent what it is shown from now on. */
	joinPresence(viewer: PresenceViewer): void {
		this.presence.join(viewer);
	}

	leavePresence(viewer: PresenceViewer): void {
		this.presence.leave(viewer);
	}

	/** Everything a connection is shown, again (queryAwareness). */
	queryPresence(viewer: PresenceViewer): void {
		this.presence.query(viewer);
	}

	applyPresenceFromPeers(update: Uint8Array): void {
		this.presence.applyFromPeers(update);
	}

	/** Apply whatever storage holds that this room lacks (others' writes while Redis was away). */
	async catchUp(): Promise<void> {
		this.applyStored();
		await this.persistence.catchUp();
		this.options.onOutsideChange?.(this);
	}

	/** The presence of this instance's clients, for the others after an outage. */
	ownPresence(): Uint8Array | null {
		return this.presence.own();
	}

	/**
	 * Read the document from storage. Applying a big one into `doc` takes the event loop for
	 * 100 ms and more, so it waits: a compacted document's snapshot is its full state, already
	 * encoded, and a newcomer gets those bytes first (`answersNewcomers`). It is applied as soon
	 * as anything needs `doc` (`applyStored`), after the first such answer is written, or after
	 * `APPLY_GRACE_MS` at the latest.
	 */
	async load(): Promise<void> {
		const stored = await this.persistence.read();
		if (stored.snapshot && stored.updates.length === 0 && stored.snapshot.length >= FULL_STATE_CACHE_BYTES) {
			this.broadcaster.seedFullState(stored.snapshot);
			this.stored = stored;
			this.applyTimer = setTimeout(() => this.applyStored(), APPLY_GRACE_MS);
		} else {
			this.stored = stored;
			this.applyStored();
		}
	}

	/** Whether `doc` holds what storage held. */
	get isApplied(): boolean {
		return this.stored === null;
	}

	/** Whether a newcomer (empty state vector) can be answered now, before `doc` is applied. */
	get answersNewcomers(): boolean {
		return this.broadcaster.hasFullState;
	}

	/** Apply what storage held into `doc` now (nothing if done), and start storing and broadcasting updates. */
	applyStored(): void {
		const stored = this.stored;
		if (stored === null) return;
		this.stored = null;
		if (this.applyTimer !== null) clearTimeout(this.applyTimer);
		this.persistence.apply(stored);
		// Subscribe after loading: what came from storage need not be written back.
		this.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
			// Updates from other instances are stored here too: their instance may die before its
			// own write, and the log takes duplicates (Yjs applies each change once).
			if (origin !== FROM_STORAGE) this.persistence.record(update);
			this.broadcaster.queue(update, origin);
		});
		this.onApplied?.();
		this.markApplied();
	}

	get idle(): boolean {
		return this.peers.size === 0 && this.holds === 0;
	}

	/** Write what is pending; resolves when everything received so far is durable. */
	flush(): Promise<void> {
		this.applyDeferred();
		this.broadcaster.applyHeld();
		return this.persistence.flush();
	}

	/**
	 * Everything written, and a big document compacted: whoever opens it next loads one
	 * snapshot (and newcomers get its bytes as they are) instead of replaying a log.
	 */
	async unload(): Promise<void> {
		// Compaction encodes `doc`: it must hold everything stored, and everything received.
		this.applyStored();
		this.applyDeferred();
		this.broadcaster.applyHeld();
		await this.persistence.unload();
	}

	destroy(): void {
		if (this.applyTimer !== null) clearTimeout(this.applyTimer);
		if (this.deferTimer !== null) clearTimeout(this.deferTimer);
		this.persistence.destroy();
		this.presence.destroy();
		this.broadcaster.destroy();
		this.awareness.destroy();
		this.ydoc.destroy();
	}
}
