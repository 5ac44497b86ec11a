/**
 * The browser side of compact presence (src/lib/protocol/presence.ts): a WebsocketProvider that
 * asks the server for `?presence=compact` and applies each `MessageType.presence` frame to its own
 * Awareness exactly as y-protocols' applyAwarenessUpdate would have, so the canvas pointers, Tiptap
 * carets and everything else that reads the Awareness keep working unchanged. The room's roster
 * (person → stage) and stage counts, which the Awareness no longer holds for everyone, are kept
 * here and announced to a listener.
 *
 * A server that still sends plain awareness (1) is handled by y-websocket's own handler: both work.
 */
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as time from 'lib0/time';
import { equalityDeep } from 'lib0/function';
import type { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { COMPACT_PRESENCE, PRESENCE_PARAM, decodePresence, type PresenceFrame } from '$lib/protocol/presence';
import { MessageType, type PresenceIdentity } from '$lib/protocol/wire';

export interface StageCount {
	people: number;
	typing: number;
}

export interface Roster {
	/** participant id → stage they look at ('' when none), for everyone online in the room. */
	people: ReadonlyMap<string, string>;
	/** stage → people on it and how many of them type; '' is the "no stage" bucket. */
	stages: ReadonlyMap<string, StageCount>;
	/** A compact roster arrived on this connection (false with a server that sends plain awareness). */
	known: boolean;
}

/** The options a WebsocketProvider needs to ask for compact presence. */
export const compactPresenceParams = { [PRESENCE_PARAM]: COMPACT_PRESENCE } as const;

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, messageType: number) => void;

/** Checks that fields the server relays are what the code reading them expects: a bad one is refused whole. */
function validIdentity(user: unknown): user is PresenceIdentity {
	if (typeof user !== 'object' || user === null) return false;
	const { id, name, color } = user as Record<string, unknown>;
	return typeof id === 'string' && typeof name === 'string' && typeof color === 'string';
}

export class PresenceStream {
	/** Who each awareness client is, on this connection only (the server sends them again after a reconnect). */
	readonly identities = new Map<number, PresenceIdentity>();
	readonly people = new Map<string, string>();
	stages = new Map<string, StageCount>();
	known = false;
	private warned = false;
	private readonly listeners = new Set<(roster: Roster) => void>();

	constructor(private readonly provider: WebsocketProvider) {
		provider.messageHandlers[MessageType.presence] = ((_encoder, decoder) => this.receive(decoder)) satisfies Handler;
		// The socket closed: y-websocket drops the others' states; identities and the roster go too.
		provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') return;
			this.identities.clear();
			if (!this.known && this.people.size === 0) return;
			this.people.clear();
			this.stages = new Map();
			this.known = false;
			this.announce();
		});
	}

	get awareness(): Awareness {
		return this.provider.awareness;
	}

	/** Listen for roster changes; returns the function that stops listening. */
	onRoster(listener: (roster: Roster) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** One presence message's body (after its type); a malformed one is dropped whole and logged once. */
	receive(decoder: decoding.Decoder): void {
		let frame: PresenceFrame;
		try {
			frame = decodePresence(decoder);
			for (const { user } of frame.identities) if (!validIdentity(user)) throw new Error('presence identity is malformed');
		} catch (error) {
			if (!this.warned) console.warn('Dropped a malformed presence message', error);
			this.warned = true;
			return;
		}
		this.apply(frame);
	}

	apply(frame: PresenceFrame): void {
		const awareness = this.provider.awareness;
		const me = awareness.clientID;
		const now = time.getUnixTime();
		const added: number[] = [];
		const updated: number[] = [];
		const changed: number[] = [];
		const removed: number[] = [];
		const touched = new Map<number, Record<string, unknown>>();
		const prior = new Map<number, Record<string, unknown> | undefined>();
		/** The state a client will have after this frame, started from what the Awareness holds. */
		const draft = (client: number): Record<string, unknown> => {
			let state = touched.get(client);
			if (!state) {
				const before = awareness.states.get(client);
				prior.set(client, before);
				state = { ...before };
				touched.set(client, state);
			}
			return state;
		};
		const clocks = new Map<number, number>();
		/** Older than what this client already holds: a stale entry, skipped as y-protocols skips it. */
		const stale = (client: number, clock: number) => awareness.states.has(client) && clock < (awareness.meta.get(client)?.clock ?? 0);

		for (const { client, user } of frame.identities) {
			if (client === me) continue;
			this.identities.set(client, user);
			if (awareness.states.has(client) || touched.has(client)) draft(client).user = user;
		}
		for (const { client, clock, fields } of frame.states) {
			if (client === me || stale(client, clock)) continue;
			const state = draft(client);
			for (const [key, value] of Object.entries(fields)) {
				if (key === 'user') continue;
				if (value === null) delete state[key];
				else state[key] = value;
			}
			const user = this.identities.get(client);
			if (user) state.user = user;
			clocks.set(client, Math.max(clock, clocks.get(client) ?? 0));
		}
		for (const { client, clock, x, y } of frame.pointers) {
			if (client === me || stale(client, clock)) continue;
			const state = draft(client);
			state.pointer = { x, y };
			const user = this.identities.get(client);
			if (user) state.user = user;
			clocks.set(client, Math.max(clock, clocks.get(client) ?? 0));
		}
		for (const client of frame.gone) {
			if (client === me) continue;
			touched.delete(client);
			clocks.delete(client);
			if (awareness.states.has(client)) {
				awareness.states.delete(client);
				removed.push(client);
			}
		}
		for (const [client, state] of touched) {
			const before = prior.get(client);
			const meta = awareness.meta.get(client);
			awareness.states.set(client, state);
			awareness.meta.set(client, { clock: Math.max(clocks.get(client) ?? 0, meta?.clock ?? 0), lastUpdated: now });
			if (meta === undefined) added.push(client);
			else {
				updated.push(client);
				if (!equalityDeep(state, before)) changed.push(client);
			}
		}
		if (added.length > 0 || changed.length > 0 || removed.length > 0) {
			awareness.emit('change', [{ added, updated: changed, removed }, this.provider]);
		}
		if (added.length > 0 || updated.length > 0 || removed.length > 0) {
			// y-websocket sends every awareness update back up, others' states included; the server
			// takes only mine from me, so echoing what it just sent me would only cost upload.
			const echo = this.provider._awarenessUpdateHandler;
			awareness.off('update', echo);
			try {
				awareness.emit('update', [{ added, updated, removed }, this.provider]);
			} finally {
				awareness.on('update', echo);
			}
		}
		this.applyRoster(frame);
	}

	private applyRoster(frame: PresenceFrame): void {
		if (frame.people.length === 0 && frame.stages === null) return;
		for (const { id, stage } of frame.people) {
			if (stage === null) this.people.delete(id);
			else this.people.set(id, stage);
		}
		if (frame.stages) this.stages = new Map(frame.stages.map(({ stage, people, typing }) => [stage, { people, typing }]));
		this.known = true;
		this.announce();
	}

	private announce(): void {
		const roster: Roster = { people: this.people, stages: this.stages, known: this.known };
		for (const listener of this.listeners) listener(roster);
	}
}

/** Ask `provider` for compact presence (before it connects) and apply what arrives to its Awareness. */
export function streamPresence(provider: WebsocketProvider): PresenceStream {
	provider.params = { ...provider.params, ...compactPresenceParams };
	return new PresenceStream(provider);
}
