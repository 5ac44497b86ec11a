/** Intents that run the room: stage, agenda, timer, freeze, private brainstorm, roster, board. */
import { randomBytes } from 'node:crypto';
import { content, controlWriters, docName, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import { addStage, moveStage, updateStage } from '../../src/lib/domain/agenda.js';
import { placeNote } from '../../src/lib/domain/board.js';
import type { Viewport } from '../../src/lib/domain/canvas.js';
import { MINUTE, addTime, pauseTimer, resumeTimer, stageTimer, startTimer } from '../../src/lib/domain/timer.js';
import { CloseCode } from '../protocol.js';
import { fail, ok } from '../result.js';
import type { PrivateNoteRecord } from '../storage/storage.js';
import type { IntentType } from '../../src/lib/protocol/intents.js';
import { EDITORS, FACILITATOR, handler, preparedHandler, type Intent } from './handler.js';

const agendaChange = (result: ReturnType<typeof updateStage>) =>
	result.ok ? ok(result.agenda) : fail(400, 'invalid-agenda', result.reason);

const stageExists = (state: ControlState, stageId: string) => state.agenda.some((s) => s.id === stageId);

export const roomIntents = {
	'stage.set': handler('stage.set')<string>({
		roles: FACILITATOR,
		validate: ({ stageId }, state) => (stageExists(state, stageId) ? ok(stageId) : fail(400, 'unknown-stage', 'That stage does not exist.')),
		apply: (doc, stageId) => controlWriters.setCurrentStage(doc, stageId)
	}),
	'stage.bringEveryone': handler('stage.bringEveryone')<{ stageId: string; view: Viewport | null }>({
		roles: FACILITATOR,
		validate: ({ view }, state) => ok({ stageId: state.currentStageId, view: view ?? null }),
		apply: (doc, { stageId, view }, _state, _auth, now) => controlWriters.setSummon(doc, { stageId, at: now, view })
	}),
	'stage.setDone': handler('stage.setDone')<{ stageId: string; done: boolean }>({
		roles: EDITORS,
		validate: ({ stageId, done }, state) => (stageExists(state, stageId) ? ok({ stageId, done }) : fail(400, 'unknown-stage', 'That stage does not exist.')),
		apply: (doc, { stageId, done }, _state, auth) => controlWriters.setDone(doc, stageId, auth.participant.id, done)
	}),
	'agenda.update': handler('agenda.update')<ControlState['agenda']>({
		roles: FACILITATOR,
		validate: ({ stageId, ...patch }, state) => agendaChange(updateStage(state.agenda, stageId, patch)),
		apply: (doc, agenda) => controlWriters.setAgenda(doc, agenda)
	}),
	'agenda.move': handler('agenda.move')<ControlState['agenda']>({
		roles: FACILITATOR,
		validate: ({ stageId, index }, state) => agendaChange(moveStage(state.agenda, stageId, index)),
		apply: (doc, agenda) => controlWriters.setAgenda(doc, agenda)
	}),
	'agenda.add': handler('agenda.add')<ControlState['agenda']>({
		roles: FACILITATOR,
		validate: ({ afterStageId, ...fields }, state) => agendaChange(addStage(state.agenda, `stage-${randomBytes(6).toString('base64url')}`, fields, afterStageId)),
		apply: (doc, agenda) => controlWriters.setAgenda(doc, agenda)
	}),
	'timer.start': handler('timer.start')<{ stageId: string; ms: number }>({
		roles: FACILITATOR,
		validate: ({ minutes }, state) => {
			const stage = state.agenda.find((s) => s.id === state.currentStageId);
			if (!stage) return fail(400, 'unknown-stage', 'The room is on no stage.');
			return ok({ stageId: stage.id, ms: (minutes ?? stage.minutes) * MINUTE });
		},
		apply: (doc, { stageId, ms }, _s, _a, now) => controlWriters.setTimer(doc, startTimer(stageId, ms, now))
	}),
	'timer.pause': timerChange('timer.pause', (timer, now) => pauseTimer(timer, now)),
	'timer.resume': timerChange('timer.resume', (timer, now) => resumeTimer(timer, now)),
	'timer.addMinute': timerChange('timer.addMinute', (timer, now) => addTime(timer, MINUTE, now)),
	'timer.reset': handler('timer.reset')<null>({
		roles: FACILITATOR,
		validate: () => ok(null),
		apply: (doc) => controlWriters.setTimer(doc, null)
	}),
	// Stored on the workshop (exports and the next round read it there) and shown live from control.
	'frame.update': handler('frame.update')<{ product: string; customer: string }>({
		roles: FACILITATOR,
		validate: ({ product, customer }, state, auth) => {
			const now = state.frame ?? { product: auth.workshop.product, customer: auth.workshop.customer };
			return ok({ product: product ?? now.product, customer: customer ?? now.customer });
		},
		store: (ctx, frame, auth) => ctx.storage.setWorkshopFrame(auth.workshop.id, frame),
		apply: (doc, frame) => controlWriters.setFrame(doc, frame)
	}),
	'room.freeze': handler('room.freeze')<boolean>({
		roles: FACILITATOR,
		validate: ({ frozen }) => ok(frozen),
		apply: (doc, frozen) => controlWriters.setFrozen(doc, frozen),
		effects: async (ctx, frozen, auth) => ctx.sync.setFrozen(auth.workshop.id, frozen)
	}),
	'brainstorm.start': handler('brainstorm.start')<null>({
		roles: FACILITATOR,
		validate: (_, state) => (state.privateRound?.active ? fail(409, 'round-active', 'A private round is already running.') : ok(null)),
		apply: (doc, _p, _s, _a, now) => controlWriters.setPrivateRound(doc, { active: true, startedAt: now, count: 0 })
	}),
	'brainstorm.addNote': preparedHandler('brainstorm.addNote')<{ id: string; column: string; text: string }, { mine: number; max: number }>({
		roles: EDITORS,
		prepare: async (ctx, _body, auth) => ({
			mine: (await ctx.storage.listPrivateNotes(auth.workshop.id, auth.participant.id)).length,
			max: ctx.quotas.maxPrivateNotes
		}),
		validate: ({ column, text }, state, _auth, _now, { mine, max }) => {
			if (!state.privateRound?.active) return fail(409, 'no-round', 'No private round is running.');
			if (!state.columns.some((c) => c.id === column)) return fail(400, 'unknown-column', 'That column does not exist.');
			// Notes wait in storage until the reveal, where each one becomes a card for everyone.
			if (mine >= max) return fail(409, 'too-many-notes', `You have written ${max} notes in this round, the most one person can add.`);
			return ok({ id: randomBytes(9).toString('base64url'), column, text });
		},
		store: (ctx, { id, column, text }, auth) =>
			ctx.storage.insertPrivateNote({
				id,
				workshopId: auth.workshop.id,
				authorId: auth.participant.id,
				authorTeam: auth.participant.team,
				column,
				text,
				createdAt: ctx.now()
			}),
		apply: (doc, _p, state) => {
			if (state.privateRound) controlWriters.setPrivateRound(doc, { ...state.privateRound, count: state.privateRound.count + 1 });
		}
	}),
	'brainstorm.reveal': preparedHandler('brainstorm.reveal')<PrivateNoteRecord[], PrivateNoteRecord[]>({
		roles: FACILITATOR,
		prepare: (ctx, _body, auth) => ctx.storage.listPrivateNotes(auth.workshop.id),
		validate: (_, state, _a, _n, notes) => (state.privateRound?.active ? ok(notes) : fail(409, 'no-round', 'No private round is running.')),
		// All notes land in one transaction: everyone sees them appear at once. They are deleted
		// from storage before the round ends in `control`; should that fail, the round stays
		// open and a second reveal lands the same notes again (same ids: no duplicates).
		store: async (ctx, notes, auth) => {
			if (notes.length === 0) return;
			const columns = await ctx.rooms.withDoc(docName(auth.workshop.id, 'control'), (doc) => readControl(doc).columns);
			await ctx.rooms.withDoc(docName(auth.workshop.id, 'content'), (doc) => {
				const board = content.notes(doc);
				for (const note of notes) {
					const place = placeNote(board.list(), '', note.column, Number.MAX_SAFE_INTEGER, columns);
					board.add({ id: note.id, authorId: note.authorId, authorTeam: note.authorTeam, createdAt: note.createdAt, text: note.text, lineId: '', ...place });
				}
			});
			await ctx.storage.deletePrivateNotes(notes.map((n) => n.id));
		},
		apply: (doc) => controlWriters.setPrivateRound(doc, null)
	}),
	'participant.remove': handler('participant.remove')<string>({
		roles: FACILITATOR,
		validate: ({ participantId }, state, auth) => {
			if (participantId === auth.participant.id) return fail(400, 'cannot-remove-self', 'You cannot remove yourself.');
			const person = state.participants.find((p) => p.id === participantId && !p.removed);
			return person ? ok(person.id) : fail(404, 'unknown-participant', 'That person is not in this workshop.');
		},
		store: async (ctx, participantId) => void (await ctx.storage.revokeSessions(participantId, ctx.now())),
		apply: (doc, participantId, state) => {
			const person = state.participants.find((p) => p.id === participantId);
			if (person) controlWriters.upsertParticipant(doc, { ...person, removed: true });
		},
		effects: (ctx, participantId) => ctx.sync.closeParticipant(participantId, CloseCode.removed, 'removed by the facilitator')
	}),
	// Removal is a ban (join refuses the removed browser's session); only this lifts it.
	'participant.readmit': handler('participant.readmit')<string>({
		roles: FACILITATOR,
		validate: ({ participantId }, state) => {
			const person = state.participants.find((p) => p.id === participantId && p.removed);
			return person ? ok(person.id) : fail(404, 'unknown-participant', 'That person was not removed from this workshop.');
		},
		// Their old session works again (stored first, like every intent): the laptop comes back as the same person, with their ballots.
		store: async (ctx, participantId) => void (await ctx.storage.restoreSessions(participantId)),
		apply: (doc, participantId, state) => {
			const person = state.participants.find((p) => p.id === participantId)!;
			controlWriters.upsertParticipant(doc, { ...person, removed: false });
		}
	}),
	'participant.promote': handler('participant.promote')<string>({
		roles: FACILITATOR,
		validate: ({ participantId }, state) => {
			const person = state.participants.find((p) => p.id === participantId && !p.removed);
			if (!person) return fail(404, 'unknown-participant', 'That person is not in this workshop.');
			if (person.role !== 'participant') return fail(400, 'not-a-participant', 'Only participants can become co-facilitators.');
			return ok(person.id);
		},
		store: (ctx, participantId) => ctx.storage.setParticipantRole(participantId, 'facilitator'),
		apply: (doc, participantId, state) => {
			const person = state.participants.find((p) => p.id === participantId);
			if (person) controlWriters.upsertParticipant(doc, { ...person, role: 'facilitator' });
		},
		effects: (ctx, participantId) => ctx.sync.closeParticipant(participantId, CloseCode.rightsChanged, 'now a co-facilitator')
	}),
	'board.renameColumn': handler('board.renameColumn')<{ columnId: string; title: string }>({
		roles: FACILITATOR,
		validate({ columnId, title }, state) {
			// The title arrives one line and within its limit (the intent's schema); the column must exist.
			if (!state.columns.some((c) => c.id === columnId)) return fail(400, 'unknown-column', 'That column does not exist.');
			return ok({ columnId, title });
		},
		apply(doc, { columnId, title }, state) {
			controlWriters.setColumns(
				doc,
				state.columns.map((c) => (c.id === columnId ? { ...c, title } : c))
			);
		}
	})
};

/** Timer changes that need a running or paused timer for the current stage. */
function timerChange<T extends IntentType>(type: T, change: (timer: NonNullable<ControlState['timer']>, now: number) => ControlState['timer']): Intent<T> {
	return handler(type)<null>({
		roles: FACILITATOR,
		// A timer left from an earlier stage is shown nowhere: it cannot be paused or extended either.
		validate: (_, state) => (stageTimer(state.timer, state.currentStageId) ? ok(null) : fail(409, 'no-timer', 'Start the timer first.')),
		apply: (doc, _p, state, _a, now) => controlWriters.setTimer(doc, change(state.timer!, now))
	});
}

