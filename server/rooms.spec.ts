import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { eventually } from '../test/support/server.js';
import { Rooms } from './rooms.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { Storage, StoredDoc } from './storage/storage.js';

const dirs: string[] = [];
function storage(): SqliteStorage {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-rooms-'));
	dirs.push(dir);
	return new SqliteStorage(path.join(dir, 'test.sqlite'));
}

afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Counts calls, to see loads and writes happen exactly as often as they should. */
function counting(inner: Storage) {
	const counts = { loads: 0, appends: 0, compactions: 0 };
	const wrapped: Storage = Object.assign(Object.create(inner) as Storage, {
		loadDoc: async (name: string): Promise<StoredDoc> => {
			counts.loads++;
			await new Promise((resolve) => setTimeout(resolve, 10));
			return inner.loadDoc(name);
		},
		appendUpdates: async (name: string, updates: Uint8Array[]) => {
			counts.appends++;
			return inner.appendUpdates(name, updates);
		},
		compactDoc: async (name: string, snapshot: Uint8Array) => {
			counts.compactions++;
			return inner.compactDoc(name, snapshot);
		}
	});
	return { storage: wrapped, counts };
}

describe('rooms', () => {
	it('loads a document once however many connect at the same time', async () => {
		const { storage: s, counts } = counting(storage());
		const rooms = new Rooms(s, { flushMs: 5, compactAfter: 100 });
		const opened = await Promise.all(Array.from({ length: 20 }, () => rooms.acquire('w/content')));
		expect(new Set(opened).size).toBe(1);
		expect(counts.loads).toBe(1);
		for (const room of opened) rooms.release(room);
		await rooms.closeAll();
	});

	it('writes updates within the flush window, batched, and unloads after the last holder leaves', async () => {
		const { storage: s, counts } = counting(storage());
		const rooms = new Rooms(s, { flushMs: 20, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		for (let i = 0; i < 10; i++) room.doc.getText('t').insert(0, String(i));
		expect(counts.appends).toBe(0);
		await eventually(() => expect(counts.appends).toBe(1), 1000, 5);
		rooms.release(room);
		expect(rooms.size).toBe(0);

		const reopened = await rooms.acquire('w/content');
		expect(reopened).not.toBe(room);
		expect(reopened.doc.getText('t').toString()).toBe('9876543210');
		rooms.release(reopened);
		await rooms.closeAll();
	});

	it('a reopen while the last write is in flight waits for it', async () => {
		const inner = storage();
		let releaseWrite!: () => void;
		const slow: Storage = Object.assign(Object.create(inner) as Storage, {
			appendUpdates: async (name: string, updates: Uint8Array[]) => {
				await new Promise<void>((resolve) => (releaseWrite = resolve));
				return inner.appendUpdates(name, updates);
			}
		});
		const rooms = new Rooms(slow, { flushMs: 1000, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		room.doc.getText('t').insert(0, 'kept');
		rooms.release(room); // starts the final flush, which is now stuck in appendUpdates
		const reopening = rooms.acquire('w/content');
		await new Promise((resolve) => setTimeout(resolve, 20));
		releaseWrite();
		const reopened = await reopening;
		expect(reopened.doc.getText('t').toString()).toBe('kept');
		rooms.release(reopened);
		await rooms.closeAll();
	});

	it('compacts the log into a snapshot past the threshold, keeping the content', async () => {
		const inner = storage();
		const { storage: s, counts } = counting(inner);
		const rooms = new Rooms(s, { flushMs: 0, compactAfter: 5 });
		const room = await rooms.acquire('w/content');
		for (let i = 0; i < 12; i++) {
			room.doc.getArray<number>('a').push([i]);
			await room.flush();
		}
		expect(counts.compactions).toBe(2);
		const stored = await inner.loadDoc('w/content');
		expect(stored.snapshot).not.toBeNull();
		expect(stored.updates.length).toBe(2);
		const check = new Y.Doc();
		Y.applyUpdate(check, stored.snapshot!);
		for (const update of stored.updates) Y.applyUpdate(check, update);
		expect(check.getArray('a').toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		rooms.release(room);
		await rooms.closeAll();
	});

	it('keeps a batch and retries when storage fails', async () => {
		const inner = storage();
		let failures = 2;
		const flaky: Storage = Object.assign(Object.create(inner) as Storage, {
			appendUpdates: async (name: string, updates: Uint8Array[]) => {
				if (failures-- > 0) throw new Error('disk full');
				return inner.appendUpdates(name, updates);
			}
		});
		const states: boolean[] = [];
		const rooms = new Rooms(flaky, { flushMs: 1, compactAfter: 100, onSaveState: (_, failing) => states.push(failing) });
		const room = await rooms.acquire('w/content');
		room.doc.getText('t').insert(0, 'precious');
		await eventually(async () => {
			const check = new Y.Doc();
			for (const update of (await inner.loadDoc('w/content')).updates) Y.applyUpdate(check, update);
			expect(check.getText('t').toString()).toBe('precious');
		}, 3000);
		expect(failures).toBe(-1);
		// The room said "not saved" once, then "saved" once.
		await eventually(() => expect(states).toEqual([true, false]), 2000);
		rooms.release(room);
		await rooms.closeAll();
	});
});
