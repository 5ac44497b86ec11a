import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { goneEntry, identityEntry, personEntry, pointerEntry, presenceMessage, stageEntry, stateEntry } from '$lib/protocol/presence';
import { MessageType, type PresenceIdentity } from '$lib/protocol/wire';
import { streamPresence } from './presenceStream';

const ada: PresenceIdentity = { id: 'p1', name: 'Ada', team: 'sales', role: 'participant', color: '#0072b2' };
const bo: PresenceIdentity = { id: 'p2', name: 'Bo', team: 'marketing', role: 'participant', color: '#d55e00' };

const open: Array<{ destroy(): void }> = [];
afterEach(() => {
	for (const thing of open.splice(0)) thing.destroy();
	vi.restoreAllMocks();
});

function setup() {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider('ws://127.0.0.1:9', 'content', doc, { connect: false });
	open.push(provider, doc);
	const stream = streamPresence(provider);
	const events: Array<{ kind: string; added: number[]; updated: number[]; removed: number[] }> = [];
	provider.awareness.on('change', (c: { added: number[]; updated: number[]; removed: number[] }) => events.push({ kind: 'change', ...c }));
	provider.awareness.on('update', (c: { added: number[]; updated: number[]; removed: number[] }) => events.push({ kind: 'update', ...c }));
	/** Deliver one message as y-websocket does: through the provider's handler table. */
	const deliver = (message: Uint8Array) => {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		provider.messageHandlers[type]!(encoding.createEncoder(), decoder, provider, true, type);
	};
	return { provider, stream, awareness: provider.awareness, events, deliver };
}

/** What y-protocols itself makes of the same states, sent as plain awareness: the reference. */
function reference(states: Array<[number, number, Record<string, unknown> | null]>) {
	const source = new Awareness(new Y.Doc());
	const target = new Awareness(new Y.Doc());
	open.push(source, target);
	const events: Array<{ kind: string; added: number[]; updated: number[]; removed: number[] }> = [];
	target.on('change', (c: { added: number[]; updated: number[]; removed: number[] }) => events.push({ kind: 'change', ...c }));
	target.on('update', (c: { added: number[]; updated: number[]; removed: number[] }) => events.push({ kind: 'update', ...c }));
	for (const [client, clock, state] of states) {
		source.states.set(client, state as Record<string, unknown>);
		source.meta.set(client, { clock, lastUpdated: 0 });
		if (state === null) source.states.delete(client);
		const update = state === null ? nullUpdate(client, clock) : encodeAwarenessUpdate(source, [client]);
		applyAwarenessUpdate(target, update, 'ref');
	}
	return { target, events };
}

function nullUpdate(client: number, clock: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, 'null');
	return encoding.toUint8Array(e);
}

describe('the compact presence stream', () => {
	it('asks the server for compact presence', () => {
		const { provider } = setup();
		expect(provider.url).toBe('ws://127.0.0.1:9/content?presence=compact');
	});

	it('applies identity, state, pointer and gone as y-protocols applies the same states', () => {
		const { awareness, events, deliver } = setup();
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 3, JSON.stringify({ stage: 'draft', view: { x: 0, y: 0, zoom: 1 } }))] })!);
		deliver(presenceMessage({ pointer: [pointerEntry(7, 4, 120, -30)] })!);
		deliver(presenceMessage({ state: [stateEntry(7, 5, JSON.stringify({ view: null, line: 'l1' }))] })!);
		deliver(presenceMessage({ gone: [goneEntry(7)] })!);

		const ref = reference([
			[7, 3, { user: ada, stage: 'draft', view: { x: 0, y: 0, zoom: 1 } }],
			[7, 4, { user: ada, stage: 'draft', view: { x: 0, y: 0, zoom: 1 }, pointer: { x: 120, y: -30 } }],
			[7, 5, { user: ada, stage: 'draft', pointer: { x: 120, y: -30 }, line: 'l1' }],
			[7, 5, null]
		]);
		expect(events).toEqual(ref.events);
		expect(awareness.states.has(7)).toBe(false);
		expect(awareness.meta.get(7)?.clock).toBe(5);
	});

	it('merges changed fields over the previous state and takes `user` only from the identity', () => {
		const { awareness, deliver } = setup();
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 1, JSON.stringify({ stage: 'draft', user: { id: 'forged' } }))] })!);
		deliver(presenceMessage({ state: [stateEntry(7, 2, JSON.stringify({ line: 'l9' }))] })!);
		expect(awareness.states.get(7)).toEqual({ user: ada, stage: 'draft', line: 'l9' });
		// A changed identity reaches the state at once.
		deliver(presenceMessage({ identity: [identityEntry(7, { ...ada, name: 'Ada L.' })] })!);
		expect((awareness.states.get(7)?.user as PresenceIdentity).name).toBe('Ada L.');
	});

	it('renews a quiet person with `{}`: no change event, but the 30 s timeout restarts', () => {
		const { awareness, events, deliver } = setup();
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 1, '{"stage":"draft"}')] })!);
		awareness.meta.set(7, { clock: 1, lastUpdated: 0 });
		events.length = 0;
		deliver(presenceMessage({ state: [stateEntry(7, 2, '{}')] })!);
		expect(events).toEqual([{ kind: 'update', added: [], updated: [7], removed: [] }]);
		expect(awareness.meta.get(7)!.lastUpdated).toBeGreaterThan(0);
		expect(awareness.meta.get(7)!.clock).toBe(2);
	});

	it('shows a person again after gone, even with the clock they left with', () => {
		const { awareness, deliver } = setup();
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 4, '{"stage":"draft"}')] })!);
		deliver(presenceMessage({ gone: [goneEntry(7)] })!);
		deliver(presenceMessage({ state: [stateEntry(7, 4, '{"stage":"draft","pointer":{"x":1,"y":2}}')] })!);
		expect(awareness.states.get(7)).toEqual({ user: ada, stage: 'draft', pointer: { x: 1, y: 2 } });
	});

	it('skips entries older than the state it holds, and never touches my own state', () => {
		const { awareness, deliver } = setup();
		awareness.setLocalStateField('stage', 'draft');
		const mine = awareness.getLocalState();
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 9, '{"stage":"a"}')] })!);
		deliver(presenceMessage({ state: [stateEntry(7, 8, '{"stage":"old"}'), stateEntry(awareness.clientID, 99, '{"stage":"forged"}')], gone: [goneEntry(awareness.clientID)] })!);
		expect(awareness.states.get(7)?.stage).toBe('a');
		expect(awareness.getLocalState()).toBe(mine);
	});

	it('keeps the roster and the stage table, and forgets them and the identities when the socket closes', () => {
		const { provider, stream, deliver } = setup();
		const seen: Array<[string[], string[]]> = [];
		stream.onRoster((r) => seen.push([[...r.people].map(([id, stage]) => `${id}:${stage}`), [...r.stages].map(([s, c]) => `${s}:${c.people}/${c.typing}`)]));
		deliver(
			presenceMessage({
				identity: [identityEntry(7, ada)],
				people: [personEntry('p1', 'draft'), personEntry('p2', ''), personEntry('p3', 'language')],
				stages: [stageEntry('draft', 1, 0), stageEntry('', 1, 0), stageEntry('language', 1, 1)]
			})!
		);
		deliver(presenceMessage({ people: [personEntry('p3', null)], stages: [stageEntry('draft', 1, 1), stageEntry('', 1, 0)] })!);
		expect(seen).toEqual([
			[
				['p1:draft', 'p2:', 'p3:language'],
				['draft:1/0', ':1/0', 'language:1/1']
			],
			[
				['p1:draft', 'p2:'],
				['draft:1/1', ':1/0']
			]
		]);
		expect(stream.known).toBe(true);
		provider.emit('status', [{ status: 'disconnected' }]);
		expect(stream.people.size).toBe(0);
		expect(stream.identities.size).toBe(0);
		expect(stream.known).toBe(false);
	});

	it('drops a malformed message whole, and says so once', () => {
		const { awareness, stream, deliver } = setup();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const good = presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 1, '{"stage":"draft"}')], people: [personEntry('p1', 'draft')] })!;
		// A valid start, then a section the reader does not know: nothing of it may land.
		deliver(new Uint8Array([...good, 9, 1, 0]));
		deliver(presenceMessage({ identity: [identityEntry(8, { ...bo, name: 42 } as unknown as PresenceIdentity)], state: [stateEntry(8, 1, '{}')] })!);
		deliver(presenceMessage({ state: [stateEntry(8, 1, '"text"')] })!);
		expect(awareness.states.size).toBe(1);
		expect(stream.people.size).toBe(0);
		expect(warn).toHaveBeenCalledTimes(1);
		deliver(good);
		expect(awareness.states.get(7)).toEqual({ user: ada, stage: 'draft' });
	});

	it('sends nothing back up for what the server sent, but still sends my own changes', () => {
		const { provider, awareness, deliver } = setup();
		const sent: Uint8Array[] = [];
		provider.wsconnected = true;
		provider.ws = { readyState: 1, OPEN: 1, send: (bytes: Uint8Array) => sent.push(bytes) } as unknown as WebSocket;
		deliver(presenceMessage({ identity: [identityEntry(7, ada)], state: [stateEntry(7, 1, '{"stage":"draft"}')], pointer: [pointerEntry(7, 2, 3, 4)] })!);
		expect(sent).toEqual([]);
		awareness.setLocalStateField('stage', 'draft');
		expect(sent.length).toBe(1);
		provider.ws = null;
		provider.wsconnected = false;
	});

	it('still takes plain awareness from a server that sends it', () => {
		const { awareness, deliver } = setup();
		const { target } = reference([[7, 1, { user: ada, stage: 'draft' }]]);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MessageType.awareness);
		encoding.writeVarUint8Array(e, encodeAwarenessUpdate(target, [7]));
		deliver(encoding.toUint8Array(e));
		expect(awareness.states.get(7)).toEqual({ user: ada, stage: 'draft' });
	});
});
