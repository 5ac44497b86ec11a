import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness.js';
import { MessageType } from '../../../src/lib/protocol/wire.js';
import { goneEntry, identityEntry, personEntry, pointerEntry, presenceMessage, stageEntry, stateEntry } from '../../../src/lib/protocol/presence.js';
import { countMessage, emptyCounts, perLaptop, sumCounts } from './traffic.mjs';
import { encodeMarker, scanMarkers } from './marker.mjs';

const user = { id: 'p1', name: 'Ann', team: 'sales' as const, role: 'participant' as const, color: '#123456' };

function syncUpdate(doc: Y.Doc, edit: () => void): Buffer {
	let update: Uint8Array | null = null;
	doc.once('update', (u: Uint8Array) => (update = u));
	edit();
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.sync);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, update!);
	return Buffer.from(encoding.toUint8Array(e));
}

describe('what a thin client counts', () => {
	it('counts a compact presence message entry by entry, in the contract’s encoding', () => {
		const message = presenceMessage({
			identity: [identityEntry(7, user)],
			state: [stateEntry(7, 3, JSON.stringify({ stage: 'draft', view: { x: 0, y: 0, zoom: 1 } }))],
			pointer: [pointerEntry(7, 4, 120, -40), pointerEntry(8, 9, 3, 4)],
			gone: [goneEntry(9)],
			people: [personEntry('p1', 'draft'), personEntry('p2', null)],
			stages: [stageEntry('draft', 40, 3)]
		})!;
		const counts = emptyCounts();
		expect(countMessage(counts, message)).toBe(MessageType.presence);
		expect(counts).toMatchObject({ presenceBytes: message.length, presenceMessages: 1, identity: 1, state: 1, pointer: 2, gone: 1, people: 2, stages: 1, malformed: 0, documentBytes: 0 });
	});

	it('counts plain awareness by the states it carries, and flags a presence message it cannot read', () => {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState({ stage: 'draft', pointer: { x: 1, y: 2 } });
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MessageType.awareness);
		encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [awareness.clientID]));
		const counts = emptyCounts();
		countMessage(counts, encoding.toUint8Array(e));
		countMessage(counts, Uint8Array.of(MessageType.presence, 9, 1));
		expect(counts).toMatchObject({ presenceMessages: 2, awarenessStates: 1, malformed: 1 });
	});

	it('tells document messages from presence and the rest', () => {
		const counts = emptyCounts();
		const doc = new Y.Doc();
		const update = syncUpdate(doc, () => doc.getText('load').insert(0, 'x'));
		countMessage(counts, update);
		countMessage(counts, Uint8Array.of(MessageType.auth, 0));
		expect(counts).toMatchObject({ documentMessages: 1, documentBytes: update.length, otherMessages: 1, otherBytes: 2, presenceMessages: 0 });
	});

	it('finds its own edits in what comes back instead of skipping them', () => {
		const doc = new Y.Doc();
		const text = doc.getText('load');
		const first = syncUpdate(doc, () => text.insert(0, encodeMarker(3, 1, 10)));
		const second = syncUpdate(doc, () => text.insert(text.length, encodeMarker(4, 1, 11) + encodeMarker(3, 2, 12)));
		const seen: Array<[number, number, boolean]> = [];
		for (const data of [first, second]) scanMarkers(data, 3, (m, own) => seen.push([m.sender, m.seq, own]));
		expect(seen).toEqual([
			[3, 1, true],
			[4, 1, false],
			[3, 2, true]
		]);
	});

	it('sums per laptop and per second, with the busiest laptop and the server’s egress', () => {
		const a = { ...emptyCounts(), documentBytes: 2048, presenceBytes: 1024, presenceMessages: 2, pointer: 10 };
		const b = { ...emptyCounts(), documentBytes: 1024, presenceBytes: 4096, presenceMessages: 4, pointer: 30, ownEchoes: 2, ownEchoBytes: 2048 };
		const figures = perLaptop([sumCounts([a]), sumCounts([b])], 2, 2);
		expect(figures).toMatchObject({ documentKBps: 0.75, presenceKBps: 1.25, totalKBps: 2, ownEchoKBps: 0.5, ownEchoes: 2, pointersPerSecond: 10, compact: true });
		expect(figures.busiestLaptopKBps).toBe(2.5);
		expect(figures.busiestLaptopPresenceKBps).toBe(2);
		expect(figures.egressMBps).toBeCloseTo(8192 / 1024 / 1024 / 2);
	});
});
