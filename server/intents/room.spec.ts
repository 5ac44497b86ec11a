import { afterEach, describe, expect, it } from 'vitest';
import { content, docName } from '../../src/lib/doc/schema.js';
import { MINUTE } from '../../src/lib/domain/timer.js';
import { CloseCode } from '../protocol.js';
import { refusing, testWorkshop, type Options, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string, message?: string) => ({
	ok: false,
	error: expect.objectContaining(message === undefined ? { status, code } : { status, code, message })
});
const applied = (type: string) => ({ ok: true, value: { applied: type } });

let w: TestWorkshop;
const open = async (options?: Options) => (w = await testWorkshop(options));
afterEach(async () => w?.close());

describe('who may run the room', () => {
	it('refuses facilitator intents from participants and observers, and editor intents from observers', async () => {
		await open();
		const { agenda } = await w.control();
		const stageId = agenda[1]!.id;
		const onlyFacilitator = refused(403, 'forbidden', 'Only a facilitator can do that.');
		expect(await w.send('sales', 'stage.set', { stageId })).toEqual(onlyFacilitator);
		expect(await w.send('observer', 'stage.set', { stageId })).toEqual(onlyFacilitator);
		expect(await w.send('sales', 'participant.remove', { participantId: w.people.marketing.participant.id })).toEqual(onlyFacilitator);
		expect(await w.send('sales', 'room.freeze', { frozen: true })).toEqual(onlyFacilitator);
		expect(await w.send('observer', 'stage.setDone', { stageId, done: true })).toEqual(refused(403, 'forbidden', 'Observers cannot do that.'));
		const control = await w.control();
		expect(control.currentStageId).toBe(agenda[0]!.id);
		expect(control.frozen).toBe(false);
		expect(control.done).toEqual({});
		expect(w.sockets).toEqual([]);
	});
});

describe('stages and agenda', () => {
	it('moves the room to a stage that exists, and refuses one that does not', async () => {
		await open();
		const { agenda } = await w.control();
		expect(await w.send('facilitator', 'stage.set', { stageId: 'nowhere' })).toEqual(refused(400, 'unknown-stage'));
		expect(await w.sendRaw('facilitator', { type: 'stage.set', stageId: 7 })).toEqual(refused(400, 'unknown-stage'));
		expect(await w.send('facilitator', 'stage.set', { stageId: agenda[2]!.id })).toEqual(applied('stage.set'));
		expect((await w.control()).currentStageId).toBe(agenda[2]!.id);
	});

	it('summons everyone to the current stage with the facilitator view, zoom clamped', async () => {
		await open({ now: () => 1234 });
		const { currentStageId } = await w.control();
		expect(await w.send('facilitator', 'stage.bringEveryone', { view: { x: 1, y: 2, zoom: 1000 } })).toEqual(applied('stage.bringEveryone'));
		const { summon } = await w.control();
		expect(summon).toMatchObject({ stageId: currentStageId, at: 1234, view: { x: 1, y: 2 } });
		expect(summon!.view!.zoom).toBeLessThan(1000);
		expect(await w.sendRaw('facilitator', { type: 'stage.bringEveryone', view: { x: 'left', y: 0, zoom: 1 } })).toEqual(refused(400, 'invalid-view'));
	});

	it('records who is done with a stage, for participants too', async () => {
		await open();
		const stageId = (await w.control()).agenda[1]!.id;
		expect(await w.send('sales', 'stage.setDone', { stageId, done: true })).toEqual(applied('stage.setDone'));
		expect((await w.control()).done[stageId]).toEqual([w.people.sales.participant.id]);
		expect(await w.send('sales', 'stage.setDone', { stageId: 'nowhere', done: true })).toEqual(refused(400, 'unknown-stage'));
		expect(await w.sendRaw('sales', { type: 'stage.setDone', stageId, done: 'yes' })).toEqual(refused(400, 'invalid-done'));
	});

	it('adds, renames and moves stages, refusing a title over the limit', async () => {
		await open();
		const before = (await w.control()).agenda;
		expect(await w.send('facilitator', 'agenda.add', { title: 'x'.repeat(500) })).toEqual(refused(400, 'invalid-agenda'));
		expect(await w.send('facilitator', 'agenda.add', { title: 'Wrap-up', minutes: 5 })).toEqual(applied('agenda.add'));
		const added = (await w.control()).agenda.find((s) => s.title === 'Wrap-up')!;
		expect(added).toMatchObject({ minutes: 5 });
		expect(await w.send('facilitator', 'agenda.update', { stageId: added.id, title: 'Close' })).toEqual(applied('agenda.update'));
		expect(await w.send('facilitator', 'agenda.move', { stageId: added.id, index: 0 })).toEqual(applied('agenda.move'));
		const after = (await w.control()).agenda;
		expect(after.length).toBe(before.length + 1);
		expect(after[0]).toMatchObject({ id: added.id, title: 'Close' });
		expect(await w.send('facilitator', 'agenda.update', { stageId: 'nowhere', title: 'Close' })).toEqual(refused(400, 'invalid-agenda'));
	});
});

describe('the frame', () => {
	// Root cause: product and customer were set at creation only, though the Frame stage asks the
	// room to agree on them.
	it('lets a facilitator edit the product and target customer, stored and shown live', async () => {
		await open();
		expect(await w.send('sales', 'frame.update', { product: 'x' })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'frame.update', { product: 'p'.repeat(201) })).toEqual(refused(400, 'invalid-field'));
		expect(await w.send('facilitator', 'frame.update', { product: '  Fleetwise   Predict ' })).toEqual(applied('frame.update'));
		expect(await w.send('facilitator', 'frame.update', { customer: 'Mid-size hauliers' })).toEqual(applied('frame.update'));
		expect((await w.control()).frame).toEqual({ product: 'Fleetwise Predict', customer: 'Mid-size hauliers' });
		expect(await w.storage.records.getWorkshop(w.workshopId)).toMatchObject({ product: 'Fleetwise Predict', customer: 'Mid-size hauliers' });
	});
});

describe('timer and freeze', () => {
	it('needs a timer before pausing, and runs one for the current stage', async () => {
		let now = 10_000;
		await open({ now: () => now });
		expect(await w.send('facilitator', 'timer.pause', {})).toEqual(refused(409, 'no-timer', 'Start the timer first.'));
		expect(await w.send('facilitator', 'timer.addMinute', {})).toEqual(refused(409, 'no-timer'));
		expect(await w.send('facilitator', 'timer.start', { minutes: 999 })).toEqual(refused(400, 'invalid-minutes'));
		expect(await w.send('facilitator', 'timer.start', { minutes: 2 })).toEqual(applied('timer.start'));
		const { currentStageId, timer } = await w.control();
		expect(timer).toEqual({ stageId: currentStageId, endsAt: 10_000 + 2 * MINUTE, remainingMs: 2 * MINUTE, running: true });
		now += MINUTE;
		expect(await w.send('facilitator', 'timer.pause', {})).toEqual(applied('timer.pause'));
		expect((await w.control()).timer).toMatchObject({ running: false, remainingMs: MINUTE, endsAt: null });
		expect(await w.send('facilitator', 'timer.reset', {})).toEqual(applied('timer.reset'));
		expect((await w.control()).timer).toBeNull();
	});

	// Root cause: the timer is kept across a stage change but shown only on its own stage, and
	// the bar offered Pause / +1 min for it; now only a fresh start is offered and accepted.
	it('takes a timer left from the previous stage as no timer: only a fresh start for the new stage', async () => {
		await open();
		expect(await w.send('facilitator', 'timer.start', {})).toEqual(applied('timer.start'));
		expect(await w.send('facilitator', 'stage.set', { stageId: 'draft' })).toEqual(applied('stage.set'));
		expect(await w.send('facilitator', 'timer.pause', {})).toEqual(refused(409, 'no-timer'));
		expect(await w.send('facilitator', 'timer.addMinute', {})).toEqual(refused(409, 'no-timer'));
		expect(await w.send('facilitator', 'timer.start', {})).toEqual(applied('timer.start'));
		expect((await w.control()).timer).toMatchObject({ stageId: 'draft', running: true });
	});

	it('freezes the room in control and tells the sockets', async () => {
		await open();
		expect(await w.sendRaw('facilitator', { type: 'room.freeze', frozen: 'yes' })).toEqual(refused(400, 'invalid-frozen'));
		expect(await w.send('facilitator', 'room.freeze', { frozen: true })).toEqual(applied('room.freeze'));
		expect((await w.control()).frozen).toBe(true);
		expect(w.sockets).toEqual([`frozen ${w.workshopId} true`]);
	});
});

describe('private brainstorm', () => {
	const notesOnBoard = () => w.rooms.withDoc(docName(w.workshopId, 'content'), (doc) => content.notes(doc).list());

	it('answers 503 when storage cannot tell how many notes a person has written, and counts nothing', async () => {
		await open({ records: refusing('listPrivateNotes') });
		await w.send('facilitator', 'brainstorm.start', {});
		const column = (await w.control()).columns[0]!.id;
		expect(await w.send('sales', 'brainstorm.addNote', { column, text: 'Churn is down' })).toEqual(refused(503, 'not-read'));
		expect((await w.control()).privateRound).toMatchObject({ active: true, count: 0 });
	});

	it('takes notes only during a round, into storage, until the reveal puts them all on the board', async () => {
		await open();
		const note = { column: 'evidence', text: '  Churn is down  ' };
		expect(await w.send('sales', 'brainstorm.addNote', note)).toEqual(refused(409, 'no-round'));
		expect(await w.send('sales', 'brainstorm.start', {})).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'brainstorm.start', {})).toEqual(applied('brainstorm.start'));
		expect(await w.send('facilitator', 'brainstorm.start', {})).toEqual(refused(409, 'round-active'));
		const { columns } = await w.control();
		const column = columns[0]!.id;

		expect(await w.send('observer', 'brainstorm.addNote', { column, text: 'hi' })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('sales', 'brainstorm.addNote', { column: 'nowhere', text: 'hi' })).toEqual(refused(400, 'unknown-column'));
		expect(await w.send('sales', 'brainstorm.addNote', { column, text: 'x'.repeat(2001) })).toEqual(refused(400, 'invalid-text'));
		expect(await w.send('sales', 'brainstorm.addNote', { column, text: '   ' })).toEqual(refused(400, 'invalid-text'));
		expect(await w.send('sales', 'brainstorm.addNote', { ...note, column })).toEqual(applied('brainstorm.addNote'));
		expect(await w.send('marketing', 'brainstorm.addNote', { column, text: 'Leads doubled' })).toEqual(applied('brainstorm.addNote'));

		// Counted in control, held in storage, not on the board.
		expect((await w.control()).privateRound).toMatchObject({ active: true, count: 2 });
		expect(await w.storage.records.listPrivateNotes(w.workshopId)).toHaveLength(2);
		expect(await notesOnBoard()).toEqual([]);

		expect(await w.send('facilitator', 'brainstorm.reveal', {})).toEqual(applied('brainstorm.reveal'));
		const board = await notesOnBoard();
		expect(board.map((n) => [n.text, n.authorTeam, n.column]).sort()).toEqual([
			['Churn is down', 'sales', column],
			['Leads doubled', 'marketing', column]
		]);
		expect((await w.control()).privateRound).toBeNull();
		expect(await w.storage.records.listPrivateNotes(w.workshopId)).toEqual([]);
		expect(await w.send('facilitator', 'brainstorm.reveal', {})).toEqual(refused(409, 'no-round'));
	});

	it('counts a person over the note quota as a quota refusal', async () => {
		await open({ quotas: { maxPrivateNotes: 2 } });
		await w.send('facilitator', 'brainstorm.start', {});
		const column = (await w.control()).columns[0]!.id;
		for (const text of ['one', 'two']) expect(await w.send('sales', 'brainstorm.addNote', { column, text })).toEqual(applied('brainstorm.addNote'));
		expect(await w.send('sales', 'brainstorm.addNote', { column, text: 'three' })).toEqual(refused(409, 'too-many-notes'));
		expect(w.quotaRefusals).toEqual(['too-many-notes']);
		// The quota is per person.
		expect(await w.send('marketing', 'brainstorm.addNote', { column, text: 'mine' })).toEqual(applied('brainstorm.addNote'));
		expect((await w.control()).privateRound!.count).toBe(3);
	});

	it('leaves the count as it was when storage refuses the note', async () => {
		await open({ records: refusing('insertPrivateNote') });
		await w.send('facilitator', 'brainstorm.start', {});
		const column = (await w.control()).columns[0]!.id;
		expect(await w.send('sales', 'brainstorm.addNote', { column, text: 'lost' })).toEqual(refused(503, 'not-saved'));
		expect((await w.control()).privateRound).toMatchObject({ active: true, count: 0 });
	});
});

describe('roster', () => {
	it('removes a participant: session revoked, shown removed, socket closed; never yourself', async () => {
		await open();
		const me = w.people.facilitator.participant.id;
		const sam = w.people.sales.participant.id;
		expect(await w.send('facilitator', 'participant.remove', { participantId: me })).toEqual(refused(400, 'cannot-remove-self'));
		expect(await w.send('facilitator', 'participant.remove', { participantId: 'nobody' })).toEqual(refused(404, 'unknown-participant'));
		expect(await w.send('facilitator', 'participant.readmit', { participantId: sam })).toEqual(refused(404, 'unknown-participant'));

		expect(await w.send('facilitator', 'participant.remove', { participantId: sam })).toEqual(applied('participant.remove'));
		expect((await w.control()).participants.find((p) => p.id === sam)).toMatchObject({ removed: true });
		expect((await w.storage.records.getSession(w.people.sales.session.id))!.revokedAt).not.toBeNull();
		expect(w.sockets).toEqual([`close ${sam} ${CloseCode.removed} removed by the facilitator`]);
		expect(await w.send('facilitator', 'participant.remove', { participantId: sam })).toEqual(refused(404, 'unknown-participant'));

		expect(await w.send('facilitator', 'participant.readmit', { participantId: sam })).toEqual(applied('participant.readmit'));
		expect((await w.control()).participants.find((p) => p.id === sam)).toMatchObject({ removed: false });
		expect((await w.storage.records.getSession(w.people.sales.session.id))!.revokedAt).toBeNull();
	});

	it('shows nobody removed whose session storage could not revoke', async () => {
		await open({ records: refusing('revokeSessions') });
		const sam = w.people.sales.participant.id;
		expect(await w.send('facilitator', 'participant.remove', { participantId: sam })).toEqual(refused(503, 'not-saved'));
		expect((await w.control()).participants.find((p) => p.id === sam)!.removed).toBeFalsy();
		expect(w.sockets).toEqual([]);
	});

	it('promotes only a participant, in storage and control, and reconnects them with their new rights', async () => {
		await open();
		const sam = w.people.sales.participant.id;
		expect(await w.send('facilitator', 'participant.promote', { participantId: w.people.observer.participant.id })).toEqual(refused(400, 'not-a-participant'));
		expect(await w.send('facilitator', 'participant.promote', { participantId: w.people.facilitator.participant.id })).toEqual(refused(400, 'not-a-participant'));
		expect(await w.send('facilitator', 'participant.promote', { participantId: sam })).toEqual(applied('participant.promote'));
		expect((await w.control()).participants.find((p) => p.id === sam)!.role).toBe('facilitator');
		expect((await w.storage.records.getParticipant(sam))!.role).toBe('facilitator');
		expect(w.sockets).toEqual([`close ${sam} ${CloseCode.rightsChanged} now a co-facilitator`]);
	});
});

describe('board', () => {
	it('renames a column that exists, to one line within the limit', async () => {
		await open();
		const columnId = (await w.control()).columns[1]!.id;
		expect(await w.send('facilitator', 'board.renameColumn', { columnId: 'nowhere', title: 'Proof' })).toEqual(refused(400, 'unknown-column'));
		expect(await w.send('facilitator', 'board.renameColumn', { columnId, title: 'x'.repeat(500) })).toEqual(refused(400, 'invalid-title'));
		expect(await w.send('facilitator', 'board.renameColumn', { columnId, title: 'Proof' })).toEqual(applied('board.renameColumn'));
		expect((await w.control()).columns.find((c) => c.id === columnId)!.title).toBe('Proof');
	});
});
