import { afterEach, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { Rooms } from '../rooms.js';
import { openSqlite } from '../storage/sqlite.js';
import type { DocumentStore } from '../storage/storage.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function storage(): DocumentStore {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-stored-load-'));
	dirs.push(dir);
	const open = openSqlite(path.join(dir, 'test.sqlite'));
	return {
		loadDoc: async (name) => (await open).documents.loadDoc(name),
		appendUpdates: async (name, updates) => (await open).documents.appendUpdates(name, updates),
		compactDoc: async (name, snapshot) => (await open).documents.compactDoc(name, snapshot)
	};
}

/** A document past the full-state cache size (256 KiB): 300 KB of text. */
function big(): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, 'x'.repeat(300_000));
	return Y.encodeStateAsUpdate(doc);
}

it('answers from a compacted snapshot before applying it, and applies it once anything needs the doc', async () => {
	const store = storage();
	await store.compactDoc('w/content', big());
	const rooms = new Rooms(store, { flushMs: 5, compactAfter: 100 });
	const early = await rooms.acquire('w/content', { early: true });
	expect(early.isApplied).toBe(false);
	expect(early.answersNewcomers).toBe(true);
	// The newcomer's answer is the stored snapshot, without the doc.
	expect(early.syncMessages(Y.encodeStateVector(new Y.Doc()))[0]!.byteLength).toBeGreaterThan(300_000);
	expect(rooms.peek('w/content')).toBeUndefined();
	const server = await rooms.acquire('w/content');
	expect(server).toBe(early);
	expect(server.isApplied).toBe(true);
	expect(server.doc.getText('t').length).toBe(300_000);
	expect(rooms.peek('w/content')).toBe(server);
	rooms.release(server);
	rooms.release(early);
	await rooms.closeAll();
});

it('applies the stored document after a grace period when nobody asks', async () => {
	const store = storage();
	await store.compactDoc('w/content', big());
	const rooms = new Rooms(store, { flushMs: 5, compactAfter: 100 });
	const room = await rooms.acquire('w/content', { early: true });
	await room.applied;
	expect(room.doc.getText('t').length).toBe(300_000);
	rooms.release(room);
	await rooms.closeAll();
});

it('a room left before it applied the stored document unloads with everything still stored', async () => {
	const store = storage();
	await store.compactDoc('w/content', big());
	const rooms = new Rooms(store, { flushMs: 5, compactAfter: 100 });
	const room = await rooms.acquire('w/content', { early: true });
	expect(room.isApplied).toBe(false);
	rooms.release(room);
	await rooms.settled('w/content');
	const again = await rooms.acquire('w/content');
	expect(again).not.toBe(room);
	expect(again.doc.getText('t').length).toBe(300_000);
	rooms.release(again);
	await rooms.closeAll();
});
