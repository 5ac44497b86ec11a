/** The shape of an intent handler, shared by every group of intents. */
import type * as Y from 'yjs';
import type { ControlState } from '../../src/lib/doc/schema.js';
import type { Role } from '../../src/lib/domain/teams.js';
import type { Result } from '../result.js';
import type { JobPool } from '../jobs/pool.js';
import type { Rooms } from '../rooms.js';
import type { RecordStore } from '../storage/storage.js';
import type { SyncEndpoint } from '../sync.js';
import type { Authenticated } from '../workshops.js';

export interface IntentContext {
	rooms: Rooms;
	storage: RecordStore;
	sync: SyncEndpoint;
	now(): number;
	/** A team's results are published only when at least this many of its members took part. */
	minTeamVoters: number;
	/** Other instances serve the same workshops (Redis fan-out on). */
	shared: boolean;
	/** Worker threads for heavy work (a version's export and hash). */
	jobs: JobPool;
	quotas: Quotas;
	/** Counted in /metrics. */
	onQuotaRefused(quota: string): void;
}

export interface Quotas {
	maxVersions: number;
	maxVersionBytes: number;
	/** Per person per private round. */
	maxPrivateNotes: number;
}

export interface IntentHandler<P, Prep = undefined> {
	/** Who may send it. */
	roles: readonly Role[];
	/** Reads outside `control` that validation needs (other documents, storage), before the transaction. */
	prepare?(ctx: IntentContext, body: Record<string, unknown>, auth: Authenticated): Promise<Prep>;
	validate(body: Record<string, unknown>, state: ControlState, auth: Authenticated, now: number, prepared: Prep): Result<P>;
	/**
	 * Storage writes the intent stands on, before `control` is written: when one fails, the
	 * intent fails and `control` says nothing it does not hold (no version listed but not
	 * stored, nobody shown removed but still admitted, no note counted but missing).
	 */
	store?(ctx: IntentContext, payload: P, auth: Authenticated): Promise<void>;
	/** Writes `control`; `state` is read again after `store`. */
	apply(doc: Y.Doc, payload: P, state: ControlState, auth: Authenticated, now: number): void;
	/** Work that follows the write (other documents, sockets). */
	effects?(ctx: IntentContext, payload: P, auth: Authenticated): Promise<void>;
}

export const FACILITATOR: readonly Role[] = ['facilitator'];
export const EDITORS: readonly Role[] = ['facilitator', 'participant'];

export function handler<P, Prep = undefined>(h: IntentHandler<P, Prep>): IntentHandler<unknown> {
	return h as unknown as IntentHandler<unknown>;
}
