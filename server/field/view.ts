/**
 * GET /api/workshops/:id/field (issue 21): the field view for everyone in the workshop,
 * live by long-poll. The figures are computed at most once per revision and at most once a
 * second per workshop (a busy field gets a view at most a second old), and shared by every
 * asker; `mine` and `may` are added per asker. A poll with `after` equal to the current
 * revision waits on the control document — which other instances' writes reach through the
 * fan-out while this instance holds the room — until the revision moves, ~25 s pass or the
 * client goes away.
 */
import type * as Y from 'yjs';
import { docName, readControl, type ControlState, type FieldCounts, type FieldPhase } from '../../src/lib/doc/schema.js';
import { fieldInvitePath, type FieldResponse } from '../../src/lib/api.js';
import { mayLogField } from '../../src/lib/domain/fieldLogs.js';
import { may, mayExport } from '../../src/lib/domain/permissions.js';
import { fail, ok, type Result } from '../result.js';
import type { Room, Rooms } from '../rooms.js';
import type { FieldLogRecord, FieldStore } from '../storage/storage.js';
import { removedFailure, type Authenticated } from '../workshops.js';
import { computeField, ownLogs, type Computed } from './compute.js';
import { nextRoundSeeds, type InsightSeed } from '../../src/lib/domain/fieldDigest.js';

export interface FieldViewOptions {
	/** How long a poll waits for a change before answering 204. */
	waitMs: number;
	/** Polls waiting at once in this process; beyond it a poll is answered at once (204). */
	maxWaiters: number;
	/** The least time between two computations of one workshop's view. */
	minIntervalMs: number;
	/** Workshops whose last view is kept in memory. */
	cachedWorkshops: number;
	now: () => number;
	/** Whether the asker's session still stands (a poll that waited through `field.removeMember` must not answer a removed member). */
	stillAdmitted: (auth: Authenticated) => Promise<boolean>;
}

export const FIELD_VIEW_DEFAULTS: FieldViewOptions = { waitMs: 25_000, maxWaiters: 5_000, minIntervalMs: 1_000, cachedWorkshops: 50, now: Date.now, stillAdmitted: async () => true };

/**
 * A workshop's logs as last read, so the next revision reads only the rows written since
 * (reading and parsing 20,000 logs is most of a cold view's time).
 */
interface LogCache {
	byId: Map<string, FieldLogRecord>;
	/** The newest `updatedAt` read. */
	newest: number;
}
/** The catch-up re-reads this far behind the newest write seen: instances' clocks differ, and writes share milliseconds. */
const CATCH_UP_OVERLAP_MS = 60_000;
/** Logs kept in memory across workshops (a few hundred bytes each); a bigger field is read whole each time. */
const CACHED_LOGS_MAX = 100_000;

interface Entry {
	/** The revision and phase the figures were computed for. */
	key: string;
	computedAt: number;
	computed: Computed | null;
	pending: Promise<Computed> | null;
}

/** One observer per workshop, however many polls wait on it. */
interface Watch {
	room: Room;
	waiting: Set<(state: ControlState) => void>;
	off: () => void;
}

const keyOf = (phase: FieldPhase, counts: FieldCounts) => `${counts.revision}:${phase.versionId}:${phase.openedAt}:${phase.status}`;

export class FieldViews {
	private readonly entries = new Map<string, Entry>();
	private readonly logs = new Map<string, LogCache>();
	private readonly watches = new Map<string, Watch>();
	private waiters = 0;
	/** Shutting down answers every waiting poll at once. */
	private readonly closing = new AbortController();
	private readonly options: FieldViewOptions;

	constructor(
		private readonly rooms: Rooms,
		private readonly store: FieldStore,
		/** The field link's secret at the phase's link version (server/auth.ts), for facilitators' `fieldUrl`. */
		private readonly fieldSecret: (workshopId: string, linkVersion?: number) => string | null,
		options: Partial<FieldViewOptions> = {}
	) {
		this.options = { ...FIELD_VIEW_DEFAULTS, ...options };
	}

	/** Answer every waiting poll (204) and take no more waits: the server is stopping. */
	close(): void {
		this.closing.abort();
	}

	/** Polls waiting now (metrics, tests). */
	get waiting(): number {
		return this.waiters;
	}

	/** The view, or null for "nothing moved" (204). `origin` makes the facilitator's field link absolute. */
	async read(auth: Authenticated, after: number | null, signal: AbortSignal | undefined, origin: string): Promise<Result<FieldResponse | null>> {
		const workshopId = auth.workshop.id;
		let control = await this.control(workshopId);
		if (!control.field) return fail(409, 'field-not-open', 'The facilitator has not opened the field phase yet.');
		if (after !== null && after === control.fieldCounts.revision) {
			const members = control.fieldCounts.fieldMembers;
			const moved = await this.waitForChange(workshopId, after, signal);
			if (!moved) return ok(null);
			control = await this.control(workshopId);
			if (!control.field) return fail(409, 'field-not-open', 'The facilitator has not opened the field phase yet.');
			// Someone was removed while this poll waited: it may have been the asker (checked only then, so a busy field pays nothing).
			if (control.fieldCounts.fieldMembers < members && auth.participant.role === 'field' && !(await this.options.stillAdmitted(auth))) return removedFailure();
		}
		const phase = control.field;
		const computed = await this.figures(workshopId, phase, control.fieldCounts);
		const { participant } = auth;
		const now = this.options.now();
		const facilitates = may(participant.role, 'facilitate');
		return ok({
			revision: control.fieldCounts.revision,
			phase,
			counts: control.fieldCounts,
			...computed.shared,
			mine: ownLogs(computed, participant, now),
			may: {
				log: mayLogField(participant.role) && phase.status === 'open',
				enterMetrics: may(participant.role, 'contribute'),
				facilitate: facilitates,
				downloadDigest: participant.role !== 'field' && mayExport({ role: participant.role, team: participant.team, isSigner: control.signers.includes(participant.id) }, control.exportPolicy)
			},
			fieldUrl: facilitates ? this.fieldLink(workshopId, phase.linkVersion, origin) : null
		});
	}

	/** The next round's insight notes from this field: failing claims and top objections. */
	async seeds(workshopId: string): Promise<Result<InsightSeed[]>> {
		const control = await this.control(workshopId);
		if (!control.field) return fail(409, 'field-not-open', 'The facilitator has not opened the field phase yet.');
		return ok(nextRoundSeeds((await this.figures(workshopId, control.field, control.fieldCounts)).shared.view));
	}

	private fieldLink(workshopId: string, linkVersion: number | undefined, origin: string): string | null {
		const secret = this.fieldSecret(workshopId, linkVersion);
		return secret === null ? null : origin + fieldInvitePath(workshopId, secret);
	}

	/**
	 * The shared figures for this revision: cached, computed once however many ask, at most once
	 * per interval. Figures as new as the asked revision or newer answer it (a busy field never
	 * makes an asker wait for a quiet moment).
	 */
	async figures(workshopId: string, phase: FieldPhase, counts: FieldCounts): Promise<Computed> {
		const key = keyOf(phase, counts);
		for (;;) {
			const entry = this.entries.get(workshopId);
			if (entry?.computed && atLeast(entry.key, key)) return entry.computed;
			if (entry?.pending) {
				await entry.pending.catch(() => undefined);
				continue;
			}
			const next: Entry = { key: entry?.key ?? '', computedAt: entry?.computedAt ?? 0, computed: entry?.computed ?? null, pending: null };
			next.pending = this.compute(workshopId, next).finally(() => (next.pending = null));
			this.remember(workshopId, next);
			return next.pending;
		}
	}

	private async compute(workshopId: string, entry: Entry): Promise<Computed> {
		const wait = entry.computedAt + this.options.minIntervalMs - this.options.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		// The revision is read before the records: the figures are at least as new as the key says.
		const control = await this.control(workshopId);
		const phase = control.field;
		if (!phase) throw new Error('the field phase is gone');
		const [records, values] = await Promise.all([this.records(workshopId), this.store.listMetricValues(workshopId)]);
		const now = this.options.now();
		const computed = computeField(phase, records, values, now);
		Object.assign(entry, { key: keyOf(phase, control.fieldCounts), computedAt: now, computed });
		return computed;
	}

	/**
	 * Every log of the workshop: what the cache holds plus the rows written since. When the
	 * number stored disagrees with the cache (a deletion, a write the overlap missed) everything
	 * is read again.
	 */
	private async records(workshopId: string): Promise<FieldLogRecord[]> {
		const cached = this.logs.get(workshopId);
		if (cached) {
			this.logs.delete(workshopId);
			const [changed, stored] = await Promise.all([this.store.listFieldLogs(workshopId, { updatedSince: cached.newest - CATCH_UP_OVERLAP_MS }), this.store.countFieldLogs(workshopId)]);
			for (const record of changed) {
				cached.byId.set(record.log.id, record);
				if (record.updatedAt > cached.newest) cached.newest = record.updatedAt;
			}
			if (cached.byId.size === stored) {
				this.logs.set(workshopId, cached);
				return [...cached.byId.values()];
			}
		}
		const all = await this.store.listFieldLogs(workshopId);
		this.keepLogs(workshopId, all);
		return all;
	}

	private keepLogs(workshopId: string, records: readonly FieldLogRecord[]): void {
		if (records.length > CACHED_LOGS_MAX) return;
		let total = records.length;
		for (const cache of this.logs.values()) total += cache.byId.size;
		// The least recently read workshops leave first.
		for (const [id, cache] of this.logs) {
			if (total <= CACHED_LOGS_MAX) break;
			this.logs.delete(id);
			total -= cache.byId.size;
		}
		let newest = 0;
		for (const record of records) if (record.updatedAt > newest) newest = record.updatedAt;
		this.logs.set(workshopId, { byId: new Map(records.map((r) => [r.log.id, r])), newest });
	}

	private remember(workshopId: string, entry: Entry): void {
		this.entries.delete(workshopId);
		this.entries.set(workshopId, entry);
		// The oldest asked-for workshop leaves first (a Map keeps insertion order).
		while (this.entries.size > this.options.cachedWorkshops) this.entries.delete(this.entries.keys().next().value!);
	}

	private async control(workshopId: string): Promise<ControlState> {
		const room = await this.rooms.acquire(docName(workshopId, 'control'));
		try {
			return readControl(room.doc);
		} finally {
			this.rooms.release(room);
		}
	}

	/** True when the revision (or the phase) moved; false after the wait, when the client left or too many wait. */
	private async waitForChange(workshopId: string, after: number, signal: AbortSignal | undefined): Promise<boolean> {
		if (this.waiters >= this.options.maxWaiters || signal?.aborted || this.closing.signal.aborted) return false;
		this.waiters += 1;
		let watch: Watch | null = null;
		try {
			watch = await this.watch(workshopId);
			const { room, waiting } = watch;
			return await new Promise<boolean>((resolve) => {
				const first = readControl(room.doc);
				const phaseKey = (state: ControlState) => (state.field ? keyOf(state.field, { ...state.fieldCounts, revision: 0 }) : '');
				const check = (state: ControlState) => {
					if (state.fieldCounts.revision !== after || phaseKey(state) !== phaseKey(first)) finish(true);
				};
				const finish = (moved: boolean) => {
					clearTimeout(timer);
					waiting.delete(check);
					signal?.removeEventListener('abort', gone);
					this.closing.signal.removeEventListener('abort', gone);
					resolve(moved);
				};
				const gone = () => finish(false);
				const timer = setTimeout(() => finish(false), this.options.waitMs);
				signal?.addEventListener('abort', gone);
				this.closing.signal.addEventListener('abort', gone);
				waiting.add(check);
				// A change between reading the revision and watching is not missed.
				if (first.fieldCounts.revision !== after) finish(true);
			});
		} finally {
			this.waiters -= 1;
			if (watch) this.unwatch(workshopId, watch);
		}
	}

	private async watch(workshopId: string): Promise<Watch> {
		const known = this.watches.get(workshopId);
		if (known) return known;
		// Holding the room keeps it loaded, and subscribed to the other instances' updates.
		const room = await this.rooms.acquire(docName(workshopId, 'control'));
		const raced = this.watches.get(workshopId);
		if (raced) {
			this.rooms.release(room);
			return raced;
		}
		const waiting: Watch['waiting'] = new Set();
		// Read once per change of `control`, whatever the number of polls waiting on it.
		const onUpdate = () => {
			if (waiting.size === 0) return;
			const state = readControl(room.doc);
			for (const check of [...waiting]) check(state);
		};
		const doc: Y.Doc = room.doc;
		doc.on('afterTransaction', onUpdate);
		const watch: Watch = { room, waiting, off: () => doc.off('afterTransaction', onUpdate) };
		this.watches.set(workshopId, watch);
		return watch;
	}

	private unwatch(workshopId: string, watch: Watch): void {
		if (watch.waiting.size > 0 || this.watches.get(workshopId) !== watch) return;
		this.watches.delete(workshopId);
		watch.off();
		this.rooms.release(watch.room);
	}
}

/** Whether figures computed for `cached` answer a request for `asked`: the same phase, a revision at least as new. */
function atLeast(cached: string, asked: string): boolean {
	const [cachedRevision, ...cachedPhase] = cached.split(':');
	const [askedRevision, ...askedPhase] = asked.split(':');
	return cachedPhase.join(':') === askedPhase.join(':') && Number(cachedRevision) >= Number(askedRevision);
}
