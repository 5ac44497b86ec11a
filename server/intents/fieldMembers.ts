/**
 * The facilitator's hold on the field link (issue 21): the link is shared widely, so whoever
 * joined with it can be removed — their sessions end, and with `discardLogs` every log they
 * wrote leaves the view and the counts — and the link itself can be replaced, after which the
 * old one admits nobody new (people who joined keep their sessions).
 */
import { controlWriters, type FieldPhase } from '../../src/lib/doc/schema.js';
import { CloseCode } from '../protocol.js';
import { fail, ok } from '../result.js';
import type { FieldMemberRecord } from '../storage/storage.js';
import { bump, notOpen } from './field.js';
import { FACILITATOR, handler, preparedHandler } from './handler.js';

interface Removal {
	member: FieldMemberRecord;
	discardLogs: boolean;
	/** What storage deleted (filled by `store`). */
	discarded: { conversations: number; handoffs: number };
}

export const fieldMemberIntents = {
	'field.removeMember': preparedHandler('field.removeMember')<Removal, FieldMemberRecord | null>({
		roles: FACILITATOR,
		// Field members live in storage only (not in control.participants): look them up there.
		prepare: async (ctx, { participantId }, auth) => (await ctx.storage.listFieldMembers(auth.workshop.id)).find((m) => m.id === participantId) ?? null,
		// Removing someone already removed is allowed: it is how their logs are discarded later.
		validate: ({ discardLogs }, _state, _auth, _now, member) =>
			member ? ok({ member, discardLogs, discarded: { conversations: 0, handoffs: 0 } }) : fail(404, 'unknown-participant', 'That person did not join with the field link.'),
		// Sessions first: stopping the person matters most, and a retry after a failed deletion finds them removed.
		store: async (ctx, removal, auth) => {
			await ctx.storage.revokeSessions(removal.member.id, ctx.now());
			if (!removal.discardLogs) return removal;
			return { ...removal, discarded: await ctx.storage.deleteFieldLogsBy(auth.workshop.id, removal.member.id) };
		},
		apply: (doc, { member, discarded }, state) => {
			const counts = state.fieldCounts;
			bump(doc, state, {
				fieldMembers: Math.max(0, counts.fieldMembers - (member.removed ? 0 : 1)),
				conversations: Math.max(0, counts.conversations - discarded.conversations),
				handoffs: Math.max(0, counts.handoffs - discarded.handoffs)
			});
		},
		// Field members open no document, but a socket closed is one less way in.
		effects: (ctx, { member }) => ctx.sync.closeParticipant(member.id, CloseCode.removed, 'removed by the facilitator')
	}),

	'field.rotateLink': handler('field.rotateLink')<FieldPhase>({
		roles: FACILITATOR,
		validate: (_body, state) => (state.field ? ok({ ...state.field, linkVersion: (state.field.linkVersion ?? 0) + 1 }) : notOpen()),
		// The revision moves so facilitators' screens fetch the view, and with it the new link.
		apply: (doc, phase, state) => {
			controlWriters.setField(doc, phase);
			bump(doc, state);
		}
	})
};
