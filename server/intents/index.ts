/**
 * Intents: the only way anyone changes the `control` document. Each is checked
 * in three visible steps — AUTHORISE (role), VALIDATE (payload against the
 * current state), APPLY (server writes) — inside one transaction. Intents of one
 * workshop run one at a time, so a vote cannot close between a ballot's check
 * and its storage: queued in this process, and across instances under a storage
 * lock, after reading back what another instance's last intent stored. One turn
 * of the lock serves every intent waiting here (up to a bound, so another
 * instance's queue gets its turn): a burst of ballots pays for the lock and the
 * read-back once, not once per ballot.
 */
import { docName, readControl } from '../../src/lib/doc/schema.js';
import { asObject, fail, ok, type Result } from '../result.js';
import type { Authenticated } from '../workshops.js';
import { log } from '../log.js';
import { ballotIntents } from './ballots.js';
import { FACILITATOR, type IntentContext, type IntentHandler } from './handler.js';
import { roomIntents } from './room.js';
import { signoffIntents } from './signoff.js';

export type { IntentContext } from './handler.js';

const HANDLERS: Record<string, IntentHandler<unknown>> = { ...roomIntents, ...ballotIntents, ...signoffIntents };

export const INTENT_TYPES = Object.keys(HANDLERS);

/** Refusals counted in /metrics as quotas. */
const QUOTA_CODES = new Set(['too-many-versions', 'versions-too-large', 'too-many-notes']);

/** At most this many intents of one workshop run per turn of the storage lock. */
const INTENTS_PER_TURN = 50;

interface Waiting {
	auth: Authenticated;
	input: unknown;
	resolve(result: Result<{ applied: string }>): void;
	reject(error: unknown): void;
}

export class Intents {
	/** Intents waiting per workshop; a workshop has an entry while its drain loop runs. */
	private readonly queues = new Map<string, Waiting[]>();

	constructor(private readonly ctx: IntentContext) {}

	apply(auth: Authenticated, input: unknown): Promise<Result<{ applied: string }>> {
		return new Promise((resolve, reject) => {
			const workshopId = auth.workshop.id;
			const queue = this.queues.get(workshopId);
			if (queue) return void queue.push({ auth, input, resolve, reject });
			this.queues.set(workshopId, [{ auth, input, resolve, reject }]);
			void this.drain(workshopId);
		});
	}

	private async drain(workshopId: string): Promise<void> {
		const queue = this.queues.get(workshopId)!;
		while (queue.length > 0) {
			const turn = queue.splice(0, INTENTS_PER_TURN);
			try {
				await this.ctx.storage.exclusive(`intents:${workshopId}`, async () => {
					// Another instance's intent may have finished a moment ago: its write is stored
					// (intents wait for durability), but its fan-out message may still be on the way.
					if (this.ctx.shared) await this.ctx.rooms.catchUp(docName(workshopId, 'control'));
					for (let waiting = turn.shift(); waiting; waiting = turn.shift()) {
						await this.run(waiting.auth, waiting.input).then(waiting.resolve, waiting.reject);
					}
				});
			} catch (error) {
				// The lock or the read-back failed: what did not run is answered with the error.
				for (const waiting of turn) waiting.reject(error);
			}
		}
		this.queues.delete(workshopId);
	}

	private async run(auth: Authenticated, input: unknown): Promise<Result<{ applied: string }>> {
		const body = asObject(input);
		const type = typeof body.type === 'string' ? body.type : '';
		const intent = Object.hasOwn(HANDLERS, type) ? HANDLERS[type] : undefined;
		if (!intent) return fail(400, 'unknown-intent', `Unknown intent "${type.slice(0, 40)}". Known: ${INTENT_TYPES.join(', ')}.`);

		// AUTHORISE
		if (!intent.roles.includes(auth.participant.role)) {
			return fail(403, 'forbidden', intent.roles === FACILITATOR ? 'Only a facilitator can do that.' : 'Observers cannot do that.');
		}

		// VALIDATE against the state at this moment.
		const prepared = await intent.prepare?.(this.ctx, body, auth);
		const now = this.ctx.now();
		const control = docName(auth.workshop.id, 'control');
		const result = await this.ctx.rooms.withDoc(control, (doc) => intent.validate(body, readControl(doc), auth, now, prepared));
		if (!result.ok) {
			if (QUOTA_CODES.has(result.error.code)) this.ctx.onQuotaRefused(result.error.code);
			return result;
		}

		// APPLY: storage first, so a failed write leaves `control` as it was. Intents of a
		// workshop run one at a time, so nothing else changed the state in between.
		try {
			await intent.store?.(this.ctx, result.value, auth);
		} catch (error) {
			log.error(`intent ${type}: storage refused its write; control left as it was`, error);
			return fail(503, 'not-saved', 'The server could not save this change, so nothing changed. Try again in a moment.');
		}
		await this.ctx.rooms.withDoc(control, (doc) => intent.apply(doc, result.value, readControl(doc), auth, now));
		await intent.effects?.(this.ctx, result.value, auth);
		return ok({ applied: type });
	}
}
