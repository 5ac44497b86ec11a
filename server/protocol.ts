/**
 * The wire contract of /sync/<workshopId>/<content|control>, in one place.
 * Messages follow the y-websocket protocol: a varuint message type, then its body.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness.js';
import type * as Y from 'yjs';

export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3
} as const;

/** WebSocket close codes the server uses. 4xxx are Plumbline's own. */
export const CloseCode = {
	/** Server shutting down; clients reconnect (to another instance, or later). */
	goingAway: 1001,
	/** A message exceeded PLUMBLINE_MAX_MESSAGE_BYTES. Sent by ws itself. */
	messageTooBig: 1009,
	/** An unexpected server error while handling this connection. */
	internalError: 1011,
	/**
	 * Storage has refused writes for a while and this document holds all it may in memory:
	 * the client keeps its edits and sends them again when it reconnects (standard "try again later").
	 */
	storageBehind: 1013,
	/** This person's rights changed (promoted to facilitator); reconnect to get the new ones. */
	rightsChanged: 4001,
	/** The message was not valid y-websocket protocol (bad framing, unknown type, corrupt update). */
	invalidMessage: 4400,
	/** The facilitator removed this person from the workshop; do not reconnect. */
	removed: 4403,
	/** The workshop was deleted; do not reconnect. */
	workshopDeleted: 4404,
	/** The document reached PLUMBLINE_MAX_DOCUMENT_BYTES; further writes are refused. */
	documentTooLarge: 4413,
	/**
	 * More than PLUMBLINE_MAX_MESSAGES_PER_SECOND; reconnect after a pause. Below 4400 on
	 * purpose: y-websocket treats 4400–4499 as final and stops reconnecting.
	 */
	tooManyMessages: 4029,
	/**
	 * The connection left more than PLUMBLINE_MAX_BUFFERED_BYTES unread: closed so its backlog
	 * cannot grow the server's memory. A client that reads nothing never sees this code (the
	 * socket is then cut); one that is merely slow does, and reconnects (4500–4599: try again later).
	 */
	slowConsumer: 4508
} as const;

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
