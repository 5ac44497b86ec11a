/**
 * Compact presence: what a laptop receives about the others in its room, sized by what it
 * can show, not by the size of the room. Pure, shared by the server, the browser and the
 * benchmark's thin clients.
 *
 * A client that adds `?presence=compact` to its /sync URL receives, instead of y-websocket
 * awareness messages, `MessageType.presence` messages. It still SENDS plain awareness (its
 * whole state, as y-websocket does); the server derives what it may show from that state:
 *   stage   the agenda stage it looks at (people on other stages are only counted);
 *   view    on the canvas, its viewport `{ x, y, zoom, w?, h? }` (w, h: screen size in px);
 *   line    the proposition line it is editing (carets are shown per line);
 *   pointer, cursor: where it points and its caret (what the others see).
 *
 * One message holds sections, each `varuint kind, varuint count, entries…`, in the order
 * below, which is also the order a client applies them in:
 *   identity  client, user JSON                    who an awareness client id is; sent once per
 *                                                  connection, again only when it changes
 *   state     client, clock, fields JSON            the fields that changed since this connection
 *                                                  last heard of this client (all of them the first
 *                                                  time, `{}` to renew a quiet one); null = field removed
 *   pointer   client, clock, varint x, varint y     a pointer move and nothing else (the common case)
 *   gone      client                                no longer shown: left, or out of view
 *   people    person id, varuint flag, [stage]      the roster, as changes: flag 0 = offline,
 *                                                  1 = online with a stage string ('' when none)
 *   stages    stage, varuint people, varuint typing the whole table of counts, when it changed
 * The first message on a connection holds the whole roster and stage table.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, type PresenceIdentity } from './wire.js';

/** The /sync URL parameter by which a client asks for compact presence: `?presence=compact`. */
export const PRESENCE_PARAM = 'presence';
export const COMPACT_PRESENCE = 'compact';

/** Pointers one connection is shown at most (the canvas draws no more). */
export const MAX_SHOWN_POINTERS = 20;
/** Carets shown on the line a connection is editing, at most. */
export const MAX_SHOWN_CARETS = 10;
/** Someone whose caret moved this recently counts as typing. */
export const TYPING_MS = 3000;
/** A canvas viewport that gives no screen size is taken to be this big (px). */
export const DEFAULT_SCREEN = { w: 1440, h: 900 } as const;

export const PresenceSection = {
	identity: 0,
	state: 1,
	pointer: 2,
	gone: 3,
	people: 4,
	stages: 5
} as const;
export type PresenceSectionName = keyof typeof PresenceSection;
const ORDER: PresenceSectionName[] = ['identity', 'state', 'pointer', 'gone', 'people', 'stages'];

export interface PresenceFrame {
	identities: Array<{ client: number; user: PresenceIdentity }>;
	/** Changed fields only; a field whose value is null was removed. Never holds `user`. */
	states: Array<{ client: number; clock: number; fields: Record<string, unknown> }>;
	pointers: Array<{ client: number; clock: number; x: number; y: number }>;
	gone: number[];
	/** stage null: offline; '' online on no stage. */
	people: Array<{ id: string; stage: string | null }>;
	/** The whole table, or null when it did not change. */
	stages: Array<{ stage: string; people: number; typing: number }> | null;
}

// Entry encoders: the server encodes an entry once and sends its bytes to every connection that shows it.

export function identityEntry(client: number, user: PresenceIdentity): Uint8Array {
	return entry((e) => {
		encoding.writeVarUint(e, client);
		encoding.writeVarString(e, JSON.stringify(user));
	});
}

/** `fieldsJson`: a JSON object of the changed fields (already a string: encoded once per tick). */
export function stateEntry(client: number, clock: number, fieldsJson: string): Uint8Array {
	return entry((e) => {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, fieldsJson);
	});
}

export function pointerEntry(client: number, clock: number, x: number, y: number): Uint8Array {
	return entry((e) => {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, clock);
		encoding.writeVarInt(e, Math.round(x));
		encoding.writeVarInt(e, Math.round(y));
	});
}

export function goneEntry(client: number): Uint8Array {
	return entry((e) => encoding.writeVarUint(e, client));
}

export function personEntry(id: string, stage: string | null): Uint8Array {
	return entry((e) => {
		encoding.writeVarString(e, id);
		encoding.writeVarUint(e, stage === null ? 0 : 1);
		if (stage !== null) encoding.writeVarString(e, stage);
	});
}

export function stageEntry(stage: string, people: number, typing: number): Uint8Array {
	return entry((e) => {
		encoding.writeVarString(e, stage);
		encoding.writeVarUint(e, people);
		encoding.writeVarUint(e, typing);
	});
}

/** One presence message from pre-encoded entries; empty sections are left out (null when all are). */
export function presenceMessage(sections: Partial<Record<PresenceSectionName, readonly Uint8Array[]>>): Uint8Array | null {
	if (!ORDER.some((name) => sections[name]?.length)) return null;
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.presence);
	for (const name of ORDER) {
		const entries = sections[name];
		if (!entries?.length) continue;
		encoding.writeVarUint(e, PresenceSection[name]);
		encoding.writeVarUint(e, entries.length);
		for (const bytes of entries) encoding.writeUint8Array(e, bytes);
	}
	return encoding.toUint8Array(e);
}

/**
 * Read a presence message (after its message type). Throws on anything malformed: the sender
 * is our server, so a bad message means a bug, and the caller drops it rather than half-apply it.
 */
export function decodePresence(decoder: decoding.Decoder): PresenceFrame {
	const frame: PresenceFrame = { identities: [], states: [], pointers: [], gone: [], people: [], stages: null };
	while (decoding.hasContent(decoder)) {
		const kind = decoding.readVarUint(decoder);
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			switch (kind) {
				case PresenceSection.identity:
					frame.identities.push({ client: decoding.readVarUint(decoder), user: JSON.parse(decoding.readVarString(decoder)) as PresenceIdentity });
					break;
				case PresenceSection.state: {
					const client = decoding.readVarUint(decoder);
					const clock = decoding.readVarUint(decoder);
					const fields = JSON.parse(decoding.readVarString(decoder)) as unknown;
					if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new Error('presence state is not an object');
					frame.states.push({ client, clock, fields: fields as Record<string, unknown> });
					break;
				}
				case PresenceSection.pointer:
					frame.pointers.push({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), x: decoding.readVarInt(decoder), y: decoding.readVarInt(decoder) });
					break;
				case PresenceSection.gone:
					frame.gone.push(decoding.readVarUint(decoder));
					break;
				case PresenceSection.people: {
					const id = decoding.readVarString(decoder);
					frame.people.push({ id, stage: decoding.readVarUint(decoder) === 0 ? null : decoding.readVarString(decoder) });
					break;
				}
				case PresenceSection.stages:
					(frame.stages ??= []).push({ stage: decoding.readVarString(decoder), people: decoding.readVarUint(decoder), typing: decoding.readVarUint(decoder) });
					break;
				default:
					throw new Error(`unknown presence section ${kind}`);
			}
		}
	}
	return frame;
}

function entry(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}
