/**
 * The shape of an intent handler, shared by every group of intents, and the
 * steps every intent runs through: AUTHORISE (role), PARSE (the payload against
 * its schema in src/lib/protocol/intents.ts), VALIDATE (against the current
 * state), then APPLY (storage, `control`, effects).
 */
import type * as Y from 'yjs';
import { docName, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import type { Role } from '../../src/lib/domain/teams.js';
import { PERMISSIONS } from '../../src/lib/domain/permissions.js';
import { parseIntent, type IntentBody, type IntentType } from '../../src/lib/protocol/intents.js';
import { fail, ok, type Result } from '../result.js';
import type { JobPool } from '../jobs/pool.js';
import { log } from '../log.js';
import type { Rooms } from '../rooms.js';
import type { RecordStore } from '../storage/storage.js';
import type { SyncEndpoint } from '../sync.js';
import type { Authenticated } from '../workshops.js';

export interface IntentContext {
	rooms: Rooms;
	storage: RecordStore;
	/** Only what intents ask of the sockets. */
	sync: Pick<SyncEndpoint, 'closeParticipant' | 'setFrozen' | 'breakoutChanged'>;
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
	/** Field logs one person may keep in a workshop, and a workshop in all (409 `too-many-logs`). */
	maxFieldLogsPerPerson: number;
	maxFieldLogs: number;
	/** Metric values per workshop (409 `too-many-metric-values`). */
	maxMetricValues: number;
	/** Field writes (logs, deletions, metric values) per person per minute (429 `slow-down`). */
	fieldWritesPerMinute: number;
}

/** Intent `T`'s steps; `P` is what validation hands to the writes, `Prep` what `prepare` read. */
export interface IntentHandler<T extends IntentType, P, Prep> {
	/** Who may send it. */
	roles: readonly Role[];
	validate(body: IntentBody<T>, state: ControlState, auth: Authenticated, now: number, prepared: Prep): Result<P>;
	/**
	 * Storage writes the intent stands on, before `control` is written: when one fails, the
	 * intent fails and `control` says nothing it does not hold (no version listed but not
	 * stored, nobody shown removed but still admitted, no note counted but missing).
	 * It may return the payload with what storage answered (e.g. how many have voted now).
	 */
	store?(ctx: IntentContext, payload: P, auth: Authenticated): Promise<P | void>;
	/** Writes `control`; `state` is read again after `store`. */
	apply(doc: Y.Doc, payload: P, state: ControlState, auth: Authenticated, now: number): void;
	/** Work that follows the write (other documents, sockets). */
	effects?(ctx: IntentContext, payload: P, auth: Authenticated): Promise<void>;
}

export interface PreparedIntentHandler<T extends IntentType, P, Prep> extends IntentHandler<T, P, Prep> {
	/** Reads outside `control` that validation needs (other documents, storage), before the transaction. */
	prepare(ctx: IntentContext, body: IntentBody<T>, auth: Authenticated): Promise<Prep>;
}

/** A handler with its payload types closed over, so the handlers of every intent fit in one table. */
export interface Intent<T extends IntentType> {
	type: T;
	roles: readonly Role[];
	run(ctx: IntentContext, auth: Authenticated, payload: unknown): Promise<Result<{ applied: T }>>;
}

export const FACILITATOR: readonly Role[] = PERMISSIONS.facilitate;
export const EDITORS: readonly Role[] = PERMISSIONS.contribute;

/** Refusals counted in /metrics as quotas. */
const QUOTA_CODES = new Set(['too-many-versions', 'versions-too-large', 'too-many-notes', 'too-many-logs', 'too-many-metric-values']);

/** Why a role may not send an intent, in words for that role. */
function refusal(roles: readonly Role[], role: Role): string {
	if (role === 'field') return 'With the field link you can log from the field; the workshop itself is edited by the people in the room.';
	return roles === FACILITATOR ? 'Only a facilitator can do that.' : 'Observers cannot do that.';
}

/** `handler('stage.set')<Payload>({...})`: an intent that needs nothing read before validation. */
export const handler =
	<T extends IntentType>(type: T) =>
	<P>(steps: IntentHandler<T, P, undefined>): Intent<T> =>
		intent(type, { ...steps, prepare: async () => undefined });

/** `preparedHandler('vote.open')<Payload, Prepared>({...})`: an intent whose validation needs reads first. */
export const preparedHandler =
	<T extends IntentType>(type: T) =>
	<P, Prep>(steps: PreparedIntentHandler<T, P, Prep>): Intent<T> =>
		intent(type, steps);

function intent<T extends IntentType, P, Prep>(type: T, h: PreparedIntentHandler<T, P, Prep>): Intent<T> {
	return {
		type,
		roles: h.roles,
		async run(ctx, auth, payload) {
			// AUTHORISE
			if (!h.roles.includes(auth.participant.role)) {
				return fail(403, 'forbidden', refusal(h.roles, auth.participant.role));
			}

			// PARSE the payload's shape and limits, once; the handler gets it typed.
			const parsed = parseIntent(type, payload);
			if (!parsed.ok) return fail(400, parsed.problem.code, parsed.problem.message);
			const body = parsed.value;

			// VALIDATE against the state at this moment.
			let prepared: Prep;
			try {
				prepared = await h.prepare(ctx, body, auth);
			} catch (error) {
				log.error(`intent ${type}: storage could not read what validation needs; nothing changed`, error);
				return fail(503, 'not-read', 'The server could not check this change just now, so nothing changed. Try again in a moment.');
			}
			const now = ctx.now();
			const control = docName(auth.workshop.id, 'control');
			const result = await ctx.rooms.withDoc(control, (doc) => h.validate(body, readControl(doc), auth, now, prepared));
			if (!result.ok) {
				if (QUOTA_CODES.has(result.error.code)) ctx.onQuotaRefused(result.error.code);
				return result;
			}

			// APPLY: storage first, so a failed write leaves `control` as it was. Intents of a
			// workshop run one at a time, so nothing else changed the state in between.
			let value = result.value;
			try {
				value = (await h.store?.(ctx, value, auth)) ?? value;
			} catch (error) {
				log.error(`intent ${type}: storage refused its write; control left as it was`, error);
				return fail(503, 'not-saved', 'The server could not save this change, so nothing changed. Try again in a moment.');
			}
			await ctx.rooms.withDoc(control, (doc) => h.apply(doc, value, readControl(doc), auth, now));
			await h.effects?.(ctx, value, auth);
			return ok({ applied: type });
		}
	};
}
