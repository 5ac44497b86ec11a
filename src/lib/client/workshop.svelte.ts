/**
 * The browser's live connection to one workshop: the two Yjs documents, their
 * offline cache, the WebSocket providers, and reactive state for the UI.
 * Created in onMount only (it touches IndexedDB and WebSocket).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
	content,
	readControl,
	type ControlState,
	type DocKind,
	type Authored,
	type Collection,
	type GlossaryEntry,
	type HandoffField,
	type Metric,
	type Milestone,
	type Phrasing,
	type Scenario
} from '$lib/doc/schema';
import type { Campaign } from '$lib/domain/timeline';
import { clockOffset, type ClockSample } from '$lib/domain/timer';
import type { Role } from '$lib/domain/teams';
import { styleOf } from '$lib/domain/teams';
import type { Me } from '$lib/api';
import { CANVAS_STAGE, type Viewport } from '$lib/domain/canvas';
import { CloseCode, FINAL_CLOSE_CODES, type PresenceIdentity } from '$lib/protocol/wire';
import { DraftReader, DraftState } from './draftState.svelte';
import { streamPresence, type PresenceStream, type StageCount } from './presenceStream';

/** 'removed' and 'deleted' are final: the server closed with 4403 or 4404 and the page stops reconnecting. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'removed' | 'deleted';

const EMPTY_CONTROL: ControlState = readControl(new Y.Doc());
const MAX_BACKOFF_MS = 5000;
/** The longest the connection waits for the offline cache to load. */
const CACHE_WAIT_MS = 1500;

export class WorkshopConnection extends DraftReader {
	readonly content = new Y.Doc();
	readonly control = new Y.Doc();
	readonly contentProvider: WebsocketProvider;
	readonly controlProvider: WebsocketProvider;
	/** Compact presence on `content`: what this screen shows, plus the whole room's roster. */
	readonly presenceStream: PresenceStream;

	status: ConnectionStatus = $state('connecting');
	/** Both documents have completed a sync with the server at least once. */
	synced = $state(false);
	/** The local cache has been read: text typed in an earlier visit is on screen. */
	restored = $state(false);
	controlState: ControlState = $state(EMPTY_CONTROL);
	/** Participant ids with at least one open connection. */
	online: Set<string> = $state(new Set());
	/** The stage each online participant is looking at. */
	viewing: Map<string, string> = $state(new Map());
	/** People and typers on each stage, as the server counts them (empty until a compact roster arrives). */
	stages: Map<string, StageCount> = $state(new Map());
	phrasings: Phrasing[] = $state([]);
	scenarios: Scenario[] = $state([]);
	glossary: GlossaryEntry[] = $state([]);
	metrics: Metric[] = $state([]);
	handoff: HandoffField[] = $state([]);
	milestones: Milestone[] = $state([]);
	campaign: Campaign = $state({ launchDate: '', endDate: '', timeZone: 'UTC' });
	/** Add to Date.now() to get the server's time. */
	clockOffset = $state(0);
	/** The facilitator removed this person: the connection stays closed. */
	removed = $state(false);
	/** The workshop was deleted: the connection stays closed. */
	deleted = $state(false);
	/** How this person looks at the insight board. */
	boardMode: 'columns' | 'canvas' = $state('columns');
	/** A canvas view to show next, sent by the facilitator's "bring everyone here". */
	summonedView: { at: number; view: Viewport } | null = $state(null);
	/** The centre of this person's canvas view while it is open (what a summon shares). */
	canvasView: Viewport | null = null;

	/** Claims, notes, canvas, version and balance of `content` (read through the getters below). */
	readonly draft: DraftState;
	private readonly caches: IndexeddbPersistence[];
	private readonly cleanup: Array<() => void> = [];
	private everOnline = false;
	private destroyed = false;

	constructor(
		readonly workshopId: string,
		readonly me: Me,
		/** false for screens that watch without being a person in the room (the projector view). */
		readonly presence = true,
		/**
		 * false in component tests: the real documents and state, with no socket, offline cache or
		 * clock requests (happy-dom has no IndexedDB, and nothing listens on its host).
		 */
		readonly network = true
	) {
		super();
		const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync/${workshopId}`;
		// The session cookie authenticates the upgrade; no token in the URL.
		// Connected once the offline cache is loaded (below).
		this.contentProvider = new WebsocketProvider(base, 'content' satisfies DocKind, this.content, { maxBackoffTime: MAX_BACKOFF_MS, connect: false });
		this.controlProvider = new WebsocketProvider(base, 'control' satisfies DocKind, this.control, { maxBackoffTime: MAX_BACKOFF_MS, connect: false });
		this.presenceStream = streamPresence(this.contentProvider);
		// Presence lives on `content` only.
		this.controlProvider.awareness.setLocalState(null);
		const style = styleOf(me.team);
		if (presence) {
			this.contentProvider.awareness.setLocalStateField('user', {
				id: me.id,
				name: me.name,
				team: me.team,
				role: me.role,
				color: style.color
			} satisfies PresenceIdentity);
		} else {
			this.contentProvider.awareness.setLocalState(null);
		}

		this.caches = network
			? [new IndexeddbPersistence(`plumbline:${workshopId}:content`, this.content), new IndexeddbPersistence(`plumbline:${workshopId}:control`, this.control)]
			: [];
		const cached = Promise.all(this.caches.map((cache) => cache.whenSynced)).then(() => (this.restored = true));
		// Connect once the cache is in the documents: others' edits that only the cache still holds
		// then travel in the sync handshake's answer, which the server takes from anyone, rather than
		// as a live update under their client ids, which it refuses (4400). A cache that never loads
		// (private browsing, a broken IndexedDB) delays the connection by at most a second and a half.
		void Promise.race([cached, new Promise((resolve) => setTimeout(resolve, CACHE_WAIT_MS))])
			.catch(() => {})
			.then(() => {
				if (this.destroyed || !network) return;
				this.contentProvider.connect();
				this.controlProvider.connect();
			});

		// "connecting" until the first connection; after that, any loss shows as offline.
		const updateStatus = () => {
			const connected = this.contentProvider.wsconnected && this.controlProvider.wsconnected;
			if (connected) this.everOnline = true;
			if (this.removed || this.deleted) this.status = this.removed ? 'removed' : 'deleted';
			else this.status = connected ? 'online' : this.everOnline || navigator.onLine === false ? 'offline' : 'connecting';
		};
		this.contentProvider.on('status', updateStatus);
		this.controlProvider.on('status', updateStatus);
		// When the laptop knows it lost the network, stop waiting for a dead socket's
		// timeout; reconnect as soon as the network is back.
		const goOffline = () => {
			this.contentProvider.disconnect();
			this.controlProvider.disconnect();
			updateStatus();
		};
		const goOnline = () => {
			if (this.removed || this.deleted) return;
			this.contentProvider.connect();
			this.controlProvider.connect();
			updateStatus();
		};
		window.addEventListener('offline', goOffline);
		window.addEventListener('online', goOnline);
		this.cleanup.push(() => {
			window.removeEventListener('offline', goOffline);
			window.removeEventListener('online', goOnline);
		});

		const updateSynced = () => (this.synced = this.contentProvider.synced && this.controlProvider.synced);
		this.contentProvider.on('sync', updateSynced);
		this.controlProvider.on('sync', updateSynced);

		// Only summons made after this page opened move its canvas.
		const openedAt = Date.now();
		let lastSummonAt: number | undefined;
		const updateControl = () => {
			this.controlState = readControl(this.control);
			const summon = this.controlState.summon;
			if (summon?.view && summon.stageId === CANVAS_STAGE && summon.at !== lastSummonAt && summon.at > openedAt + this.clockOffset - 2000) {
				this.boardMode = 'canvas';
				this.summonedView = { at: summon.at, view: summon.view };
			}
			lastSummonAt = summon?.at;
		};
		this.control.on('update', updateControl);
		updateControl();

		let seen = '';
		const updateOnline = () => {
			const ids = new Set<string>();
			const viewing = new Map<string, string>();
			// The roster holds everyone in the room; the awareness only those this screen shows
			// (and everyone, from a server that sends plain awareness).
			for (const [id, stage] of this.presenceStream.people) {
				ids.add(id);
				if (stage) viewing.set(id, stage);
			}
			for (const state of this.contentProvider.awareness.getStates().values()) {
				const { user, stage } = state as { user?: PresenceIdentity; stage?: unknown };
				if (!user?.id) continue;
				ids.add(user.id);
				if (typeof stage === 'string' && !viewing.has(user.id)) viewing.set(user.id, stage);
			}
			if (this.contentProvider.wsconnected && presence) ids.add(me.id);
			// Pointers move many times a second; who is here and where they look changes rarely.
			const signature = JSON.stringify([[...ids], [...viewing]]);
			if (signature === seen) return;
			seen = signature;
			this.online = ids;
			this.viewing = viewing;
		};
		this.contentProvider.awareness.on('change', updateOnline);
		this.contentProvider.on('status', updateOnline);
		this.cleanup.push(
			this.presenceStream.onRoster(({ stages }) => {
				updateOnline();
				this.stages = new Map(stages);
			})
		);

		// Every co-edited collection, mirrored into reactive state.
		const watch = <T extends Authored>(collection: Collection<T>, assign: (items: T[]) => void) => {
			const read = () => assign(collection.list());
			this.cleanup.push(collection.observe(read));
			read();
		};
		watch(content.phrasings(this.content), (items) => (this.phrasings = items));
		watch(content.scenarios(this.content), (items) => (this.scenarios = items));
		watch(content.glossary(this.content), (items) => (this.glossary = items));
		watch(content.metrics(this.content), (items) => (this.metrics = items));
		watch(content.handoff(this.content), (items) => (this.handoff = items));
		watch(content.timeline(this.content), (items) => (this.milestones = items));
		const readCampaign = () => (this.campaign = content.campaign.read(this.content));
		this.cleanup.push(content.campaign.observe(this.content, readCampaign));
		readCampaign();
		this.draft = new DraftState(this.content, this.control);
		this.cleanup.push(() => this.draft.destroy());

		// Removed by the facilitator (4403, also sent when a removed session reconnects) or the
		// workshop deleted (4404): stop reconnecting and say so, instead of "Offline".
		const onClose = (event: CloseEvent | null) => {
			if (event && FINAL_CLOSE_CODES.has(event.code)) {
				if (event.code === CloseCode.removed) this.removed = true;
				else this.deleted = true;
				this.contentProvider.disconnect();
				this.controlProvider.disconnect();
				updateStatus();
			}
		};
		this.contentProvider.on('connection-close', onClose);
		this.controlProvider.on('connection-close', onClose);
		// Jitter: y-websocket backs off exponentially but in lockstep; after a server restart a
		// whole room would reconnect in waves. Each retry waits a random 50–100% of its step.
		for (const provider of [this.contentProvider, this.controlProvider]) {
			provider.on('connection-close', () => {
				const step = Math.min(2 ** (provider.wsUnsuccessfulReconnects + 1) * 100, MAX_BACKOFF_MS);
				provider.maxBackoffTime = Math.round(step * (0.5 + Math.random() / 2));
			});
		}
		const resync = () => void this.measureClock();
		this.controlProvider.on('sync', resync);
		if (network) void this.measureClock();
	}

	/** This person's role as the room knows it now (a participant can be promoted). */
	get role(): Role {
		return this.controlState.participants.find((p) => p.id === this.me.id)?.role ?? this.me.role;
	}

	/** The server's time now, as this client best knows it. */
	serverNow(): number {
		return Date.now() + this.clockOffset;
	}

	/** A few round trips to /api/time; keep the offset of the quickest. */
	private async measureClock(): Promise<void> {
		const samples: ClockSample[] = [];
		for (let i = 0; i < 5; i++) {
			try {
				const t0 = Date.now();
				const response = await fetch('/api/time', { cache: 'no-store' });
				const { now } = (await response.json()) as { now: number };
				samples.push({ t0, serverTime: now, t1: Date.now() });
			} catch {
				return;
			}
		}
		this.clockOffset = clockOffset(samples);
	}

	/** Tell others which stage this person is looking at. */
	setViewing(stageId: string): void {
		if (this.presence) this.contentProvider.awareness.setLocalStateField('stage', stageId);
	}

	get awareness() {
		return this.contentProvider.awareness;
	}

	destroy(): void {
		this.destroyed = true;
		for (const fn of this.cleanup) fn();
		this.contentProvider.destroy();
		this.controlProvider.destroy();
		for (const cache of this.caches) void cache.destroy();
		this.content.destroy();
		this.control.destroy();
	}
}
