/**
 * The WebSocket endpoint: /sync/<workshopId>/<content|control|group-<groupId>>.
 * An upgrade is answered in order: parse the path, find the workshop,
 * authenticate the session, and only then load the document and open the socket.
 * Refusals are plain HTTP responses, so no document is ever loaded for a stranger.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { docName, readControl, type BreakoutRound, type DocKind, type GroupDocKind } from '../src/lib/doc/schema.js';
import { styleOf, type Role } from '../src/lib/domain/teams.js';
import { canWriteContent } from '../src/lib/domain/permissions.js';
import { Connection, type ConnectionRights } from './connection.js';
import { ProtocolError, wantsCompactPresence } from './wire-read.js';
import { closeFor } from './sync/refusals.js';
import { CloseCode, UpgradeRefusal } from './protocol.js';
import type { Room, Rooms } from './rooms.js';
import type { Workshops } from './workshops.js';
import { log } from './log.js';
import { hostAllowed } from './hosts.js';
import { TokenBucket } from './limits.js';
import type { Metrics } from './metrics.js';
import type { FanoutEvent } from './fanout.js';
import type { RecordStore } from './storage/storage.js';
import { Heartbeat } from './sync/heartbeat.js';
import { originAllowed, parseSyncPath, refuse } from './sync/upgrade-gate.js';
import { GroupAccess } from './sync/groups.js';
import { WriterCredits } from './sync/authors.js';

/** How long a slow consumer's close frame may take before its socket is cut. */
const SLOW_CLOSE_GRACE_MS = 1000;

export interface SyncEndpointOptions {
	maxMessageBytes: number;
	maxMessagesPerSecond: number;
	maxConnectionsPerAddress: number;
	maxDocumentBytes: number;
	/** What one socket may hold unsent before it is closed as a slow consumer. */
	maxBufferedBytes: number;
	/** Ping every socket this often, terminate those that missed the last pong, keep idle ones talking. */
	heartbeatMs: number;
	/** Public origin; browsers' Origin header must match it (or the Host header when unset). */
	origin: string | null;
	/** Without `origin`, names besides loopback and IP literals accepted in Host (server/hosts.ts). */
	allowedHosts?: readonly string[];
	/** Tell the other instances (Redis fan-out), when there are any. */
	tellOthers?: (event: FanoutEvent) => Promise<void>;
}

export class SyncEndpoint {
	private readonly wss: WebSocketServer;
	private readonly credits: WriterCredits;
	private readonly sockets = new Set<WebSocket>();
	/** The session each socket opened with, and the role it had then (re-checked after a fan-out outage). */
	private readonly sessions = new WeakMap<WebSocket, { sessionId: string; role: Role }>();
	private readonly byParticipant = new Map<string, Set<WebSocket>>();
	private readonly byWorkshop = new Map<string, Set<WebSocket>>();
	private readonly perAddress = new Map<string, number>();
	/** Freeze state per workshop, read once from `control` and then kept by the freeze intent. */
	private readonly frozen = new Map<string, boolean>();
	/** Breakout rounds per workshop, read from `control` and then kept by the breakout intents. */
	readonly groups: GroupAccess;
	private accepting = true;
	/** Upgrades being authenticated: shutdown waits for their answer (a socket, or 503). */
	private readonly upgrading = new Set<Promise<void>>();
	private readonly connections = new WeakMap<WebSocket, Connection>();
	private readonly heartbeat: Heartbeat;

	constructor(
		private readonly rooms: Rooms,
		private readonly workshops: Workshops,
		private readonly storage: RecordStore,
		private readonly options: SyncEndpointOptions,
		private readonly metrics: Metrics
	) {
		// ws closes a connection whose message exceeds maxPayload with 1009 by itself. No
		// permessage-deflate: Connection writes ready frames past ws's sender (frame.ts), which only
		// stays in order while that sender never queues.
		this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
		this.groups = new GroupAccess(rooms, (workshopId) => this.byWorkshop.get(workshopId) ?? [], options.tellOthers);
		this.credits = new WriterCredits(rooms);
		this.heartbeat = new Heartbeat(options.heartbeatMs, this.sockets, {
			missed: () => this.metrics.reject('heartbeat'),
			pinged: (ws) => this.connections.get(ws)?.keepAlive(options.heartbeatMs)
		});
	}

	get connectionCount(): number {
		return this.sockets.size;
	}

	/** Returns false when the path is not ours, so other upgrade handlers (Vite's HMR) keep working. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith('/sync/')) return false;
		const upgrading = this.upgrade(req, socket, head, url).catch((error) => {
			log.error('upgrade failed', error);
			refuse(socket, 500, 'internal', 'The server could not open this connection.');
		});
		this.upgrading.add(upgrading);
		void upgrading.finally(() => this.upgrading.delete(upgrading));
		return true;
	}

	private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
		if (!this.accepting) return refuse(socket, UpgradeRefusal.shuttingDown, 'shutting-down', 'The server is restarting; try again shortly.');
		const path = parseSyncPath(url.pathname);
		if (!path) {
			return refuse(socket, UpgradeRefusal.badPath, 'bad-path', 'Sync paths look like /sync/<workshopId>/content or /sync/<workshopId>/control.');
		}
		if (this.options.origin === null && !hostAllowed(req.headers.host, this.options.allowedHosts ?? [])) {
			this.metrics.reject('forbidden-host');
			return refuse(socket, UpgradeRefusal.forbiddenHost, 'forbidden-host', 'This server does not answer to that host name.');
		}
		if (!originAllowed(req, this.options.origin)) return refuse(socket, UpgradeRefusal.forbiddenOrigin, 'forbidden-origin', 'Cross-site connections are not allowed.');
		const address = req.socket.remoteAddress ?? 'unknown';
		if ((this.perAddress.get(address) ?? 0) >= this.options.maxConnectionsPerAddress) {
			this.metrics.reject('too-many-connections');
			return refuse(socket, UpgradeRefusal.tooManyConnections, 'too-many-connections', 'Too many open connections from this address.');
		}

		const { workshopId, kind } = path;
		const auth = await this.workshops.authenticate(workshopId, url, req.headers);
		if (!auth.ok) {
			// A removed person's laptop (asleep during the removal, or reloaded) must learn why it
			// cannot connect: an HTTP refusal reaches the browser as a bare 1006, shown as "Offline".
			if (auth.error.code === 'removed') return this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.removed, 'removed by the facilitator'));
			return refuse(socket, auth.error.status, auth.error.code, auth.error.message);
		}
		const { participant, session } = auth.value;

		// Know the freeze state before the first write can arrive.
		if (kind === 'content') await this.isFrozen(workshopId);
		// A group's document is opened only for those the round lets in, never loaded for anyone else.
		const refusal = await this.groups.admit(workshopId, kind, participant);
		if (refusal) return refuse(socket, refusal.status, refusal.code, refusal.message);
		// Early: a newcomer gets a big stored document's bytes before the room has applied them.
		const room = await this.rooms.acquire(docName(workshopId, kind), { early: true });
		if (socket.destroyed || !socket.writable) {
			// The client gave up while we loaded; ws would drop it without calling back.
			this.rooms.release(room);
			return;
		}
		if (!this.accepting) {
			// Shutdown began while we loaded: a socket opened now would miss its 1001.
			this.rooms.release(room);
			return refuse(socket, UpgradeRefusal.shuttingDown, 'shutting-down', 'The server is restarting; try again shortly.');
		}
		this.wss.handleUpgrade(req, socket, head, (ws) => {
			const connection = new Connection(
				ws,
				socket,
				room,
				{ id: participant.id, name: participant.name, team: participant.team, role: participant.role, color: styleOf(participant.team).color },
				session.id,
				this.rightsFor(workshopId, kind, participant),
				{ maxBufferedBytes: this.options.maxBufferedBytes, answers: new TokenBucket(this.options.maxMessagesPerSecond) },
				{
					newWriters: (_, clients) => this.credits.record(workshopId, clients, participant.id, participant.team),
					sent: (bytes) => this.metrics.sent(bytes),
					slow: () => this.closeSlow(ws),
					failed: (_, error) => this.refuseMessage(ws, connection, error)
				},
				wantsCompactPresence(url)
			);
			this.sessions.set(ws, { sessionId: session.id, role: participant.role });
			this.groups.track(ws, kind, participant);
			this.attach(ws, connection, participant.id, workshopId, address);
			this.rooms.release(room);
		});
	}

	private attach(ws: WebSocket, connection: Connection, participantId: string, workshopId: string, address: string): void {
		this.sockets.add(ws);
		this.heartbeat.watch(ws);
		this.connections.set(ws, connection);
		let mine = this.byParticipant.get(participantId);
		if (!mine) this.byParticipant.set(participantId, (mine = new Set()));
		mine.add(ws);
		let inWorkshop = this.byWorkshop.get(workshopId);
		if (!inWorkshop) this.byWorkshop.set(workshopId, (inWorkshop = new Set()));
		inWorkshop.add(ws);
		this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
		// A token bucket per connection: a sustained rate, and bursts of twice that.
		const budget = new TokenBucket(this.options.maxMessagesPerSecond);
		ws.binaryType = 'nodebuffer';
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			this.heartbeat.heard(ws);
			// While shutting down, rooms are being flushed: the client keeps the edit and resends it on reconnect.
			if (!this.accepting) return;
			if (budget.available() < 1) {
				this.metrics.reject('rate');
				ws.close(CloseCode.tooManyMessages, 'too many messages');
				return;
			}
			budget.spend(1);
			this.metrics.received(data.byteLength);
			try {
				if (!isBinary) throw new ProtocolError('text frames are not part of the protocol');
				connection.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
			} catch (error) {
				this.refuseMessage(ws, connection, error);
			}
		});
		// ws reports oversized and malformed frames here, then closes the socket itself.
		ws.on('error', (error) => {
			this.metrics.reject((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too-big' : 'invalid-frame');
			log.warn(`socket error on ${connection.room.name}: ${error.message}`);
		});
		ws.on('close', () => {
			this.sockets.delete(ws);
			mine.delete(ws);
			if (mine.size === 0) this.byParticipant.delete(participantId);
			inWorkshop.delete(ws);
			if (inWorkshop.size === 0 && this.byWorkshop.delete(workshopId)) this.groups.forgetLater(workshopId);
			const left = (this.perAddress.get(address) ?? 1) - 1;
			if (left > 0) this.perAddress.set(address, left);
			else this.perAddress.delete(address);
			connection.close();
			this.rooms.releaseIfIdle(connection.room);
		});
		connection.open();
	}

	/** Close a connection whose message could not be handled, with the code that says why. */
	private refuseMessage(ws: WebSocket, connection: Connection, error: unknown): void {
		const { code, reason, metric } = closeFor(error);
		if (metric) this.metrics.reject(metric);
		if (metric === 'invalid-protocol') log.warn(`closing ${connection.identity.id} on ${connection.room.name}: ${reason}`);
		if (!metric) log.error(`error handling a message on ${connection.room.name}`, error);
		ws.close(code, reason);
	}

	private rightsFor(workshopId: string, kind: DocKind | GroupDocKind, person: { id: string; role: Role }): ConnectionRights {
		if (kind === 'control') return { write: () => false, presence: false, maxDocumentBytes: this.options.maxDocumentBytes };
		const write = this.groups.writer(workshopId, kind, person) ?? (() => canWriteContent(person.role, this.frozen.get(workshopId) === true));
		return { write, presence: true, maxDocumentBytes: this.options.maxDocumentBytes };
	}

	readonly breakoutChanged = (workshopId: string, rounds: readonly BreakoutRound[]): Promise<void> => this.groups.changed(workshopId, rounds);

	private async isFrozen(workshopId: string): Promise<boolean> {
		const known = this.frozen.get(workshopId);
		if (known !== undefined) return known;
		const frozen = await this.rooms.withDoc(docName(workshopId, 'control'), (doc) => readControl(doc).frozen);
		this.frozen.set(workshopId, frozen);
		return frozen;
	}

	/**
	 * Called by the freeze intent after it wrote `control`: applies to open connections at once.
	 * A write dropped while frozen leaves a gap in that client's update chain, and Yjs would hold
	 * every later update of that client as pending. So on unfreeze every client is asked to
	 * resend what the server lacks: the room converges, and nothing a client kept is lost.
	 */
	async setFrozen(workshopId: string, frozen: boolean): Promise<void> {
		this.applyFrozen(workshopId, frozen);
		await this.options.tellOthers?.({ type: 'frozen', workshopId, frozen });
	}

	private applyFrozen(workshopId: string, frozen: boolean): void {
		const before = this.frozen.get(workshopId);
		this.frozen.set(workshopId, frozen);
		if (frozen || before === false) return;
		const room = this.rooms.peek(docName(workshopId, 'content'));
		for (const peer of room?.peers ?? []) if (peer instanceof Connection) peer.resync();
	}

	/** An event from another instance: applied here as if it had happened here. */
	handleEvent(event: FanoutEvent): void {
		if (event.type === 'frozen') this.applyFrozen(event.workshopId, event.frozen);
		else if (event.type === 'breakout') this.groups.update(event.workshopId, event.rounds);
		else if (event.type === 'close-participant') this.closeOwnSockets(event.participantId, event.code, event.reason);
		else if (event.type === 'close-workshop') void this.closeOwnWorkshop(event.workshopId);
	}

	/** `control` changed from elsewhere (another instance, storage after an outage): a missed freeze still takes effect. */
	controlChanged(room: Room): void {
		const [workshopId, kind] = room.name.split('/');
		if (kind !== 'control' || !workshopId) return;
		this.groups.controlChanged(workshopId, room.doc);
		if (!this.frozen.has(workshopId)) return;
		const frozen = readControl(room.doc).frozen;
		if (frozen !== this.frozen.get(workshopId)) this.applyFrozen(workshopId, frozen);
	}

	/**
	 * After an outage: removals and promotions made on other instances meanwhile never reached
	 * this one as events. Storage knows them: close what they would have closed.
	 */
	async recheckSessions(): Promise<void> {
		// One lookup per session, however many sockets (content and control) it has open.
		const verdicts = new Map<string, Promise<{ code: number; reason: string; role?: Role }>>();
		// What would close a socket of this session now; a role only when the session is still good.
		const check = async (sessionId: string): Promise<{ code: number; reason: string; role?: Role }> => {
			const session = await this.storage.getSession(sessionId);
			if (!session) return { code: CloseCode.workshopDeleted, reason: 'workshop deleted' };
			const participant = session.revokedAt === null ? await this.storage.getParticipant(session.participantId) : null;
			if (!participant) return { code: CloseCode.removed, reason: 'removed by the facilitator' };
			return { code: CloseCode.rightsChanged, reason: 'rights changed', role: participant.role };
		};
		for (const ws of [...this.sockets]) {
			const opened = this.sessions.get(ws);
			if (!opened) continue;
			let verdict = verdicts.get(opened.sessionId);
			if (!verdict) verdicts.set(opened.sessionId, (verdict = check(opened.sessionId)));
			const found = await verdict;
			if (found.role !== opened.role) ws.close(found.code, found.reason);
		}
	}

	/** After an outage: read every known freeze state again (from storage, or the reconciled room). */
	async refreshFrozen(): Promise<void> {
		for (const workshopId of [...this.frozen.keys()]) {
			const frozen = await this.rooms.withDoc(docName(workshopId, 'control'), (doc) => readControl(doc).frozen);
			if (frozen !== this.frozen.get(workshopId)) this.applyFrozen(workshopId, frozen);
		}
		for (const workshopId of this.groups.workshops()) await this.groups.refresh(workshopId);
	}

	/** Close every socket of a workshop (deleted: 4404), on every instance, and wait until this one's are gone. */
	async closeWorkshop(workshopId: string): Promise<void> {
		await Promise.all([this.options.tellOthers?.({ type: 'close-workshop', workshopId }), this.closeOwnWorkshop(workshopId)]);
	}

	private async closeOwnWorkshop(workshopId: string): Promise<void> {
		this.credits.drop(workshopId);
		const sockets = [...(this.byWorkshop.get(workshopId) ?? [])];
		await Promise.all(
			sockets.map(
				(ws) =>
					new Promise<void>((resolve) => {
						ws.once('close', () => resolve());
						ws.close(CloseCode.workshopDeleted, 'workshop deleted');
						setTimeout(() => {
							ws.terminate();
							resolve();
						}, 2000).unref();
					})
			)
		);
	}

	/** Close every socket of one participant (removed: 4403, or rights changed: 4001), on every instance. */
	async closeParticipant(participantId: string, code: number, reason: string): Promise<void> {
		this.closeOwnSockets(participantId, code, reason);
		await this.options.tellOthers?.({ type: 'close-participant', participantId, code, reason });
	}

	private closeOwnSockets(participantId: string, code: number, reason: string): void {
		for (const ws of [...(this.byParticipant.get(participantId) ?? [])]) ws.close(code, reason);
	}

	/**
	 * Close a socket that stopped reading. The close frame waits behind the backlog, so a client
	 * that reads nothing is cut shortly after: its buffer is what we must free.
	 */
	private closeSlow(ws: WebSocket): void {
		this.metrics.reject('slow-consumer');
		ws.close(CloseCode.slowConsumer, 'too slow to read');
		setTimeout(() => ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
	}

	/**
	 * Stop accepting upgrades and close every socket with "going away"; resolves once every
	 * close handshake finished (or `graceMs` passed): cutting sockets earlier would drop the
	 * close frames still being written, and clients would see 1006.
	 */
	async closeAll(graceMs = 2000): Promise<void> {
		this.accepting = false;
		this.heartbeat.stop();
		await Promise.race([Promise.allSettled([...this.upgrading]), new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())]);
		const sockets = [...this.sockets];
		const closedAll = Promise.all(sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())))));
		for (const ws of sockets) ws.close(CloseCode.goingAway, 'server shutting down');
		await Promise.race([closedAll, new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())]);
		// A clean restart keeps who wrote what, like what they wrote.
		await this.credits.flush();
	}

	/** Forcefully end sockets that did not finish their close handshake. */
	terminateAll(): void {
		for (const ws of this.sockets) ws.terminate();
		this.wss.close();
	}
}
