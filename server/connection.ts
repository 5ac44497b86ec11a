/**
 * One WebSocket attached to one room. Every incoming message is decoded here
 * and checked before it touches the document:
 *   sync step 1      → answer with what the client is missing;
 *   step 2 / update  → applied only when this connection may write this document;
 *   awareness        → identity overwritten from the session, foreign client ids refused.
 * Anything that is not valid protocol closes this connection (4400) and nothing else.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness.js';
import type { WebSocket } from 'ws';
import { MAX_HELD_BYTES, type Room, type RoomPeer } from './rooms.js';
import { MessageType, encodeAwarenessMessage, encodeSyncStep1 } from './protocol.js';

/** What others see of this connection's person; set by the server from the session. */
export interface PresenceIdentity {
	id: string;
	name: string;
	team: string | null;
	role: string;
	color: string;
}

export interface ConnectionRights {
	/** May change the document now (content for participants and facilitators unless frozen; never control). */
	write: () => boolean;
	/** Stored size the document may reach. */
	maxDocumentBytes: number;
	/** Takes part in presence (content only: control has no carets). */
	presence: boolean;
}

/** A legitimate client uses one awareness id per document; a few allow for reconnect overlaps. */
const MAX_AWARENESS_IDS = 4;
/** Client ids one connection may be credited with (its own, plus offline sessions of the same browser). */
const MAX_ATTRIBUTED_WRITERS = 8;

export interface ConnectionHooks {
	/** Client ids seen writing through this connection for the first time in this room. */
	newWriters(connection: Connection, clientIds: number[]): void;
	/** A message went out (metrics). */
	sent?(bytes: number): void;
}

export class ProtocolError extends Error {}

/** A write that would grow the document past its size limit. */
export class DocumentTooLarge extends Error {}

/** Storage is down and the room holds as much unsaved work as it may: refused, never dropped silently. */
export class StorageBehind extends Error {}

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export class Connection implements RoomPeer {
	private readonly awarenessIds = new Set<number>();
	private attributed = 0;

	constructor(
		private readonly ws: WebSocket,
		readonly room: Room,
		readonly identity: PresenceIdentity,
		readonly rights: ConnectionRights,
		private readonly hooks: ConnectionHooks
	) {}

	send(message: Uint8Array): void {
		if (this.ws.readyState !== this.ws.OPEN) return;
		this.ws.send(message);
		this.hooks.sent?.(message.byteLength);
	}

	/** Start the handshake: our state vector, and everyone's presence. */
	open(): void {
		this.room.peers.add(this);
		this.send(encodeSyncStep1(this.room.doc));
		if (this.rights.presence) {
			const states = [...this.room.awareness.getStates().keys()];
			if (states.length > 0) this.send(encodeAwarenessMessage(this.room.awareness, states));
		}
	}

	/** Ask the client for whatever it has that the server lacks (it answers with sync step 2). */
	resync(): void {
		this.send(encodeSyncStep1(this.room.doc));
	}

	/** Handle one message; throws ProtocolError when it is not valid protocol. */
	receive(data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = readVarUint(decoder);
		switch (type) {
			case MessageType.sync:
				this.receiveSync(decoder);
				break;
			case MessageType.awareness:
				this.receiveAwareness(readVarUint8Array(decoder));
				break;
			case MessageType.queryAwareness: {
				const states = [...this.room.awareness.getStates().keys()];
				if (this.rights.presence && states.length > 0) this.send(encodeAwarenessMessage(this.room.awareness, states));
				break;
			}
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message');
	}

	close(): void {
		this.room.peers.delete(this);
		if (this.awarenessIds.size > 0) {
			for (const id of this.awarenessIds) this.room.awarenessOwners.delete(id);
			removeAwarenessStates(this.room.awareness, [...this.awarenessIds], this);
		}
	}

	private receiveSync(decoder: decoding.Decoder): void {
		const step = readVarUint(decoder);
		const payload = readVarUint8Array(decoder);
		if (step === SYNC_STEP1) {
			try {
				Y.decodeStateVector(payload);
			} catch {
				throw new ProtocolError('invalid state vector');
			}
			for (const message of this.room.syncMessages(payload)) this.send(message);
		} else if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
			// Read-only documents: drop silently, so the client's own copy may differ but nobody else's does.
			if (!this.rights.write()) return;
			if (this.room.byteSize + payload.length > this.rights.maxDocumentBytes) throw new DocumentTooLarge('document too large');
			if (this.room.heldBytes + payload.length > MAX_HELD_BYTES) throw new StorageBehind('storage unavailable');
			const writers = new Set<number>();
			try {
				// Decoding the whole update first rejects corrupt bytes before they reach the shared
				// document (Yjs would apply the structs before reading a corrupt delete set), and names
				// its writers in the same pass.
				for (const struct of Y.decodeUpdate(payload).structs) writers.add(struct.id.client);
			} catch {
				throw new ProtocolError('invalid update');
			}
			Y.applyUpdate(this.room.doc, payload, this);
			this.creditWriters(writers);
		} else {
			throw new ProtocolError(`unknown sync step ${step}`);
		}
	}

	private creditWriters(writers: Set<number>): void {
		const fresh: number[] = [];
		for (const client of writers) {
			if (this.room.knownWriters.has(client) || this.attributed >= MAX_ATTRIBUTED_WRITERS) continue;
			this.room.knownWriters.add(client);
			this.attributed += 1;
			fresh.push(client);
		}
		if (fresh.length > 0) this.hooks.newWriters(this, fresh);
	}

	private receiveAwareness(update: Uint8Array): void {
		if (!this.rights.presence) return;
		const decoder = decoding.createDecoder(update);
		const encoder = encoding.createEncoder();
		const entries: Array<[number, number, string]> = [];
		const count = readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const clientId = readVarUint(decoder);
			const clock = readVarUint(decoder);
			const json = readVarString(decoder);
			const owner = this.room.awarenessOwners.get(clientId);
			if (owner !== undefined && owner !== this) continue;
			if (owner === undefined && this.awarenessIds.size >= MAX_AWARENESS_IDS) continue;
			let state: unknown;
			try {
				state = JSON.parse(json);
			} catch {
				throw new ProtocolError('invalid awareness state');
			}
			if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new ProtocolError('invalid awareness state');
			// Whatever the client claims, others see the identity from its session.
			const rewritten = state === null ? null : { ...(state as Record<string, unknown>), user: this.identity };
			entries.push([clientId, clock, JSON.stringify(rewritten)]);
		}
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes in awareness update');
		if (entries.length === 0) return;
		encoding.writeVarUint(encoder, entries.length);
		for (const [clientId, clock, json] of entries) {
			encoding.writeVarUint(encoder, clientId);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, json);
			this.awarenessIds.add(clientId);
			this.room.awarenessOwners.set(clientId, this);
		}
		applyAwarenessUpdate(this.room.awareness, encoding.toUint8Array(encoder), this);
	}
}

// lib0's readers return garbage or throw plain errors on truncated input; make both a ProtocolError.
function guard<T>(read: () => T): T {
	try {
		return read();
	} catch {
		throw new ProtocolError('truncated message');
	}
}

function readVarUint(decoder: decoding.Decoder): number {
	if (!decoding.hasContent(decoder)) throw new ProtocolError('truncated message');
	return guard(() => decoding.readVarUint(decoder));
}

function readVarUint8Array(decoder: decoding.Decoder): Uint8Array {
	const length = readVarUint(decoder);
	if (decoder.pos + length > decoder.arr.length) throw new ProtocolError('truncated message');
	return decoding.readUint8Array(decoder, length);
}

function readVarString(decoder: decoding.Decoder): string {
	const bytes = readVarUint8Array(decoder);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ProtocolError('invalid string');
	}
}

