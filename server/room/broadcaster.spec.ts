import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { applyTogether, Broadcaster, MAX_SENDERS_PER_MESSAGE, type RoomPeer } from './broadcaster.js';

/** A peer that keeps the text of every update it is sent. */
class Peer implements RoomPeer {
	readonly texts: string[] = [];
	send(message: Uint8Array): void {
		const decoder = decoding.createDecoder(message);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
		this.texts.push(doc.getText('t').toString());
	}
}

function editBy(marker: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, marker);
	return Y.encodeStateAsUpdate(doc);
}

/** A room's document wired to its broadcaster as the room does it (room.ts). */
function roomOf(peers: Set<Peer>, people: number): { broadcaster: Broadcaster; doc: Y.Doc; transactions: () => number } {
	const doc = new Y.Doc();
	let transactions = 0;
	doc.on('afterTransaction', () => (transactions += 1));
	const broadcaster = new Broadcaster(peers, {
		people: () => people,
		apply: (held) => applyTogether(doc, held)
	});
	doc.on('update', (update: Uint8Array, origin: unknown) => broadcaster.queue(update, origin));
	return { broadcaster, doc, transactions: () => transactions };
}

/** A crowd's window: everything queued in this turn goes out in one batch on flush. */
function crowd(peers: Set<Peer>): Broadcaster {
	return roomOf(peers, 1000).broadcaster;
}

/** What a connection does with an update it received: hold it for the window, or apply it now. */
function receive(room: ReturnType<typeof roomOf>, update: Uint8Array, sender: Peer): void {
	if (!room.broadcaster.hold(update, sender)) Y.applyUpdate(room.doc, update, sender);
}

describe('Broadcaster', () => {
	it('sends each sender the batch without its own edits, and everyone else one message with all', () => {
		const senders = [new Peer(), new Peer(), new Peer()];
		const listener = new Peer();
		const broadcaster = crowd(new Set([...senders, listener]));
		senders.forEach((peer, i) => broadcaster.queue(editBy(`<${i}>`), peer));
		broadcaster.queue(editBy('<s>'), 'server');
		broadcaster.flush();
		expect(listener.texts).toHaveLength(1);
		for (const marker of ['<0>', '<1>', '<2>', '<s>']) expect(listener.texts[0]).toContain(marker);
		senders.forEach((peer, i) => {
			expect(peer.texts).toHaveLength(1);
			expect(peer.texts[0]).not.toContain(`<${i}>`);
			for (const other of ['<0>', '<1>', '<2>', '<s>'].filter((m) => m !== `<${i}>`)) expect(peer.texts[0]).toContain(other);
		});
		broadcaster.destroy();
	});

	it(`sends the senders of a batch of more than ${MAX_SENDERS_PER_MESSAGE} two messages each, still without their own, and everyone else one`, () => {
		const senders = Array.from({ length: MAX_SENDERS_PER_MESSAGE + 4 }, () => new Peer());
		const listener = new Peer();
		const broadcaster = crowd(new Set([...senders, listener]));
		senders.forEach((peer, i) => broadcaster.queue(editBy(`<${i}>`), peer));
		broadcaster.flush();
		expect(listener.texts).toHaveLength(1);
		expect(listener.texts[0]!.match(/<\d+>/g)).toHaveLength(senders.length);
		senders.forEach((peer, i) => {
			expect(peer.texts).toHaveLength(2);
			const all = peer.texts.join('');
			expect(all).not.toContain(`<${i}>`);
			expect(all.match(/<\d+>/g)).toHaveLength(senders.length - 1);
		});
		broadcaster.destroy();
	});

	it('applies the updates its connections send in a crowd\'s window in one transaction, and still sends nobody their own', () => {
		const senders = [new Peer(), new Peer(), new Peer()];
		const listener = new Peer();
		const room = roomOf(new Set([...senders, listener]), 300);
		senders.forEach((peer, i) => receive(room, editBy(`<${i}>`), peer));
		// Held: the document has none of them yet, and the size limit counts them.
		expect(room.doc.getText('t').toString()).toBe('');
		expect(room.broadcaster.heldBytes).toBeGreaterThan(0);
		room.broadcaster.flush();
		expect(room.transactions()).toBe(1);
		for (const marker of ['<0>', '<1>', '<2>']) expect(room.doc.getText('t').toString()).toContain(marker);
		expect(listener.texts).toHaveLength(1);
		for (const marker of ['<0>', '<1>', '<2>']) expect(listener.texts[0]).toContain(marker);
		senders.forEach((peer, i) => {
			expect(peer.texts).toHaveLength(1);
			expect(peer.texts[0]).not.toContain(`<${i}>`);
			expect(peer.texts[0]!.match(/<\d>/g)).toHaveLength(2);
		});
		room.broadcaster.destroy();
	});

	it('applies held updates early when the document is read, and sends them when the window closes', () => {
		const sender = new Peer();
		const listener = new Peer();
		const room = roomOf(new Set([sender, listener]), 300);
		receive(room, editBy('<a>'), sender);
		room.broadcaster.applyHeld();
		expect(room.doc.getText('t').toString()).toBe('<a>');
		expect(room.broadcaster.heldBytes).toBe(0);
		expect(listener.texts).toHaveLength(0);
		receive(room, editBy('<b>'), sender);
		room.broadcaster.flush();
		expect(listener.texts).toHaveLength(1);
		expect(listener.texts[0]).toContain('<a>');
		expect(listener.texts[0]).toContain('<b>');
		expect(sender.texts).toHaveLength(0);
		room.broadcaster.destroy();
	});

	it('sends nothing for held updates the document already had, and applies a small room\'s at once', () => {
		const sender = new Peer();
		const listener = new Peer();
		const crowded = roomOf(new Set([sender, listener]), 300);
		const edit = editBy('<a>');
		Y.applyUpdate(crowded.doc, edit);
		crowded.broadcaster.flush();
		listener.texts.length = 0;
		receive(crowded, edit, sender);
		crowded.broadcaster.flush();
		expect(listener.texts).toHaveLength(0);
		crowded.broadcaster.destroy();

		const small = roomOf(new Set([sender, listener]), 20);
		expect(small.broadcaster.hold(editBy('<b>'), sender)).toBe(false);
		small.broadcaster.destroy();
	});

	it('sends the other senders of a window only what is new of an update a modified client resends as it was', () => {
		const resender = new Peer();
		const typist = new Peer();
		const room = roomOf(new Set([resender, typist, new Peer()]), 300);
		const big = editBy('x'.repeat(50_000));
		Y.applyUpdate(room.doc, big);
		room.broadcaster.flush();
		const sent: number[] = [];
		typist.send = (message) => void sent.push(message.byteLength);
		receive(room, big, resender);
		receive(room, editBy('<t>'), typist);
		room.broadcaster.flush();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toBeLessThan(1_000);
		room.broadcaster.destroy();
	});
});
