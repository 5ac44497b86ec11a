/**
 * Routes a room's presence to each connection: only what it is shown (room/interest.ts), each
 * change encoded once per tick and shared by every connection it goes to.
 *
 * A compact client (`?presence=compact`) gets one presence message per tick: identities once,
 * the changed fields (a pointer move as a pointer entry), removals, renewals of quiet shown
 * people, and the roster and stage counts for everyone. A plain y-websocket client gets the same
 * selection as awareness: whole states, and a removal for whoever it no longer is shown; its
 * clocks are shifted per person where needed, because y-protocols ignores a clock it has seen
 * and someone shown again may not have changed since they were removed.
 */
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness.js';
import { goneEntry, identityEntry, pointerEntry, stateEntry } from '../../src/lib/protocol/presence.js';
import { MessageType } from '../../src/lib/protocol/wire.js';
import { sanitizePoint } from '../../src/lib/domain/canvas.js';
import { InterestIndex, readPresence, type Presence, type PresenceRecord } from './interest.js';
import { PresenceCounts } from './presenceCounts.js';
import { outsideView, populationOf, RECHOOSE_MS, TickChanges, type ShownSet } from './interestChanges.js';

/** A quiet shown person is passed on this often, so the browser's 30 s timeout never drops them. */
export const AWARENESS_RENEW_MS = 10_000;
const RENEW_CHECK_MS = 1000;
/** Per connection, whose identity and clocks are remembered beyond those shown now. */
const REMEMBERED = 256;

export interface PresenceViewer {
	send(message: Uint8Array): void;
	/** Asked for `?presence=compact`. */
	readonly compactPresence: boolean;
	/** Whether an awareness client id is this connection's own (never sent back to it). */
	ownsPresence(clientId: number): boolean;
	ownPresenceIds(): Iterable<number>;
}

interface Client extends PresenceRecord {
	/** Each top-level field but `user`, as JSON. */
	fields: Map<string, string>;
	user: string;
	person: string | null;
	/** When its caret (`cursor`) last changed. */
	cursorAt: number;
}

interface Change {
	/** What changed, encoded once: a pointer entry, a state entry, or null (only the identity changed). */
	delta: Uint8Array | null;
	pointer: boolean;
	identity: boolean;
	/** Its caret moved (it counts as typing). */
	typed: boolean;
}

interface Routing {
	peers: PresenceViewer[];
	/** The next of `peers` to route. */
	next: number;
	changes: Map<number, Change>;
	tick: TickChanges;
	now: number;
	counts: { people: Uint8Array[]; stages: Uint8Array[] | null };
}

interface Viewer extends ShownSet {
	shown: Set<number>;
	/** Identity JSON sent per client id. */
	identities: Map<number, string>;
	sentAt: Map<number, number>;
	/** Plain clients: the clock last sent per client id and the shift added to the room's clock. */
	clocks: Map<number, { sent: number; shift: number }>;
	/** The shift for ids whose clocks were forgotten: above any clock sent for them. */
	floorShift: number;
	renewCheckedAt: number;
}

export class PresenceRouter {
	/** Everyone present, in order of activity (re-inserted on every change). */
	private readonly clients = new Map<number, Client>();
	private readonly viewers = new Map<PresenceViewer, Viewer>();
	private readonly counts = new PresenceCounts();
	private index: InterestIndex | null = null;
	/** Per tick: entries encoded for one client id, shared by every connection. */
	private cache = new Map<string, Uint8Array | string>();
	/**
	 * The tick being routed. A crowd's tick is routed a slice of connections at a time, so that
	 * edits arriving meanwhile are not held up behind it: at 1,000 people one tick took 40–90 ms.
	 * The records do not change until the next tick, which first finishes this one.
	 */
	private routing: Routing | null = null;

	constructor(private readonly awareness: Awareness) {}

	join(peer: PresenceViewer, now = Date.now()): void {
		this.cache.clear();
		const viewer: Viewer = { shown: new Set(), presence: null, chosenAt: now, outside: 0, identities: new Map(), sentAt: new Map(), clocks: new Map(), floorShift: 0, renewCheckedAt: now };
		this.viewers.set(peer, viewer);
		this.route(peer, viewer, new Map(), true, now, { people: this.counts.roster(), stages: this.counts.table() });
		// Staggered, so that a crowd joining at once is not chosen again all in the same tick.
		viewer.chosenAt = now - Math.random() * RECHOOSE_MS;
	}

	leave(peer: PresenceViewer): void {
		this.viewers.delete(peer);
	}

	/** Everyone it is shown, whole, with the roster and counts (queryAwareness). */
	query(peer: PresenceViewer, now = Date.now()): void {
		const viewer = this.viewers.get(peer);
		if (!viewer) return;
		this.cache.clear();
		const shown = [...viewer.shown];
		viewer.shown.clear();
		viewer.identities.clear();
		this.send(peer, viewer, shown, [], new Map(), now, { people: this.counts.roster(), stages: this.counts.table() });
	}

	/**
	 * One tick: `dirty` are the client ids whose state changed (or left). Routes the first `slice`
	 * connections now; `routeMore` routes the rest (see Routing). Returns when the next tick is due
	 * regardless of changes (someone's typing expires), or null.
	 */
	tick(dirty: Iterable<number>, now = Date.now(), slice = Infinity): number | null {
		// A connection hears of the last tick before this one changes the room's records.
		this.routeMore(Infinity);
		this.cache.clear();
		const changes = new Map<number, Change>();
		const tick = new TickChanges();
		const persons = new Set<string>();
		const states = this.awareness.getStates();
		for (const id of dirty) {
			const old = this.clients.get(id);
			const state = states.get(id) as Record<string, unknown> | undefined;
			const change = state ? this.update(id, state, old, now) : null;
			if (state && !change) continue;
			if (old?.person != null) persons.add(old.person);
			if (!state) {
				this.clients.delete(id);
				this.counts.place(id, old?.person ?? null, null);
				tick.record(id, old?.presence ?? null, null);
				continue;
			}
			changes.set(id, change!);
			const client = this.clients.get(id)!;
			tick.record(id, old?.presence ?? null, client.presence);
			this.counts.place(id, old?.person ?? null, client.person);
			if (change!.typed) this.counts.typed(id, now);
			if (client.person !== null) persons.add(client.person);
		}
		const people = this.counts.update(persons, this.clients);
		const table = this.counts.tableIfChanged(this.clients, now);
		if (tick.touched.size > 0) this.index = null;
		tick.population = populationOf(this.clients);
		this.routing = { peers: [...this.viewers.keys()], next: 0, changes, tick, now, counts: { people, stages: table } };
		this.routeMore(slice);
		return this.counts.typingUntil();
	}

	/** Routes up to `count` more connections of the last tick; false once none is left. */
	routeMore(count: number): boolean {
		const routing = this.routing;
		if (!routing) return false;
		const { peers, changes, tick, now, counts } = routing;
		const end = Math.min(peers.length, routing.next + count);
		for (; routing.next < end; routing.next++) {
			const peer = peers[routing.next]!;
			// Left since the tick began; one who joined since was routed whole by `join`.
			const viewer = this.viewers.get(peer);
			if (!viewer) continue;
			const recompute = tick.affects(viewer, peer.ownPresenceIds(), (id) => peer.ownsPresence(id), this.clients, now);
			this.route(peer, viewer, changes, recompute, now, counts);
		}
		if (routing.next < peers.length) return true;
		this.routing = null;
		return false;
	}

	/** Records a present client's state; the change to send, or null when nothing but its clock moved. */
	private update(id: number, state: Record<string, unknown>, old: Client | undefined, now: number): Change | null {
		const fields = new Map<string, string>();
		const delta: Record<string, unknown> = {};
		let changed = 0;
		for (const [name, value] of Object.entries(state)) {
			if (name === 'user' || value === undefined) continue;
			const json = JSON.stringify(value);
			fields.set(name, json);
			if (old?.fields.get(name) !== json) {
				delta[name] = value;
				changed += 1;
			}
		}
		for (const name of old?.fields.keys() ?? []) {
			if (fields.has(name)) continue;
			delta[name] = null;
			changed += 1;
		}
		const user = JSON.stringify(state.user ?? null);
		const identity = old?.user !== user;
		if (changed === 0 && !identity) return null;
		const person = typeof (state.user as { id?: unknown } | undefined)?.id === 'string' ? (state.user as { id: string }).id : null;
		const typed = !!old && 'cursor' in delta;
		const client: Client = { presence: readPresence(state), changedAt: now, fields, user, person, cursorAt: typed ? now : (old?.cursorAt ?? 0) };
		this.clients.delete(id);
		this.clients.set(id, client);
		const clock = this.clock(id);
		const onlyPointer = changed === 1 && 'pointer' in delta && isPlainPoint(delta.pointer);
		if (onlyPointer) {
			const p = delta.pointer as { x: number; y: number };
			return { delta: pointerEntry(id, clock, p.x, p.y), pointer: true, identity, typed };
		}
		return { delta: changed > 0 ? stateEntry(id, clock, JSON.stringify(delta)) : null, pointer: false, identity, typed };
	}

	private route(peer: PresenceViewer, viewer: Viewer, changes: Map<number, Change>, recompute: boolean, now: number, counts: { people: Uint8Array[]; stages: Uint8Array[] | null }): void {
		let next = viewer.shown;
		if (recompute) {
			const own = this.ownPresence(peer);
			next = new Set((this.index ??= new InterestIndex(this.clients)).shown(own, (id) => peer.ownsPresence(id), viewer.shown, now));
			viewer.presence = own;
			viewer.chosenAt = now;
			viewer.outside = outsideView(own, next, this.clients);
		}
		const fresh: number[] = [];
		const changed: number[] = [];
		for (const id of next) {
			if (!viewer.shown.has(id)) fresh.push(id);
			else if (changes.has(id)) changed.push(id);
		}
		const gone: number[] = [];
		for (const id of viewer.shown) if (!next.has(id)) gone.push(id);
		viewer.shown = next;
		this.send(peer, viewer, fresh, gone, changes, now, counts, changed);
	}

	private send(peer: PresenceViewer, viewer: Viewer, fresh: number[], gone: number[], changes: Map<number, Change>, now: number, counts: { people: Uint8Array[]; stages: Uint8Array[] | null }, changed: number[] = []): void {
		for (const id of fresh) viewer.shown.add(id);
		const renew: number[] = [];
		// Looked for once a second: a renewal may be that much late, well within the 30 s timeout.
		if (now - viewer.renewCheckedAt >= RENEW_CHECK_MS) {
			viewer.renewCheckedAt = now;
			for (const id of viewer.shown) if (!changes.has(id) && !fresh.includes(id) && now - (viewer.sentAt.get(id) ?? 0) >= AWARENESS_RENEW_MS) renew.push(id);
		}
		for (const id of fresh) viewer.sentAt.set(id, now);
		for (const id of changed) viewer.sentAt.set(id, now);
		for (const id of renew) viewer.sentAt.set(id, now);
		for (const id of gone) viewer.sentAt.delete(id);
		if (peer.compactPresence) this.sendCompact(peer, viewer, fresh, changed, renew, gone, changes, counts);
		else this.sendPlain(peer, viewer, [...fresh, ...changed, ...renew], gone);
	}

	private sendCompact(peer: PresenceViewer, viewer: Viewer, fresh: number[], changed: number[], renew: number[], gone: number[], changes: Map<number, Change>, counts: { people: Uint8Array[]; stages: Uint8Array[] | null }): void {
		const identities: Uint8Array[] = [];
		const states: Uint8Array[] = [];
		const pointers: Uint8Array[] = [];
		const identity = (id: number) => {
			const client = this.clients.get(id)!;
			if (viewer.identities.get(id) === client.user) return;
			viewer.identities.delete(id);
			viewer.identities.set(id, client.user);
			identities.push(this.cached(`i${id}`, () => identityEntry(id, JSON.parse(client.user))) as Uint8Array);
		};
		for (const id of fresh) {
			identity(id);
			states.push(this.cached(`f${id}`, () => stateEntry(id, this.clock(id), fieldsJson(this.clients.get(id)!))) as Uint8Array);
		}
		for (const id of changed) {
			const change = changes.get(id)!;
			if (change.identity) identity(id);
			if (change.delta) (change.pointer ? pointers : states).push(change.delta);
		}
		for (const id of renew) states.push(this.cached(`r${id}`, () => stateEntry(id, this.clock(id), '{}')) as Uint8Array);
		const goneEntries = gone.map((id) => this.cached(`g${id}`, () => goneEntry(id)) as Uint8Array);
		forgetBeyond(viewer.identities, viewer.shown, () => {});
		const message = assemblePresence([identities, states, pointers, goneEntries, counts.people, counts.stages ?? []]);
		if (message) peer.send(message);
	}

	private sendPlain(peer: PresenceViewer, viewer: Viewer, states: number[], gone: number[]): void {
		if (states.length === 0 && gone.length === 0) return;
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, states.length + gone.length);
		for (const id of states) {
			const real = this.clock(id);
			const known = viewer.clocks.get(id) ?? { sent: 0, shift: viewer.floorShift };
			// Someone shown again who has not changed since: above the clock the client last heard.
			const clock = Math.max(real + known.shift, known.sent + 1);
			viewer.clocks.delete(id);
			viewer.clocks.set(id, { sent: clock, shift: clock - real });
			encoding.writeVarUint(e, id);
			encoding.writeVarUint(e, clock);
			encoding.writeVarString(e, this.cached(`p${id}`, () => JSON.stringify(this.awareness.getStates().get(id) ?? null)) as string);
		}
		for (const id of gone) {
			// A removal counts only at the clock the client holds.
			encoding.writeVarUint(e, id);
			encoding.writeVarUint(e, viewer.clocks.get(id)?.sent ?? 0);
			encoding.writeVarString(e, 'null');
		}
		forgetBeyond(viewer.clocks, viewer.shown, (id, { sent }) => {
			viewer.floorShift = Math.max(viewer.floorShift, sent - this.clock(id) + 1);
		});
		const message = encoding.createEncoder();
		encoding.writeVarUint(message, MessageType.awareness);
		encoding.writeVarUint8Array(message, encoding.toUint8Array(e));
		peer.send(encoding.toUint8Array(message));
	}

	/** The viewer's own state: its most recently changed own client's. */
	private ownPresence(peer: PresenceViewer): Presence {
		let latest: Client | undefined;
		for (const id of peer.ownPresenceIds()) {
			const client = this.clients.get(id);
			if (client && (!latest || client.changedAt >= latest.changedAt)) latest = client;
		}
		return latest?.presence ?? readPresence(null);
	}

	private clock(id: number): number {
		return this.awareness.meta.get(id)?.clock ?? 0;
	}

	private cached(key: string, make: () => Uint8Array | string): Uint8Array | string {
		let value = this.cache.get(key);
		if (value === undefined) this.cache.set(key, (value = make()));
		return value;
	}
}

/**
 * The bytes `presenceMessage` makes from the six sections in their order, written at once into
 * one buffer of the right size: one message per connection per tick is the router's hottest path.
 */
export function assemblePresence(sections: ReadonlyArray<readonly Uint8Array[]>): Uint8Array | null {
	let length = varUintLength(MessageType.presence);
	for (const [kind, entries] of sections.entries()) {
		if (entries.length === 0) continue;
		length += varUintLength(kind) + varUintLength(entries.length);
		for (const entry of entries) length += entry.byteLength;
	}
	if (length === 1) return null;
	const out = new Uint8Array(length);
	let at = writeVarUint(out, 0, MessageType.presence);
	for (const [kind, entries] of sections.entries()) {
		if (entries.length === 0) continue;
		at = writeVarUint(out, at, kind);
		at = writeVarUint(out, at, entries.length);
		for (const entry of entries) {
			out.set(entry, at);
			at += entry.byteLength;
		}
	}
	return out;
}

function varUintLength(n: number): number {
	let length = 1;
	while (n > 0x7f) {
		n = Math.floor(n / 128);
		length += 1;
	}
	return length;
}

function writeVarUint(out: Uint8Array, at: number, n: number): number {
	while (n > 0x7f) {
		out[at++] = 0x80 | (n & 0x7f);
		n = Math.floor(n / 128);
	}
	out[at++] = n;
	return at;
}

function fieldsJson(client: Client): string {
	const parts: string[] = [];
	for (const [name, json] of client.fields) parts.push(`${JSON.stringify(name)}:${json}`);
	return `{${parts.join(',')}}`;
}

/** A pointer the compact pointer entry carries exactly: two integers in the board, nothing else. */
function isPlainPoint(value: unknown): boolean {
	const p = sanitizePoint(value);
	return p !== null && Object.keys(value as object).length === 2 && p.x === (value as Point2).x && p.y === (value as Point2).y;
}

interface Point2 {
	x: number;
	y: number;
}

/** Bounds per-connection memory: beyond REMEMBERED entries, the oldest not shown now are forgotten. */
function forgetBeyond<T>(map: Map<number, T>, shown: ReadonlySet<number>, forgotten: (id: number, value: T) => void): void {
	if (map.size <= REMEMBERED) return;
	for (const [id, value] of map) {
		if (map.size <= REMEMBERED) break;
		if (shown.has(id)) continue;
		map.delete(id);
		forgotten(id, value);
	}
}
