/**
 * The wire contract between browser and server, in one place: the y-websocket
 * message types, the close codes, and who a presence entry says a person is.
 * Pure: imported by the server (server/protocol.ts) and the browser alike.
 */
import type { Role, Team } from '../domain/teams.js';

/** y-websocket message types: a varuint at the start of every message. */
export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	/**
	 * Plumbline's compact presence (src/lib/protocol/presence.ts): sent only to a client that asked
	 * for it with `?presence=compact` on its /sync URL; a plain y-websocket client gets awareness (1).
	 */
	presence: 5
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
	/**
	 * This person was moved to another breakout group (or the round ended for them): their access to
	 * this group's document ends now. The browser opens the new group's document from `control`.
	 */
	groupChanged: 4002,
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

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which the browser stops reconnecting: nothing would change on a retry. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.removed, CloseCode.workshopDeleted]);

/** Who a presence entry is: set by the server from the session, whatever the client claims. */
export interface PresenceIdentity {
	id: string;
	name: string;
	/** Observers have no team. */
	team: Team | null;
	role: Role;
	color: string;
}
