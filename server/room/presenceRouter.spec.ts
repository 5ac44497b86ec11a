import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness.js';
import { decodePresence, MAX_SHOWN_POINTERS, presenceMessage, TYPING_MS, type PresenceFrame } from '../../src/lib/protocol/presence.js';
import { MessageType } from '../../src/lib/protocol/wire.js';
import { assemblePresence, AWARENESS_RENEW_MS, PresenceRouter, type PresenceViewer } from './presenceRouter.js';
import { MAX_STAGE_ROWS } from './presenceCounts.js';

/** A room's awareness that states are put into as a connection would, and the ids changed since the last tick. */
class RoomAwareness {
	readonly awareness = new Awareness(new Y.Doc());
	private readonly clocks = new Map<number, number>();
	dirty = new Set<number>();

	constructor() {
		this.awareness.setLocalState(null);
		this.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
			for (const id of [...added, ...updated, ...removed]) this.dirty.add(id);
		});
	}

	set(id: number, state: Record<string, unknown> | null): void {
		const clock = (this.clocks.get(id) ?? 0) + 1;
		this.clocks.set(id, clock);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, id);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, JSON.stringify(state));
		applyAwarenessUpdate(this.awareness, encoding.toUint8Array(e), 'test');
	}

	take(): number[] {
		const ids = [...this.dirty];
		this.dirty.clear();
		return ids;
	}
}

function user(id: string) {
	return { id, name: id.toUpperCase(), team: 'sales', role: 'participant', color: '#123456' };
}

class Viewer implements PresenceViewer {
	readonly received: Uint8Array[] = [];
	constructor(
		readonly compactPresence: boolean,
		readonly own: number[] = []
	) {}
	send(message: Uint8Array): void {
		this.received.push(message);
	}
	ownsPresence(id: number): boolean {
		return this.own.includes(id);
	}
	ownPresenceIds(): Iterable<number> {
		return this.own;
	}
	frames(): PresenceFrame[] {
		const frames = this.received.map((message) => {
			const d = decoding.createDecoder(message);
			expect(decoding.readVarUint(d)).toBe(MessageType.presence);
			return decodePresence(d);
		});
		this.received.length = 0;
		return frames;
	}
}

describe('PresenceRouter, compact', () => {
	it('opens with the roster, the stage table and the shown states without identities in them', () => {
		const room = new RoomAwareness();
		room.set(1, { user: user('ann'), stage: 'draft', cursor: null });
		room.set(2, { user: user('bob'), stage: 'vote' });
		const router = new PresenceRouter(room.awareness);
		router.tick(room.take(), 0);
		const me = new Viewer(true);
		router.join(me, 10);
		const [first] = me.frames();
		expect(first!.people.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
			{ id: 'ann', stage: 'draft' },
			{ id: 'bob', stage: 'vote' }
		]);
		expect(first!.stages).toEqual([
			{ stage: 'draft', people: 1, typing: 0 },
			{ stage: 'vote', people: 1, typing: 0 }
		]);
		// No stage announced yet: the no-stage bucket, which is empty.
		expect(first!.states).toEqual([]);
	});

	it('sends identity once, whole state when shown, then only what changed; a pointer move as a pointer entry', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const me = new Viewer(true, [9]);
		router.join(me, 0);
		room.set(9, { user: user('me'), stage: 's', view: { x: 0, y: 0, zoom: 1 } });
		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 10, y: 10 }, cursor: null });
		router.tick(room.take(), 100);
		const [shown] = me.frames();
		expect(shown!.identities).toEqual([{ client: 1, user: user('ann') }]);
		expect(shown!.states).toEqual([{ client: 1, clock: 1, fields: { stage: 's', pointer: { x: 10, y: 10 }, cursor: null } }]);
		// Never my own state back.
		expect(shown!.states.some((s) => s.client === 9)).toBe(false);

		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 20, y: 30 }, cursor: null });
		router.tick(room.take(), 200);
		const [moved] = me.frames();
		expect(moved).toMatchObject({ identities: [], states: [], pointers: [{ client: 1, clock: 2, x: 20, y: 30 }] });

		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 20, y: 30 }, cursor: { anchor: 3 } });
		router.tick(room.take(), 300);
		const [typed] = me.frames();
		expect(typed!.states).toEqual([{ client: 1, clock: 3, fields: { cursor: { anchor: 3 } } }]);
		expect(typed!.stages).toEqual([{ stage: 's', people: 2, typing: 1 }]);
		// Typing stops counting after TYPING_MS: the router asks for a tick then.
		expect(router.tick(room.take(), 400)).toBe(300 + TYPING_MS);
		router.tick(room.take(), 300 + TYPING_MS);
		expect(me.frames().at(-1)!.stages).toEqual([{ stage: 's', people: 2, typing: 0 }]);
	});

	it('says gone when someone leaves the view, and shows them whole (no identity again) when they return', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const me = new Viewer(true, [900]);
		router.join(me, 0);
		room.set(900, { user: user('me'), stage: 's', view: { x: 0, y: 0, zoom: 1 } });
		// Enough others in view that someone out of view is not filled in.
		for (let i = 1; i <= MAX_SHOWN_POINTERS; i++) room.set(i, { user: user(`p${i}`), stage: 's', pointer: { x: i, y: i } });
		room.set(100, { user: user('far'), stage: 's', pointer: { x: 10, y: 10 } });
		room.set(1, { user: user('p1'), stage: 's', pointer: { x: 50_000, y: 50_000 } });
		router.tick(room.take(), 100);
		const [first] = me.frames();
		expect(first!.states.map((s) => s.client)).toContain(100);
		expect(first!.states.map((s) => s.client)).not.toContain(1);

		room.set(100, { user: user('far'), stage: 's', pointer: { x: 40_000, y: 40_000 } });
		room.set(1, { user: user('p1'), stage: 's', pointer: { x: 1, y: 1 } });
		router.tick(room.take(), 200);
		const [swap] = me.frames();
		expect(swap!.gone).toEqual([100]);
		expect(swap!.states.map((s) => s.client)).toEqual([1]);
		expect(swap!.identities.map((i) => i.client)).toEqual([1]);

		room.set(1, { user: user('p1'), stage: 's', pointer: { x: 50_000, y: 50_000 } });
		room.set(100, { user: user('far'), stage: 's', pointer: { x: 5, y: 5 } });
		router.tick(room.take(), 300);
		const [back] = me.frames();
		expect(back!.gone).toEqual([1]);
		expect(back!.states).toEqual([{ client: 100, clock: 3, fields: { stage: 's', pointer: { x: 5, y: 5 } } }]);
		expect(back!.identities).toEqual([]);
	});

	it('renews quiet shown people, and aggregates a person\'s connections in the roster', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const me = new Viewer(true, [9]);
		router.join(me, 0);
		room.set(9, { user: user('me'), stage: 's' });
		room.set(1, { user: user('ann'), stage: 's' });
		room.set(2, { user: user('ann'), stage: 't' });
		router.tick(room.take(), 100);
		expect(me.frames()[0]!.people).toContainEqual({ id: 'ann', stage: 't' });
		room.set(2, null);
		router.tick(room.take(), 200);
		expect(me.frames()[0]!.people).toEqual([{ id: 'ann', stage: 's' }]);
		router.tick([], 100 + AWARENESS_RENEW_MS);
		expect(me.frames()[0]!.states).toEqual([{ client: 1, clock: 1, fields: {} }]);
		room.set(1, null);
		router.tick(room.take(), 200 + AWARENESS_RENEW_MS);
		const [left] = me.frames();
		expect(left!.gone).toEqual([1]);
		expect(left!.people).toEqual([{ id: 'ann', stage: null }]);
	});
});

describe('PresenceRouter, plain awareness', () => {
	it('gives a y-protocols Awareness the shown, removes who leaves the view, and shows them again though unchanged', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const client = new Awareness(new Y.Doc());
		const me = new Viewer(false, [client.clientID]);
		const apply = () => {
			for (const message of me.received.splice(0)) {
				const d = decoding.createDecoder(message);
				expect(decoding.readVarUint(d)).toBe(MessageType.awareness);
				applyAwarenessUpdate(client, decoding.readVarUint8Array(d), 'server');
			}
		};
		router.join(me, 0);
		room.set(client.clientID, { user: user('me'), stage: 's', view: { x: 0, y: 0, zoom: 1 } });
		for (let i = 1; i <= MAX_SHOWN_POINTERS; i++) room.set(i, { user: user(`p${i}`), stage: 's', pointer: { x: i, y: i } });
		room.set(100, { user: user('far'), stage: 's', pointer: { x: 10, y: 10 } });
		room.set(1, { user: user('p1'), stage: 's', pointer: { x: 50_000, y: 50_000 } });
		router.tick(room.take(), 100);
		apply();
		expect(client.getStates().get(100)).toEqual({ user: user('far'), stage: 's', pointer: { x: 10, y: 10 } });
		expect(client.getStates().has(1)).toBe(false);

		// 100 moves out of view and 1 into it: the cap leaves no room for 100.
		room.set(1, { user: user('p1'), stage: 's', pointer: { x: 1, y: 1 } });
		room.set(100, { user: user('far'), stage: 's', pointer: { x: 40_000, y: 0 } });
		router.tick(room.take(), 200);
		apply();
		expect(client.getStates().has(100)).toBe(false);
		expect(client.getStates().get(1)).toMatchObject({ pointer: { x: 1, y: 1 } });

		// The viewer goes to another stage and back: 1 is removed and shown again, unchanged since.
		room.set(client.clientID, { user: user('me'), stage: 't' });
		router.tick(room.take(), 300);
		apply();
		expect(client.getStates().has(1)).toBe(false);
		room.set(client.clientID, { user: user('me'), stage: 's', view: { x: 0, y: 0, zoom: 1 } });
		router.tick(room.take(), 400);
		apply();
		expect(client.getStates().get(1)).toMatchObject({ pointer: { x: 1, y: 1 } });
		expect(client.getStates().has(client.clientID)).toBe(true); // its own local state, never from the server
		client.destroy();
	});
});

describe('assemblePresence', () => {
	it('makes the bytes presenceMessage makes', () => {
		const entry = (n: number) => new Uint8Array(n).fill(n);
		const sections = [[entry(3)], [], Array.from({ length: 200 }, (_, i) => entry(i % 9)), [entry(1)], [], [entry(300)]];
		expect(assemblePresence(sections)).toEqual(presenceMessage({ identity: sections[0], state: sections[1], pointer: sections[2], gone: sections[3], people: sections[4], stages: sections[5] }));
		expect(assemblePresence([[], [], [], [], [], []])).toBeNull();
	});
});

describe('stage table', () => {
	it('lists at most MAX_STAGE_ROWS stages, the fullest, however many stages clients invent', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const me = new Viewer(true, [9999]);
		router.join(me, 0);
		for (let i = 1; i <= MAX_STAGE_ROWS + 50; i++) room.set(i, { user: user(`p${i}`), stage: `invented-${i}` });
		for (let i = 1000; i < 1005; i++) room.set(i, { user: user(`q${i}`), stage: 'real' });
		router.tick(room.take(), 100);
		const stages = me.frames().at(-1)!.stages!;
		expect(stages).toHaveLength(MAX_STAGE_ROWS);
		expect(stages).toContainEqual({ stage: 'real', people: 5, typing: 0 });
	});
});

describe('a crowd’s tick in slices', () => {
	it('routes a slice of connections now and the rest later; the next tick first finishes the last, so nobody misses a move', () => {
		const room = new RoomAwareness();
		const router = new PresenceRouter(room.awareness);
		const viewers = Array.from({ length: 5 }, (_, i) => new Viewer(true, [100 + i]));
		for (const viewer of viewers) router.join(viewer, 0);
		for (const [i] of viewers.entries()) room.set(100 + i, { user: user(`v${i}`), stage: 's' });
		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 1, y: 1 } });
		router.tick(room.take(), 100);
		for (const viewer of viewers) viewer.frames();

		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 2, y: 2 } });
		router.tick(room.take(), 200, 2);
		expect(viewers.map((v) => v.received.length)).toEqual([1, 1, 0, 0, 0]);
		// One of the waiting connections leaves meanwhile: it is skipped, not sent to.
		router.leave(viewers[2]!);
		expect(router.routeMore(1)).toBe(true);
		expect(viewers.map((v) => v.received.length)).toEqual([1, 1, 0, 0, 0]);

		room.set(1, { user: user('ann'), stage: 's', pointer: { x: 3, y: 3 } });
		router.tick(room.take(), 300, 2);
		// The waiting connections heard of the first move before the second tick began.
		expect(viewers[4]!.frames().map((frame) => frame.pointers.map((p) => p.x))).toEqual([[2]]);
		expect(router.routeMore(Infinity)).toBe(false);
		expect(router.routeMore(Infinity)).toBe(false);
		for (const viewer of [viewers[0]!, viewers[1]!, viewers[3]!, viewers[4]!]) expect(viewer.frames().flatMap((f) => f.pointers.map((p) => p.x))).toEqual(viewer === viewers[4] ? [3] : [2, 3]);
	});
});
