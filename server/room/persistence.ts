/**
 * A room's storage: load and catch up, updates pending until the next flush, retries while
 * storage refuses writes (holding the bytes), and compaction of the log into one snapshot.
 */
import * as Y from 'yjs';
import type { DocumentStore, StoredDoc } from '../storage/storage.js';
import { log } from '../log.js';
import { FULL_STATE_CACHE_BYTES } from './broadcaster.js';
import { FROM_STORAGE } from './origins.js';

/** What a room holds in memory while storage refuses writes; beyond it, writes are refused (clients keep them). */
export const MAX_HELD_BYTES = 16 * 1024 * 1024;

const RETRY_MS = 500;

export interface PersistenceOptions {
	flushMs: number;
	compactAfter: number;
	/** Told how long each storage write took (metrics). */
	onFlush?: (ms: number) => void;
	/** Told when writes start failing, and when they succeed again. */
	onSaveState?: (failing: boolean) => void;
}

export class RoomPersistence {
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

	constructor(
		private readonly name: string,
		private readonly doc: Y.Doc,
		private readonly storage: DocumentStore,
		private readonly options: PersistenceOptions
	) {}

	/** Read what is stored (the room applies it with `apply`: a compacted one can be sent to newcomers first). */
	async read(): Promise<StoredDoc> {
		const stored = await this.storage.loadDoc(this.name);
		this.logLength = stored.updates.length;
		this.byteSize = (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, u) => sum + u.length, 0);
		return stored;
	}

	/** Apply whatever storage holds that this room lacks (others' writes while Redis was away). */
	async catchUp(): Promise<void> {
		this.apply(await this.storage.loadDoc(this.name));
	}

	apply(stored: StoredDoc): void {
		Y.transact(this.doc, () => {
			if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		}, FROM_STORAGE);
	}

	/** An update storage has not seen: written within `flushMs`. */
	record(update: Uint8Array): void {
		this.pending.push(update);
		this.heldBytes += update.length;
		this.byteSize += update.length;
		this.scheduleFlush();
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
					this.options.onSaveState?.(false);
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
					this.options.onSaveState?.(true);
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
	}
}
