/**
 * The browser's live connection to one workshop: the two Yjs documents, their
 * offline cache, the WebSocket providers, and reactive state for the UI.
 * Created in onMount only (it touches IndexedDB and WebSocket).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { readControl, type ControlState, type DocKind } from '$lib/doc/schema';
import { styleOf } from '$lib/domain/teams';
import type { Me } from '$lib/api';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** Presence as the server stamped it into awareness. */
export interface PresenceUser {
	id: string;
	name: string;
	team: string | null;
	role: string;
	color: string;
}

const EMPTY_CONTROL: ControlState = {
	agenda: [],
	currentStageId: '',
	frozen: false,
	timer: null,
	participants: [],
	votes: [],
	signoffs: []
};

export class WorkshopConnection {
	readonly content = new Y.Doc();
	readonly control = new Y.Doc();
	readonly contentProvider: WebsocketProvider;
	readonly controlProvider: WebsocketProvider;

	status: ConnectionStatus = $state('connecting');
	/** Both documents have completed a sync with the server at least once. */
	synced = $state(false);
	/** The local cache has been read: text typed in an earlier visit is on screen. */
	restored = $state(false);
	controlState: ControlState = $state(EMPTY_CONTROL);
	/** Participant ids with at least one open connection. */
	online: Set<string> = $state(new Set());

	private readonly caches: IndexeddbPersistence[];
	private readonly cleanup: Array<() => void> = [];
	private everOnline = false;

	constructor(
		readonly workshopId: string,
		readonly me: Me
	) {
		const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync/${workshopId}`;
		// The session cookie authenticates the upgrade; no token in the URL.
		this.contentProvider = new WebsocketProvider(base, 'content' satisfies DocKind, this.content, { maxBackoffTime: 5000 });
		this.controlProvider = new WebsocketProvider(base, 'control' satisfies DocKind, this.control, { maxBackoffTime: 5000 });
		// Presence lives on `content` only.
		this.controlProvider.awareness.setLocalState(null);
		const style = styleOf(me.team);
		this.contentProvider.awareness.setLocalStateField('user', {
			id: me.id,
			name: me.name,
			team: me.team,
			role: me.role,
			color: style.color
		} satisfies PresenceUser);

		this.caches = [
			new IndexeddbPersistence(`plumbline:${workshopId}:content`, this.content),
			new IndexeddbPersistence(`plumbline:${workshopId}:control`, this.control)
		];
		void Promise.all(this.caches.map((cache) => cache.whenSynced)).then(() => (this.restored = true));

		// "connecting" until the first connection; after that, any loss shows as offline.
		const updateStatus = () => {
			const connected = this.contentProvider.wsconnected && this.controlProvider.wsconnected;
			if (connected) this.everOnline = true;
			this.status = connected ? 'online' : this.everOnline || navigator.onLine === false ? 'offline' : 'connecting';
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

		const updateControl = () => (this.controlState = readControl(this.control));
		this.control.on('update', updateControl);
		updateControl();

		const updateOnline = () => {
			const ids = new Set<string>();
			for (const state of this.contentProvider.awareness.getStates().values()) {
				const user = (state as { user?: PresenceUser }).user;
				if (user?.id) ids.add(user.id);
			}
			if (this.contentProvider.wsconnected) ids.add(me.id);
			this.online = ids;
		};
		this.contentProvider.awareness.on('change', updateOnline);
		this.contentProvider.on('status', updateOnline);
	}

	get awareness() {
		return this.contentProvider.awareness;
	}

	destroy(): void {
		for (const fn of this.cleanup) fn();
		this.contentProvider.destroy();
		this.controlProvider.destroy();
		for (const cache of this.caches) void cache.destroy();
		this.content.destroy();
		this.control.destroy();
	}
}
