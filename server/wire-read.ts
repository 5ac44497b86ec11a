/**
 * Reading the wire without trusting it: lib0's readers return garbage or throw plain errors
 * on truncated input; these make both a ProtocolError (the connection is closed with 4400).
 */
import * as decoding from 'lib0/decoding';
import { MessageType } from './protocol.js';
import { COMPACT_PRESENCE, PRESENCE_PARAM } from '../src/lib/protocol/presence.js';

export class ProtocolError extends Error {}

/** Whether a /sync URL asks for compact presence (src/lib/protocol/presence.ts) instead of awareness messages. */
export function wantsCompactPresence(url: URL): boolean {
	return url.searchParams.get(PRESENCE_PARAM) === COMPACT_PRESENCE;
}

/** One decoder for every string read (not one per awareness entry); fatal: invalid UTF-8 is refused. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A sync step 1 with an empty state vector: a client that holds nothing of the document. */
export function isNewcomersStep1(data: Uint8Array): boolean {
	return data.length === 4 && data[0] === MessageType.sync && data[1] === 0 && data[2] === 1 && data[3] === 0;
}

function guard<T>(read: () => T): T {
	try {
		return read();
	} catch {
		throw new ProtocolError('truncated message');
	}
}

export function readVarUint(decoder: decoding.Decoder): number {
	if (!decoding.hasContent(decoder)) throw new ProtocolError('truncated message');
	return guard(() => decoding.readVarUint(decoder));
}

export function readVarUint8Array(decoder: decoding.Decoder): Uint8Array {
	const length = readVarUint(decoder);
	if (decoder.pos + length > decoder.arr.length) throw new ProtocolError('truncated message');
	return decoding.readUint8Array(decoder, length);
}

export function readVarString(decoder: decoding.Decoder): string {
	const bytes = readVarUint8Array(decoder);
	try {
		return utf8.decode(bytes);
	} catch {
		throw new ProtocolError('invalid string');
	}
}


/** One person's presence as sent: a JSON object, or null (they left). Anything else is not protocol. */
export function readPresenceState(json: string, maxLength: number): Record<string, unknown> | null {
	if (json.length > maxLength) throw new ProtocolError('presence state too large');
	let state: unknown;
	try {
		state = JSON.parse(json);
	} catch {
		throw new ProtocolError('invalid awareness state');
	}
	if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new ProtocolError('invalid awareness state');
	return state as Record<string, unknown> | null;
}
