/**
 * The phone's own copy of the field (IndexedDB): the outbox of unsent logs and the last
 * field view, so the page opens and logs without a network. Falls back to memory where
 * IndexedDB is missing (some private modes): the page still works, only a reload forgets.
 */
import type { FieldResponse } from '$lib/api';
import { memoryOutboxStore, type OutboxEntry, type OutboxStore } from './fieldOutbox';

const DB_NAME = 'plumbline-field';
const OUTBOX = 'outbox';
const CACHE = 'views';

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
	if (typeof indexedDB === 'undefined') return Promise.resolve(null);
	opening ??= new Promise((resolve) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => {
			request.result.createObjectStore(OUTBOX, { keyPath: 'key' });
			request.result.createObjectStore(CACHE);
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => resolve(null);
		request.onblocked = () => resolve(null);
	});
	return opening;
}

function run<T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		const request = act(db.transaction(store, mode).objectStore(store));
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

export function outboxStore(): OutboxStore {
	const memory = memoryOutboxStore();
	return {
		async all() {
			const db = await open();
			return db ? run<OutboxEntry[]>(db, OUTBOX, 'readonly', (s) => s.getAll()) : memory.all();
		},
		async put(entry) {
			const db = await open();
			if (db) await run(db, OUTBOX, 'readwrite', (s) => s.put(entry));
			else await memory.put(entry);
		},
		async delete(key) {
			const db = await open();
			if (db) await run(db, OUTBOX, 'readwrite', (s) => s.delete(key));
			else await memory.delete(key);
		}
	};
}

/** The last view this browser received for a workshop (and who asked: another person's `mine` is not shown). */
export interface CachedField {
	participantId: string;
	response: FieldResponse;
	savedAt: number;
}

export async function readCachedField(workshopId: string): Promise<CachedField | null> {
	const db = await open();
	if (!db) return null;
	try {
		return ((await run(db, CACHE, 'readonly', (s) => s.get(workshopId))) as CachedField | undefined) ?? null;
	} catch {
		return null;
	}
}

export async function writeCachedField(workshopId: string, cached: CachedField): Promise<void> {
	const db = await open();
	if (!db) return;
	await run(db, CACHE, 'readwrite', (s) => s.put(cached, workshopId)).catch(() => undefined);
}
