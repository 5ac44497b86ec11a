/** The shape of an intent handler, shared by every group of intents. */
import type * as Y from 'yjs';
import type { ControlState } from '../../src/lib/doc/schema.js';
import type { Role } from '../../src/lib/domain/teams.js';
import type { Result } from '../result.js';
import type { Rooms } from '../rooms.js';
import type { Storage } from '../storage/storage.js';
import type { SyncEndpoint } from '../sync.js';
import type { Authenticated } from '../workshops.js';

export interface IntentContext {
	rooms: Rooms;
	storage: Storage;
	sync: SyncEndpoint;
	now(): number;
	/** A team's results are published only when at least this many of its members took part. */
	minTeamVoters: number;
	/** Other instances serve the same workshops (Redis fan-out on). */
	shared: boolean;
}

export interface IntentHandler<P, Prep = undefined> {
	/** Who may send it. */
	roles: readonly Role[];
	/** Reads outside `control` that validation needs (other documents, storage), before the transaction. */
	prepare?(ctx: IntentContext, body: Record<string, unknown>, auth: Authenticated): Promise<Prep>;
	validate(body: Record<string, unknown>, state: ControlState, auth: Authenticated, now: number, prepared: Prep): Result<P>;
	apply(doc: Y.Doc, payload: P, state: ControlState, auth: Authenticated, now: number): void;
	/** Work beyond `control` (other documents, storage, sockets), after the write. */
	effects?(ctx: IntentContext, payload: P, auth: Authenticated): Promise<void>;
}

export const FACILITATOR: readonly Role[] = ['facilitator'];
export const EDITORS: readonly Role[] = ['facilitator', 'participant'];

export function handler<P, Prep = undefined>(h: IntentHandler<P, Prep>): IntentHandler<unknown> {
	return h as unknown as IntentHandler<unknown>;
}
