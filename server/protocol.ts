/**
 * The wire contract of /sync/<workshopId>/<content|control>, in one place.
 * Messages follow the y-websocket protocol: a varuint message type, then its body.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness.js';
import type * as Y from 'yjs';
import { MessageType } from '../src/lib/protocol/wire.js';

// Shared with the browser; re-exported so server modules keep one import.
export { CloseCode, MessageType } from '../src/lib/protocol/wire.js';

/**
 * HTTP statuses for a refused upgrade (the socket is never opened). Unknown
 * workshops (404) and bad sessions (401) carry the status of the Result that
 * authentication returns.
 */
export const UpgradeRefusal = {
	badPath: 400,
	forbiddenOrigin: 403,
	/** Without ORIGIN, a Host that is not loopback, an IP literal or in PLUMBLINE_HOSTS (DNS rebinding). */
	forbiddenHost: 403,
	/** A breakout group's document: the group is not the asker's (403), does not exist (404), or is still forming (409). */
	notInGroup: 403,
	unknownGroup: 404,
	groupForming: 409,
	tooManyConnections: 429,
	shuttingDown: 503
} as const;

/**
 * Sent on a socket that has had nothing to say for a while: an awareness update with no
 * entries. y-websocket applies it as a no-op and answers nothing, but counts it as a message,
 * so its 30 s silence timeout never closes an idle `control` connection.
 */
export const KEEPALIVE_MESSAGE = new Uint8Array([MessageType.awareness, 1, 0]);

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying an update that is already encoded (a cached full state). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awareness: Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.awareness);
	encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}
