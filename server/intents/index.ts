/**
 * Intents: the only way anyone changes the `control` document. Each is checked
 * in visible steps (handler.ts) — AUTHORISE (role), PARSE (the payload against its
 * schema, src/lib/protocol/intents.ts), VALIDATE (against the current state),
 * APPLY (server writes) — inside one transaction. Intents of one
 * workshop run one at a time, so a vote cannot close between a ballot's check
 * and its storage: queued in this process, and across instances under a storage
 * lock, after reading back what another instance's last intent stored. One turn
 * of the lock serves every intent waiting here (up to a bound, so another
 * instance's queue gets its turn): a burst of ballots pays for the lock and the
 * read-back once, not once per ballot.
 */
import { docName } from '../../src/lib/doc/schema.js';
import { INTENT_TYPES, isIntentType, type IntentType } from '../../src/lib/protocol/intents.js';
import { asObject, fail, type Result } from '../result.js';
import type { Authenticated } from '../workshops.js';
import { ballotIntents } from './ballots.js';
import { breakoutIntents } from './breakout.js';
import { fieldIntents } from './field.js';
import { fieldMemberIntents } from './fieldMembers.js';
import type { Intent, IntentContext } from './handler.js';
import { roomIntents } from './room.js';
import { signoffIntents } from './signoff.js';

export type { IntentContext } from './handler.js';

/** Every intent type has its handler, under its own name (checked by the compiler). */
const HANDLERS: { [T in IntentType]: Intent<T> } = { ...roomIntents, ...ballotIntents, ...breakoutIntents, ...signoffIntents, ...fieldIntents, ...fieldMemberIntents };

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
		const { type, ...payload } = asObject(input);
		if (!isIntentType(type)) {
			const name = typeof type === 'string' ? type : '';
			return fail(400, 'unknown-intent', `Unknown intent "${name.slice(0, 40)}". Known: ${INTENT_TYPES.join(', ')}.`);
		}
		return HANDLERS[type].run(this.ctx, auth, payload);
	}
}
