/**
 * Rooms: one in-memory Y.Doc per open document, shared by its connections.
 *
 * Life cycle: load once (concurrent connects share one load), append every
 * update to storage within `flushMs`, compact past `compactAfter` log entries,
 * and unload after the last holder leaves and the last write is flushed.
 * A room (room/room.ts) composes its storage (room/persistence.ts), its outgoing
 * updates (room/broadcaster.ts) and its presence ticks (room/presence.ts).
 */
import * as Y from 'yjs';
import type { DocumentStore } from './storage/storage.js';
import { Room, type RoomOptions } from './room/room.js';

export { APPLY_GRACE_MS, Room, type RoomBus, type RoomOptions } from './room/room.js';
export { FROM_PEERS, FROM_STORAGE } from './room/origins.js';
export { MAX_HELD_BYTES } from './room/persistence.js';
export { awarenessTickMs } from './room/presence.js';
export { broadcastWindowMs, type RoomPeer } from './room/broadcaster.js';

export class Rooms {
	private readonly open = new Map<string, Promise<Room>>();
	private readonly loaded = new Map<string, Room>();
	/** Rooms read from storage, `doc` applied or not (`loaded` holds the applied ones). */
	private readonly reading = new Map<string, Room>();
	/** Rooms being unloaded: a new open of the same name waits for their last write. */
	private readonly closing = new Map<string, Promise<void>>();
	/** Rooms held a while after server code wrote them (`defer`'s `warmMs`), by name. */
	private readonly warm = new Map<string, { room: Room; timer: ReturnType<typeof setTimeout> }>();

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
	async acquire(name: string, options: { early?: boolean } = {}): Promise<Room> {
		let pending = this.open.get(name);
		if (!pending) {
			pending = (async () => {
				await this.closing.get(name);
				const room = new Room(name, this.storage, this.options);
				// Loaded (peek, fan-out, reconciling) only once `doc` holds what storage held.
				room.onApplied = () => {
					this.loaded.set(name, room);
					this.options.bus?.askSync(room);
				};
				// Subscribe first, ask once loaded: what the others publish from then on arrives, and
				// what they sent before (or have not stored yet: their last few ms) comes as answers.
				await this.options.bus?.open(name);
				await room.load();
				this.reading.set(name, room);
				return room;
			})();
			this.open.set(name, pending);
			pending.catch(() => this.open.delete(name));
			// A room whose load failed must not stay subscribed.
			void pending.then(undefined, () => this.options.bus?.close(name));
		}
		const room = await pending;
		room.holds += 1;
		// Only a connection (`early`) is served before `doc` is applied: it waits for the rest itself.
		if (!options.early) room.applyStored();
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
		return [...this.reading.values()];
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

	/**
	 * A server write that may wait up to `ms` to be applied with others like it (`Room.defer`).
	 * The room stays loaded `warmMs` after the last one, though nobody has it open: a burst of
	 * such writes loads and replays the stored document once, not once per write.
	 */
	async defer(name: string, write: (doc: Y.Doc) => void, ms: number, warmMs: number): Promise<void> {
		const room = await this.acquire(name);
		// Another instance reading this document cannot apply the batch waiting here (a version saved
		// there would hash it without these writes): with other instances, they go out within the turn.
		room.defer(write, this.options.bus ? 0 : ms);
		this.keepWarm(room, Math.max(ms, warmMs));
		this.release(room);
	}

	private keepWarm(room: Room, ms: number): void {
		const warm = this.warm.get(room.name);
		if (warm?.room === room) return void warm.timer.refresh();
		this.cool(room.name);
		room.holds += 1;
		this.warm.set(room.name, { room, timer: setTimeout(() => this.cool(room.name), ms).unref() });
	}

	/** Let go of a warm hold now (the room unloads if nobody else holds it). */
	private cool(name: string): void {
		const warm = this.warm.get(name);
		if (!warm) return;
		clearTimeout(warm.timer);
		this.warm.delete(name);
		this.release(warm.room);
	}

	/** Unload the room once nobody holds it: flush first, and make a reopen wait for that. */
	releaseIfIdle(room: Room): void {
		if (!room.idle || this.reading.get(room.name) !== room) return;
		// Unloading compacts from `doc`: it must hold what storage held (nobody to tell about it).
		room.onApplied = null;
		room.applyStored();
		this.reading.delete(room.name);
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
		this.cool(name);
		const room = this.reading.get(name);
		if (room) this.releaseIfIdle(room);
		await this.closing.get(name);
	}

	/** Flush and unload every room (shutdown). */
	async closeAll(): Promise<void> {
		for (const { timer } of this.warm.values()) clearTimeout(timer);
		this.warm.clear();
		await Promise.allSettled([...this.open.values()]);
		const rooms = [...this.reading.values()];
		for (const room of rooms) room.applyStored();
		this.loaded.clear();
		this.reading.clear();
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
