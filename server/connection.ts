/**
 * One WebSocket attached to one room. Every incoming message is decoded here
 * and checked before it touches the document:
 *   sync step 1      → answer with what the client is missing, one answer at a time, paid by size;
 *   step 2 / update  → applied only when this connection may write this document, and only
 *                      under Yjs client ids no other session owns (refused whole in an update,
 *                      cut out of the handshake's answer, which may relay others' edits);
 *   awareness        → identity overwritten from the session, foreign client ids refused.
 * What the server sends waits in the socket's buffer only up to a limit (a client that stops
 * reading is closed, not fed).
 * Anything that is not valid protocol closes this connection (4400) and nothing else.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness.js';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { MAX_HELD_BYTES, type Room, type RoomPeer } from './rooms.js';
import { MessageType, KEEPALIVE_MESSAGE, encodeSyncStep1 } from './protocol.js';
import type { TokenBucket } from './limits.js';
import type { PresenceIdentity } from '../src/lib/protocol/wire.js';
import { withoutForeignWriters } from './writers.js';
import { ProtocolError, isNewcomersStep1, readPresenceState, readVarString, readVarUint, readVarUint8Array } from './wire-read.js';
import { writeBinaryFrame } from './frame.js';

export interface ConnectionRights {
	/** May change the document now (content for participants and facilitators unless frozen; never control). */
	write: () => boolean;
	/** Stored size the document may reach. */
	maxDocumentBytes: number;
	/** Takes part in presence (content only: control has no carets). */
	presence: boolean;
}

/** A legitimate client uses one awareness id per document; a few allow for reconnect overlaps. */
export const MAX_AWARENESS_IDS = 4;
/** One person's presence (name, stage, caret positions) is a few hundred bytes; this is plenty. */
export const MAX_PRESENCE_STATE_BYTES = 4096;
/** Client ids one connection may be credited with (its own, plus offline sessions of the same browser). */
const MAX_ATTRIBUTED_WRITERS = 8;
/** Messages one connection may send while its room's document loads (a handshake and a few edits). */
const MAX_HELD_MESSAGES = 64;
/** An answer to sync step 1 costs one message of the budget per this many bytes (encoding 4 KiB costs about what handling a message does). */
export const ANSWER_BYTES_PER_MESSAGE = 4096;

export interface ConnectionLimits {
	/** Bytes the socket may hold unsent (beyond the answer being written) before it is closed. */
	maxBufferedBytes: number;
	/** Budget for answers to sync step 1, in messages (see ANSWER_BYTES_PER_MESSAGE). */
	answers: TokenBucket;
}

export interface ConnectionHooks {
	/** Client ids seen writing through this connection for the first time in this room. */
	newWriters(connection: Connection, clientIds: number[]): void;
	/** A message went out (metrics). */
	sent?(bytes: number): void;
	/** The client left more than `maxBufferedBytes` unread: it must be closed. */
	slow(connection: Connection): void;
	/** A message handled later (held while the room loaded, or its update held for a window) was refused. */
	failed(connection: Connection, error: unknown): void;
}

/** A write that would grow the document past its size limit. */
export class DocumentTooLarge extends Error {}

/** Storage is down and the room holds as much unsaved work as it may: refused, never dropped silently. */
export class StorageBehind extends Error {}

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export class Connection implements RoomPeer {
	private readonly awarenessIds = new Set<number>();
	/** Added to the clocks of each id's presence on this connection (see receiveAwareness). */
	private readonly awarenessClockShift = new Map<number, number>();
	private attributed = 0;
	private closed = false;
	private slow = false;
	private lastSentAt = performance.now();
	/** The latest state vector the client asked about and has no answer for yet. */
	private pendingStateVector: Uint8Array | null = null;
	/** Bytes of the answer being written to the socket (0: none in flight). */
	private answerBytes = 0;
	private answerTimer: ReturnType<typeof setTimeout> | null = null;
	/** Sync step 1 sent by the server and not answered yet: each allows one step 2 that may relay others' structs. */
	private step2Expected = 0;
	/** Messages received while the room's document was still being loaded, handled in order once it is. */
	private held: Uint8Array[] = [];
	/** The answer being written came from the stored snapshot: the room applies it into its doc once it is out. */
	private applyAfterAnswer = false;

	constructor(
		private readonly ws: WebSocket,
		/** The socket `ws` was opened on: messages are written to it as ready frames (see frame.ts). */
		private readonly socket: Duplex,
		readonly room: Room,
		readonly identity: PresenceIdentity,
		/** The session this connection opened with: it owns the Yjs client ids it introduces. */
		readonly sessionId: string,
		readonly rights: ConnectionRights,
		private readonly limits: ConnectionLimits,
		private readonly hooks: ConnectionHooks,
		/** Asked for compact presence (`?presence=compact`) rather than awareness messages. */
		readonly compactPresence = false
	) {}

	send(message: Uint8Array, written?: () => void): void {
		if (this.ws.readyState !== this.ws.OPEN || this.slow) return;
		// ws queues without limit: a client that never reads would hold everything we send.
		if (this.ws.bufferedAmount - this.answerBytes > this.limits.maxBufferedBytes) {
			this.slow = true;
			this.hooks.slow(this);
			return;
		}
		writeBinaryFrame(this.socket, message, written);
		this.lastSentAt = performance.now();
		this.hooks.sent?.(message.byteLength);
	}

	/** An update of ours, held for a crowd's window, could not be applied: refused as it would have been at once. */
	failed(error: unknown): void {
		this.hooks.failed(this, error);
	}

	/** Say something harmless when there was nothing to say for `idleMs`, so the client's silence timeout never fires. */
	keepAlive(idleMs: number): void {
		if (performance.now() - this.lastSentAt >= idleMs) this.send(KEEPALIVE_MESSAGE);
	}

	/** Join the room; the handshake starts once its document is loaded. */
	open(): void {
		this.room.peers.add(this);
		if (this.room.isApplied) return this.handshake();
		void this.room.applied.then(() => {
			if (this.closed) return;
			this.handshake();
			// In the order they came, after the handshake (as if the room had been loaded when they came).
			while (this.held.length > 0 && !this.closed) {
				try {
					this.handle(this.held.shift()!);
				} catch (error) {
					this.held = [];
					this.hooks.failed(this, error);
				}
			}
		});
	}

	/** Our state vector, and everyone's presence. */
	private handshake(): void {
		this.step2Expected += 1;
		this.send(encodeSyncStep1(this.room.doc));
		if (this.rights.presence) this.room.joinPresence(this);
	}

	/** Whether an awareness client id is this connection's own: its presence is never sent back to it. */
	ownsPresence(clientId: number): boolean {
		return this.speaksFor(clientId);
	}

	ownPresenceIds(): Iterable<number> {
		return this.awarenessIds;
	}

	/** Ask the client for whatever it has that the server lacks (it answers with sync step 2). */
	resync(): void {
		this.step2Expected += 1;
		this.send(encodeSyncStep1(this.room.doc));
	}

	/** Handle one message; throws ProtocolError when it is not valid protocol. */
	receive(data: Uint8Array): void {
		if (!this.room.isApplied || this.held.length > 0) return this.hold(data);
		this.handle(data);
	}

	private handle(data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = readVarUint(decoder);
		switch (type) {
			case MessageType.sync:
				this.receiveSync(decoder);
				break;
			case MessageType.awareness:
				this.receiveAwareness(readVarUint8Array(decoder));
				break;
			case MessageType.queryAwareness:
				if (this.rights.presence) this.room.queryPresence(this);
				break;
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message');
	}

	/**
	 * A message that came before the room's document is loaded. A newcomer's sync step 1 (an
	 * empty state vector) is answered at once from the stored snapshot, and the document is
	 * applied once those bytes are out; anything else waits for it, and asks for it now.
	 */
	private hold(data: Uint8Array): void {
		if (this.held.length === 0 && this.room.answersNewcomers && isNewcomersStep1(data)) {
			this.pendingStateVector = new Uint8Array([0]);
			this.applyAfterAnswer = true;
			this.answerPending();
			return;
		}
		if (this.held.length >= MAX_HELD_MESSAGES) throw new ProtocolError('too many messages before the document loaded');
		this.held.push(data.slice());
		if (!this.room.isApplied) setImmediate(() => this.room.applyStored());
	}

	close(): void {
		this.closed = true;
		this.held = [];
		this.pendingStateVector = null;
		if (this.answerTimer !== null) clearTimeout(this.answerTimer);
		this.room.peers.delete(this);
		this.room.leavePresence(this);
		// The ids stay reserved for this session (room.clientSessions): only its next connection may speak for them.
		const spoken = [...this.awarenessIds].filter((id) => this.room.awarenessOwners.get(id) === this);
		if (spoken.length > 0) {
			for (const id of spoken) this.room.awarenessOwners.delete(id);
			removeAwarenessStates(this.room.awareness, spoken, this);
		}
	}

	/**
	 * Answer the latest sync step 1, one answer in flight at a time: a client asking for the
	 * whole document hundreds of times a second gets it once, and again only after it read it.
	 * Each answer is paid from the budget by its size; while the budget is spent, the request waits.
	 */
	private answerPending(): void {
		if (this.closed || this.pendingStateVector === null || this.answerBytes > 0 || this.answerTimer !== null) return;
		const wait = this.limits.answers.msUntil(0);
		if (wait > 0) {
			this.answerTimer = setTimeout(() => {
				this.answerTimer = null;
				this.answerPending();
			}, wait);
			return;
		}
		const messages = this.room.syncMessages(this.pendingStateVector);
		this.pendingStateVector = null;
		const bytes = messages.reduce((sum, message) => sum + message.byteLength, 0);
		this.limits.answers.spend(Math.ceil(bytes / ANSWER_BYTES_PER_MESSAGE));
		this.answerBytes = bytes;
		const written = () => {
			this.answerBytes = 0;
			if (this.applyAfterAnswer) {
				this.applyAfterAnswer = false;
				setImmediate(() => this.room.applyStored());
			}
			this.answerPending();
		};
		messages.forEach((message, i) => this.send(message, i === messages.length - 1 ? written : undefined));
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
			// A copy: the pending request must not hold the whole incoming frame.
			this.pendingStateVector = payload.slice();
			this.answerPending();
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
			// A client answering our step 1 sends all it has that we lack, others' edits included
			// (after a restart or an outage): that relay is expected once per step 1, and claims nothing.
			const relay = step === SYNC_STEP2 && this.step2Expected > 0;
			let update = payload;
			if (relay) {
				this.step2Expected -= 1;
				update = withoutForeignWriters(payload, writers, this.room.clientSessions, this.sessionId);
			} else {
				this.claimWriters(writers);
			}
			this.room.receiveUpdate(update, this);
			this.creditWriters(writers);
		} else {
			throw new ProtocolError(`unknown sync step ${step}`);
		}
	}

	/**
	 * A Yjs client id belongs to the first session that wrote or showed presence with it:
	 * an edit carrying another session's id would be counted for that person's team.
	 * Checked for the whole update before any of it is applied.
	 */
	private claimWriters(writers: Set<number>): void {
		for (const client of writers) {
			const owner = this.room.clientSessions.get(client);
			if (owner !== undefined && owner !== this.sessionId) throw new ProtocolError('update written under another session\'s client id');
		}
		for (const client of writers) {
			if (this.room.clientSessions.has(client) || this.attributed >= MAX_ATTRIBUTED_WRITERS) continue;
			this.room.clientSessions.set(client, this.sessionId);
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
		// Ids this message would add: counted as they come, so one message cannot bring thousands.
		let claimed = 0;
		for (let i = 0; i < count; i++) {
			const clientId = readVarUint(decoder);
			const clock = readVarUint(decoder);
			const json = readVarString(decoder);
			// Clients pass on everyone's presence they hear of; only their own is taken from them.
			if (!this.speaksFor(clientId)) {
				if (this.awarenessIds.size + claimed >= MAX_AWARENESS_IDS || !this.mayClaim(clientId)) continue;
				claimed += 1;
			}
			const state = readPresenceState(json, MAX_PRESENCE_STATE_BYTES);
			const shifted = clock + this.clockShift(clientId, clock);
			// Whatever the client claims, others see the identity from its session.
			const rewritten = state === null ? null : { ...state, user: this.identity };
			entries.push([clientId, shifted, JSON.stringify(rewritten)]);
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
			if (!this.room.clientSessions.has(clientId)) this.room.clientSessions.set(clientId, this.sessionId);
		}
		applyAwarenessUpdate(this.room.awareness, encoding.toUint8Array(encoder), this);
	}

	/**
	 * A reconnecting client resends its presence at the clock the room dropped it at: taken for old
	 * news, the person looked offline until their next change (a promoted co-facilitator, until a
	 * reload). Such an id's clocks are raised, for this connection's life, just above the dropped one.
	 */
	private clockShift(clientId: number, clock: number): number {
		let shift = this.awarenessClockShift.get(clientId);
		if (shift === undefined) {
			const known = this.room.awareness.meta.get(clientId)?.clock ?? 0;
			shift = !this.room.awareness.getStates().has(clientId) && clock <= known ? known + 1 - clock : 0;
			this.awarenessClockShift.set(clientId, shift);
		}
		return shift;
	}

	private speaksFor(clientId: number): boolean {
		return this.awarenessIds.has(clientId) && this.room.awarenessOwners.get(clientId) === this;
	}

	/**
	 * A new id, or one of this session's (its reconnect, or a second tab taking over). Never an
	 * id another session owns, nor a person's on another instance, whatever its timeout.
	 */
	private mayClaim(clientId: number): boolean {
		const session = this.room.clientSessions.get(clientId);
		if (session !== undefined) return session === this.sessionId;
		return !this.room.hasRemotePresence(clientId);
	}
}
