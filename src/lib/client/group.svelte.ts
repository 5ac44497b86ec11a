/**
 * The browser's connection to one breakout group's draft: its own Y.Doc (shaped like `content`),
 * WebSocket provider on `group-<id>` and offline cache, with the reactive state the Draft stage's
 * components read. `scopeToGroup` hands those components a workshop connection whose document is
 * this group's, so LineEditor, ClaimList and Board work on it unchanged.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { groupDocKind } from '$lib/doc/schema';
import { styleOf } from '$lib/domain/teams';
import { CloseCode, FINAL_CLOSE_CODES, type PresenceIdentity } from '$lib/protocol/wire';
import { DraftReader, DraftState } from './draftState.svelte';
import { streamPresence, type PresenceStream } from './presenceStream';
import type { WorkshopConnection } from './workshop.svelte';

const MAX_BACKOFF_MS = 5000;
const CACHE_WAIT_MS = 1500;

export class GroupDraft extends DraftReader {
	readonly content = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** Compact presence on the group's document: its carets and pointers, and who is in the group. */
	readonly presenceStream: PresenceStream;
	online = $state(false);
	synced = $state(false);
	/** The server closed this document for this person (moved to another group): it stays closed. */
	lost = $state(false);
	/** Claims, notes, canvas, version and balance of the group's document, as for the room's. */
	readonly draft: DraftState;

	private readonly cache: IndexeddbPersistence | null;
	private readonly cleanup: Array<() => void> = [];
	private destroyed = false;

	constructor(
		readonly workshop: WorkshopConnection,
		readonly groupId: string
	) {
		super();
		// A component test's connection has no network: neither has its group's draft.
		const network = workshop.network;
		const { workshopId, me } = workshop;
		const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync/${workshopId}`;
		this.provider = new WebsocketProvider(base, groupDocKind(groupId), this.content, { maxBackoffTime: MAX_BACKOFF_MS, connect: false });
		this.presenceStream = streamPresence(this.provider);
		// Carets in a group's lines are its members' (and a visiting facilitator's).
		if (workshop.presence) {
			this.provider.awareness.setLocalStateField('user', { id: me.id, name: me.name, team: me.team, role: me.role, color: styleOf(me.team).color } satisfies PresenceIdentity);
		} else {
			this.provider.awareness.setLocalState(null);
		}
		this.cache = network ? new IndexeddbPersistence(`plumbline:${workshopId}:${groupDocKind(groupId)}`, this.content) : null;
		// As for the room's documents: connect once the cache is in, so cached edits travel in the handshake.
		void Promise.race([this.cache?.whenSynced ?? Promise.resolve(), new Promise((resolve) => setTimeout(resolve, CACHE_WAIT_MS))])
			.catch(() => {})
			.then(() => {
				if (!this.destroyed && network) this.provider.connect();
			});
		this.provider.on('status', () => (this.online = this.provider.wsconnected));
		this.provider.on('sync', () => (this.synced = this.provider.synced));
		// Moved to another group (4002), removed or deleted: this document is no longer ours to follow.
		// The round in `control` says which group to open instead.
		this.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event && (event.code === CloseCode.groupChanged || FINAL_CLOSE_CODES.has(event.code))) {
				this.lost = true;
				this.provider.disconnect();
			}
		});

		this.draft = new DraftState(this.content, workshop.control);
		this.cleanup.push(() => this.draft.destroy());
	}

	get awareness() {
		return this.provider.awareness;
	}
	destroy(): void {
		this.destroyed = true;
		for (const fn of this.cleanup) fn();
		this.provider.destroy();
		void this.cache?.destroy();
		this.content.destroy();
	}
}

/** What a group's draft replaces in the workshop connection; everything else (control, me, clock) is the room's. */
const SCOPED = new Set<PropertyKey>(['content', 'awareness', 'presenceStream', 'claimIds', 'notes', 'version', 'balance', 'places', 'clusters', 'connectors', 'lines']);

/**
 * The workshop connection as the components under a group's draft see it: the group's document
 * and its derived state, the room's control, identity and clock. A Proxy rather than a copy, so
 * reactive reads on either side stay live.
 */
export function scopeToGroup(workshop: WorkshopConnection, draft: GroupDraft): WorkshopConnection {
	return new Proxy(workshop, {
		get(target, key) {
			const owner = SCOPED.has(key) ? draft : target;
			const value: unknown = Reflect.get(owner, key);
			// Methods run on their own object: Svelte's $state fields are private and refuse a Proxy as `this`.
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(owner) : value;
		},
		set(target, key, value) {
			return Reflect.set(SCOPED.has(key) ? draft : target, key, value);
		}
	});
}
