import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { eventually } from '../test/support/server.js';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness.js';
import { Rooms, awarenessTickMs, broadcastWindowMs, type Room, type RoomBus, type RoomPeer } from './rooms.js';
import { openSqlite } from './storage/sqlite.js';
import type { DocumentStore, StoredDoc } from './storage/storage.js';

const dirs: string[] = [];
/** A document store on a fresh SQLite file, usable at once (it opens on first use). */
function storage(): DocumentStore {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-rooms-'));
	dirs.push(dir);
	const open = openSqlite(path.join(dir, 'test.sqlite'));
	return {
		loadDoc: async (name) => (await open).documents.loadDoc(name),
		appendUpdates: async (name, updates) => (await open).documents.appendUpdates(name, updates),
		compactDoc: async (name, snapshot) => (await open).documents.compactDoc(name, snapshot)
	};
}

afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Counts calls, to see loads and writes happen exactly as often as they should. */
function counting(inner: DocumentStore) {
	const counts = { loads: 0, appends: 0, compactions: 0 };
	const wrapped: DocumentStore = Object.assign(Object.create(inner) as DocumentStore, {
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

	it('deferred server writes go out together after their wait, at once when the document is read, and never after being dropped', async () => {
		const { storage: s, counts } = counting(storage());
		const rooms = new Rooms(s, { flushMs: 5, compactAfter: 100 });
		const room = await rooms.acquire('w/control');
		const updates: unknown[] = [];
		const peer: RoomPeer = { send: (message) => updates.push(message) };
		room.peers.add(peer);
		for (let i = 0; i < 3; i++) await rooms.defer('w/control', (doc) => doc.getMap('m').set(`k${i}`, i), 50, 0);
		expect(updates).toHaveLength(0);
		await eventually(() => expect(updates).toHaveLength(1), 1000, 5);
		await eventually(() => expect(counts.appends).toBe(1), 1000, 5);

		await rooms.defer('w/control', (doc) => doc.getMap('m').set('read', true), 60_000, 0);
		expect(room.doc.getMap('m').get('read')).toBe(true);
		expect(updates).toHaveLength(2);

		await rooms.defer('w/control', (doc) => doc.getMap('m').set('dropped', true), 60_000, 0);
		room.dropDeferred();
		room.peers.delete(peer);
		rooms.release(room);
		await rooms.settled('w/control');
		const reopened = await rooms.acquire('w/control');
		expect([...reopened.doc.getMap('m').keys()].sort()).toEqual(['k0', 'k1', 'k2', 'read']);
		rooms.release(reopened);
		await rooms.closeAll();
	});

	it('deferred writes keep a room nobody holds loaded for warmMs: a burst loads it once, then it unloads, or at once when asked to settle', async () => {
		const { storage: s, counts } = counting(storage());
		const rooms = new Rooms(s, { flushMs: 5, compactAfter: 100 });
		for (let i = 0; i < 5; i++) {
			await rooms.defer('w/control', (doc) => doc.getMap('m').set(`k${i}`, i), 1, 100);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(counts.loads).toBe(1);
		expect(rooms.size).toBe(1);
		await eventually(() => expect(rooms.size).toBe(0), 2000, 10);

		await rooms.defer('w/control', (doc) => doc.getMap('m').set('again', 1), 1, 60_000);
		expect(counts.loads).toBe(2);
		await rooms.settled('w/control');
		expect(rooms.size).toBe(0);
		const reopened = await rooms.acquire('w/control');
		expect(reopened.doc.getMap('m').size).toBe(6);
		rooms.release(reopened);
		await rooms.closeAll();
	});

	it('a reopen while the last write is in flight waits for it', async () => {
		const inner = storage();
		let releaseWrite!: () => void;
		const slow: DocumentStore = Object.assign(Object.create(inner) as DocumentStore, {
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
		const flaky: DocumentStore = Object.assign(Object.create(inner) as DocumentStore, {
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

/** A peer that keeps what it is sent, decoded far enough to tell updates from presence. */
function recorder() {
	const messages: Uint8Array[] = [];
	return {
		messages,
		send: (message: Uint8Array) => messages.push(message),
		updates: () => messages.filter((m) => m[0] === 0),
		presence: () => messages.filter((m) => m[0] === 1)
	};
}

describe('broadcast', () => {
	it('a small room sends each update at once; in a crowd, updates close together go as one message to every peer', async () => {
		const rooms = new Rooms(storage(), { flushMs: 5, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		const small = recorder();
		room.peers.add(small);
		room.doc.getText('t').insert(0, 'a');
		expect(small.updates()).toHaveLength(1);

		const crowd = Array.from({ length: 120 }, recorder);
		for (const peer of crowd) room.peers.add(peer);
		for (let i = 0; i < 5; i++) room.doc.getText('t').insert(0, String(i));
		expect(crowd[0]!.updates()).toHaveLength(0);
		await eventually(() => expect(crowd[0]!.updates()).toHaveLength(1), 1000, 1);
		for (const peer of crowd) expect(peer.messages).toEqual(crowd[0]!.messages);
		// The one message carries all five edits.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, decoding.readVarUint8Array(decoding.createDecoder(small.updates()[0]!.subarray(2))));
		Y.applyUpdate(replica, decoding.readVarUint8Array(decoding.createDecoder(crowd[0]!.updates()[0]!.subarray(2))));
		expect(replica.getText('t').toString()).toBe('43210a');
		room.peers.clear();
		rooms.release(room);
		await rooms.closeAll();
	});

	it('waits a little longer in a crowd, never more than 20 ms', () => {
		expect(broadcastWindowMs(20)).toBe(0);
		expect(broadcastWindowMs(75)).toBe(0);
		expect(broadcastWindowMs(100)).toBe(2.5);
		expect(broadcastWindowMs(300)).toBe(20);
		expect(broadcastWindowMs(5000)).toBe(20);
	});

	it('sends presence in ticks: changes together, unchanged renewals not at all', async () => {
		const rooms = new Rooms(storage(), { flushMs: 5, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		const peer = recorder();
		room.peers.add(peer);
		// A plain awareness client that takes part in presence and has none of its own yet.
		room.joinPresence({ ...peer, compactPresence: false, ownsPresence: () => false, ownPresenceIds: () => [] });
		const people = [new Awareness(new Y.Doc()), new Awareness(new Y.Doc())];
		for (const [i, person] of people.entries()) {
			person.setLocalState({ cursor: i });
			applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(person, [person.clientID]), 'test');
		}
		await eventually(() => expect(peer.presence()).toHaveLength(1), 1000, 5);
		// The same state again (a keep-alive) is not news.
		const [first] = people;
		applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(first!, [first!.clientID]), 'test');
		await new Promise((resolve) => setTimeout(resolve, awarenessTickMs(1) * 3));
		expect(peer.presence()).toHaveLength(1);
		room.peers.clear();
		rooms.release(room);
		await rooms.closeAll();
	});

	it('gives a newcomer to a big document the cached full state and the updates since', async () => {
		const rooms = new Rooms(storage(), { flushMs: 5, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		room.doc.getText('t').insert(0, 'x'.repeat(300 * 1024));
		await room.flush();
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = room.syncMessages(empty);
		expect(first).toHaveLength(1);
		room.doc.getText('t').insert(0, 'late edit ');
		await eventually(() => expect(room.syncMessages(empty)).toHaveLength(2), 1000, 1);
		// The first message is the same bytes as before: nothing was encoded again.
		expect(room.syncMessages(empty)[0]).toBe(first[0]);
		// Together they are the whole document.
		const newcomer = new Y.Doc();
		for (const message of room.syncMessages(empty)) {
			const body = message.subarray(2);
			const decoder = decoding.createDecoder(body);
			Y.applyUpdate(newcomer, decoding.readVarUint8Array(decoder));
		}
		expect(newcomer.getText('t').toString()).toBe(room.doc.getText('t').toString());
		// A client that has part of it gets just the difference, freshly encoded.
		expect(room.syncMessages(Y.encodeStateVector(newcomer))).toHaveLength(1);
		rooms.release(room);
		await rooms.closeAll();
	});
});

describe('unloading', () => {
	it('compacts a big document when its room unloads, so the next load reads one snapshot', async () => {
		const { storage: s, counts } = counting(storage());
		const rooms = new Rooms(s, { flushMs: 5, compactAfter: 100 });
		const room = await rooms.acquire('w/content');
		room.doc.getText('t').insert(0, 'x'.repeat(300 * 1024));
		rooms.release(room);
		await rooms.settled('w/content');
		expect(counts.compactions).toBe(1);
		const stored = await s.loadDoc('w/content');
		expect(stored.updates).toHaveLength(0);
		expect(stored.snapshot).not.toBeNull();
		await rooms.closeAll();
	});
});

/** Records what a room tells other instances (the Redis fan-out's part, in memory). */
class RecordingBus implements RoomBus {
	updates: Uint8Array[] = [];
	presence: Uint8Array[] = [];
	asks = 0;
	subscribed = new Set<string>();
	async open(name: string) {
		this.subscribed.add(name);
	}
	close(name: string) {
		this.subscribed.delete(name);
	}
	update(_room: Room, update: Uint8Array) {
		this.updates.push(update);
	}
	awareness(_room: Room, update: Uint8Array) {
		this.presence.push(update);
	}
	askSync() {
		this.asks += 1;
	}
}

const peer = (): RoomPeer & { received: Uint8Array[] } => {
	const received: Uint8Array[] = [];
	return { received, send: (m) => received.push(m) };
};

describe('rooms with other instances', () => {
	it("publishes this instance's edits once, and passes others' on to its clients and storage without echoing them", async () => {
		const bus = new RecordingBus();
		const s = storage();
		const rooms = new Rooms(s, { flushMs: 5, compactAfter: 100, bus });
		const room = await rooms.acquire('w/content');
		expect(bus.subscribed.has('w/content')).toBe(true);
		expect(bus.asks).toBe(1);
		const client = peer();
		room.peers.add(client);

		room.doc.getText('t').insert(0, 'mine');
		expect(bus.updates).toHaveLength(1);

		const elsewhere = new Y.Doc();
		elsewhere.getText('t').insert(0, 'theirs ');
		room.applyFromPeers(Y.encodeStateAsUpdate(elsewhere));
		expect(bus.updates).toHaveLength(1);
		expect(client.received).toHaveLength(2);
		// Stored here too: the other instance may die before its own write.
		await room.flush();
		const stored = new Y.Doc();
		for (const update of (await s.loadDoc('w/content')).updates) Y.applyUpdate(stored, update);
		expect(stored.getText('t').toString()).toContain('theirs');

		room.peers.delete(client);
		rooms.release(room);
		await rooms.settled('w/content');
		expect(bus.subscribed.has('w/content')).toBe(false);
		await rooms.closeAll();
	});

	it('does not hold deferred writes back from the other instances', async () => {
		const bus = new RecordingBus();
		const rooms = new Rooms(storage(), { flushMs: 5, compactAfter: 100, bus });
		await rooms.defer('w/control', (doc) => doc.getMap('m').set('credit', 1), 60_000, 0);
		await eventually(() => expect(bus.updates).toHaveLength(1), 1000, 5);
		await rooms.closeAll();
	});

	it("shares its own people's presence, not others', counts everyone in the room, and says who left before unloading", async () => {
		const bus = new RecordingBus();
		const rooms = new Rooms(storage(), { flushMs: 5, compactAfter: 100, bus });
		const room = await rooms.acquire('w/content');
		const local = new Awareness(new Y.Doc());
		local.setLocalState({ cursor: 1 });
		applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(local, [local.clientID]), 'connection');
		const remote = new Awareness(new Y.Doc());
		remote.setLocalState({ cursor: 2 });
		room.applyPresenceFromPeers(encodeAwarenessUpdate(remote, [remote.clientID]));
		expect(room.people).toBe(1);
		await eventually(() => expect(bus.presence).toHaveLength(1));
		const published = new Awareness(new Y.Doc());
		published.setLocalState(null);
		applyAwarenessUpdate(published, bus.presence[0]!, 'test');
		expect([...published.getStates().keys()]).toEqual([local.clientID]);

		// The local person leaves and the room unloads at once: the others still hear it.
		removeAwarenessStates(room.awareness, [local.clientID], 'connection');
		rooms.release(room);
		await rooms.settled('w/content');
		expect(bus.presence).toHaveLength(2);
		applyAwarenessUpdate(published, bus.presence[1]!, 'test');
		expect(published.getStates().has(local.clientID)).toBe(false);
		await rooms.closeAll();
		local.destroy();
		remote.destroy();
		published.destroy();
	});
});
