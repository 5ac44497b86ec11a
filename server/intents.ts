/**
 * Intents: the only way anyone changes the `control` document. Each is checked
 * in three visible steps — AUTHORISE (role), VALIDATE (payload against the
 * current state), APPLY (server writes) — inside one transaction, so two
 * intents racing each other see each other's result.
 */
import type * as Y from 'yjs';
import { controlWriters, docName, readControl, type ControlState } from '../src/lib/doc/schema.js';
import { COLUMN_TITLE_MAX } from '../src/lib/domain/board.js';
import type { Role } from '../src/lib/domain/teams.js';
import { asObject, fail, ok, type Result } from './result.js';
import type { Rooms } from './rooms.js';
import type { Authenticated } from './workshops.js';

interface IntentHandler<P> {
	/** Who may send it. */
	roles: readonly Role[];
	validate(body: Record<string, unknown>, state: ControlState): Result<P>;
	apply(doc: Y.Doc, payload: P, state: ControlState): void;
}

function handler<P>(h: IntentHandler<P>): IntentHandler<unknown> {
	return h as IntentHandler<unknown>;
}

const HANDLERS: Record<string, IntentHandler<unknown>> = {
	'board.renameColumn': handler<{ columnId: string; title: string }>({
		roles: ['facilitator'],
		validate(body, state) {
			const { columnId, title } = body;
			if (typeof columnId !== 'string' || !state.columns.some((c) => c.id === columnId)) {
				return fail(400, 'unknown-column', 'That column does not exist.');
			}
			const clean = typeof title === 'string' ? title.replace(/\s+/g, ' ').trim() : '';
			if (!clean || clean.length > COLUMN_TITLE_MAX) {
				return fail(400, 'invalid-title', `A column title has 1 to ${COLUMN_TITLE_MAX} characters.`);
			}
			return ok({ columnId, title: clean });
		},
		apply(doc, { columnId, title }, state) {
			controlWriters.setColumns(
				doc,
				state.columns.map((c) => (c.id === columnId ? { ...c, title } : c))
			);
		}
	})
};

export const INTENT_TYPES = Object.keys(HANDLERS);

export class Intents {
	constructor(private readonly rooms: Rooms) {}

	async apply(auth: Authenticated, input: unknown): Promise<Result<{ applied: string }>> {
		const body = asObject(input);
		const type = typeof body.type === 'string' ? body.type : '';
		const intent = HANDLERS[type];
		if (!intent) return fail(400, 'unknown-intent', `Unknown intent "${type.slice(0, 40)}". Known: ${INTENT_TYPES.join(', ')}.`);

		// AUTHORISE
		if (!intent.roles.includes(auth.participant.role)) {
			return fail(403, 'forbidden', 'Only the facilitator can do that.');
		}

		// VALIDATE and APPLY, against the state at this moment.
		return this.rooms.withDoc(docName(auth.workshop.id, 'control'), (doc) => {
			const state = readControl(doc);
			const valid = intent.validate(body, state);
			if (!valid.ok) return valid;
			intent.apply(doc, valid.value, state);
			return ok({ applied: type });
		});
	}
}
