import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Broadcaster, MAX_SENDERS_PER_MESSAGE, type RoomPeer } from './broadcaster.js';

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

/** A crowd's window: everything queued in this turn goes out in one batch on flush. */
function crowd(peers: Set<Peer>): Broadcaster {
	return new Broadcaster(peers, { people: () => 1000 });
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
});
