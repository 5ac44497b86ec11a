import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { claimLineId, claims, content, docName, setLineText } from '../../src/lib/doc/schema.js';
import { EDIT_WINDOW_MS } from '../../src/lib/domain/fieldLogs.js';
import { fieldPartsOf } from './fieldPhase.js';
import { testWorkshop, type Options, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string, message?: string) => ({
	ok: false,
	error: expect.objectContaining(message === undefined ? { status, code } : { status, code, message })
});
const applied = (type: string) => ({ ok: true, value: { applied: type } });
const authored = { authorId: 'a', authorTeam: null, createdAt: 0 };

let w: TestWorkshop;
let clock = Date.parse('2027-03-01T10:00:00Z');
afterEach(async () => w?.close());

/** The content a signed proposition has: two claims, a lead definition, a metric, a campaign with a review. */
function writeProposition(doc: Y.Doc): void {
	for (const [id, text] of [
		['k1', 'Cuts downtime by 25 %'],
		['k2', 'Pays back in a year']
	] as const) {
		claims.add(doc, id);
		setLineText(doc, claimLineId(id), text);
	}
	content.handoff(doc).add({ id: 'budget', field: 'Budget confirmed', wantedBy: ['sales'], status: 'required', ...authored });
	content.handoff(doc).add({ id: 'maybe', field: 'Industry', wantedBy: [], status: 'optional', ...authored });
	content.metrics(doc).add({ id: 'sql', name: 'Qualified leads', measures: '', ownerTeam: 'both', target: '120 a month', horizon: 'month', source: '', sharedCommitment: true, ...authored });
	content.campaign.write(doc, { launchDate: '2027-03-01', endDate: '2027-06-30', timeZone: 'Europe/Berlin' });
	content.timeline(doc).add({
		id: 'r1',
		title: 'Six-week review',
		phase: 'review',
		anchor: 'launch',
		offsetDays: 42,
		date: '',
		time: '09:00',
		durationMinutes: 60,
		ownerTeam: 'sales',
		channel: 'meeting',
		callToAction: '',
		targets: '',
		materials: '',
		materialsStatus: 'todo',
		...authored
	});
}

/** A workshop whose proposition Sam signed, with the field phase open. */
async function openField(options: Options = {}): Promise<string> {
	w = await testWorkshop({ now: () => clock, ...options });
	await w.rooms.withDoc(docName(w.workshopId, 'content'), writeProposition);
	expect(await w.send('facilitator', 'version.save', { name: 'Signed' })).toEqual(applied('version.save'));
	const versionId = (await w.control()).versions[0]!.id;
	expect(await w.send('facilitator', 'field.open', {})).toEqual(refused(409, 'not-signed'));
	await w.send('facilitator', 'signoff.setSigners', { participantIds: [w.people.sales.participant.id] });
	expect(await w.send('sales', 'signoff.sign', { versionId })).toEqual(applied('signoff.sign'));
	expect(await w.send('sales', 'field.open', {})).toEqual(refused(403, 'forbidden'));
	expect(await w.send('facilitator', 'field.open', {})).toEqual(applied('field.open'));
	return versionId;
}

const conversation = (id: string, extra: Record<string, unknown> = {}) => ({ id, at: clock - 1000, uses: [{ claimId: 'k1', outcome: 'objection', objection: 'Too expensive' }], dealStage: 'demo', ...extra });

describe('field phase from the signed version', () => {
	it('takes claims, lead definition, metrics, campaign and reviews from the version, not from later edits', async () => {
		const versionId = await openField();
		await w.rooms.withDoc(docName(w.workshopId, 'content'), (doc) => claims.add(doc, 'k3'));
		const { field, fieldCounts } = await w.control();
		expect(field).toMatchObject({
			status: 'open',
			versionId,
			versionName: 'Signed',
			launchDate: '2027-03-01',
			endDate: '2027-06-30',
			timeZone: 'Europe/Berlin',
			claims: [
				{ id: 'k1', text: 'Cuts downtime by 25 %' },
				{ id: 'k2', text: 'Pays back in a year' }
			],
			leadFields: [{ id: 'budget', label: 'Budget confirmed' }],
			metrics: [{ id: 'sql', name: 'Qualified leads', target: '120 a month', horizon: 'month' }],
			reviews: [{ id: 'r1', title: 'Six-week review', date: '2027-04-12' }],
			digest: null
		});
		expect(fieldCounts.revision).toBe(1);
	});

	it('falls back to the opening day for a campaign without a launch date', () => {
		const doc = new Y.Doc();
		claims.add(doc, 'k1');
		const parts = fieldPartsOf({ id: 'v', name: 'n', content: Y.encodeStateAsUpdate(doc), control: Y.encodeStateAsUpdate(new Y.Doc()) }, () => '2027-05-05');
		expect(parts).toMatchObject({ launchDate: '2027-05-05', endDate: '', timeZone: 'UTC', claims: [{ id: 'k1', text: '' }], predictions: {}, reviews: [] });
	});

	it('closes, reopens keeping when it opened, and schedules the digest', async () => {
		await openField();
		const openedAt = (await w.control()).field!.openedAt;
		clock += 60_000;
		expect(await w.send('facilitator', 'field.scheduleDigest', { slot: { weekday: 1, time: '08:30' } })).toEqual(applied('field.scheduleDigest'));
		expect(await w.send('facilitator', 'field.scheduleDigest', { slot: { weekday: 8, time: '08:30' } })).toEqual(refused(400, 'invalid-slot'));
		expect(await w.send('facilitator', 'field.close', {})).toEqual(applied('field.close'));
		expect((await w.control()).field).toMatchObject({ status: 'closed', closedAt: clock, digest: { weekday: 1, time: '08:30' } });
		expect(await w.send('sales', 'field.log', conversation('late'))).toEqual(refused(409, 'field-closed'));
		expect(await w.send('facilitator', 'field.open', {})).toEqual(applied('field.open'));
		expect((await w.control()).field).toMatchObject({ status: 'open', openedAt, closedAt: null, digest: { weekday: 1, time: '08:30' } });
		expect((await w.control()).fieldCounts.revision).toBe(4);
	});
});

describe('field logs', () => {
	it('stores a conversation once per id, counts it once, and refuses what the signed version does not hold', async () => {
		await openField();
		expect(await w.send('sales', 'field.log', conversation('c-1'))).toEqual(applied('field.log'));
		// The outbox resends after reconnecting, with and without its time: nothing changes.
		expect(await w.send('sales', 'field.log', conversation('c-1'))).toEqual(applied('field.log'));
		const { at: _at, ...untimed } = conversation('c-1');
		expect(await w.send('sales', 'field.log', untimed)).toEqual(applied('field.log'));
		const [a, b] = await Promise.all([w.send('sales', 'field.log', conversation('c-2')), w.send('sales', 'field.log', conversation('c-2'))]);
		expect([a, b]).toEqual([applied('field.log'), applied('field.log')]);
		expect((await w.control()).fieldCounts).toMatchObject({ conversations: 2, revision: 3 });
		expect(await w.storage.records.countFieldLogs(w.workshopId)).toBe(2);

		expect(await w.send('sales', 'field.log', conversation('c-3', { uses: [{ claimId: 'k9', outcome: 'worked' }] }))).toEqual(
			refused(400, 'invalid-log', 'That claim is not in the signed version.')
		);
		expect(await w.send('sales', 'field.log', conversation('bad id!'))).toEqual(refused(400, 'invalid-id'));
		expect(await w.send('sales', 'field.log', conversation('c-4', { uses: [{ claimId: 'k1', outcome: 'objection', objection: 'x'.repeat(201) }] }))).toEqual(refused(400, 'invalid-log'));
		expect(await w.send('observer', 'field.log', conversation('c-5'))).toEqual(refused(403, 'forbidden', 'Observers cannot do that.'));
		// A facilitator without a team logs as 'other'.
		expect(await w.send('facilitator', 'field.log', conversation('c-6'))).toEqual(applied('field.log'));
		expect((await w.storage.records.getFieldLog(w.workshopId, 'c-6'))!.log).toMatchObject({ team: 'other', authorId: w.people.facilitator.participant.id });
	});

	it('lets only the author edit or delete a log, within 24 hours', async () => {
		await openField();
		expect(await w.send('sales', 'field.log', conversation('c-1'))).toEqual(applied('field.log'));
		const other = conversation('c-1', { uses: [{ claimId: 'k2', outcome: 'worked' }] });
		expect(await w.send('marketing', 'field.log', other)).toEqual(refused(403, 'not-your-log', 'Only its author can change a log.'));
		expect(await w.send('facilitator', 'field.deleteLog', { id: 'c-1' })).toEqual(refused(403, 'not-your-log'));
		expect(await w.send('sales', 'field.log', other)).toEqual(applied('field.log'));
		expect((await w.storage.records.getFieldLog(w.workshopId, 'c-1'))!.log.authorId).toBe(w.people.sales.participant.id);
		expect((await w.control()).fieldCounts).toMatchObject({ conversations: 1, revision: 3 });
		clock += EDIT_WINDOW_MS;
		expect(await w.send('sales', 'field.log', conversation('c-1', { at: clock - 1000 }))).toEqual(refused(409, 'log-locked'));
		expect(await w.send('sales', 'field.deleteLog', { id: 'c-1' })).toEqual(refused(409, 'log-locked'));
		expect(await w.send('sales', 'field.log', conversation('c-2'))).toEqual(applied('field.log'));
		expect(await w.send('sales', 'field.deleteLog', { id: 'c-2' })).toEqual(applied('field.deleteLog'));
		expect(await w.send('sales', 'field.deleteLog', { id: 'c-2' })).toEqual(refused(404, 'unknown-log'));
		expect((await w.control()).fieldCounts).toMatchObject({ conversations: 1 });
	});

	it('checks hand-offs against the agreed lead definition', async () => {
		await openField();
		const handoff = { id: 'h-1', fields: { budget: false } as Record<string, boolean>, decision: 'returned' as const, reason: '  No budget\u202e yet ' };
		expect(await w.send('marketing', 'field.handoff', { ...handoff, reason: '' })).toEqual(refused(400, 'invalid-log', 'Say why the lead is returned.'));
		expect(await w.send('marketing', 'field.handoff', { ...handoff, fields: { maybe: true } })).toEqual(refused(400, 'invalid-log'));
		expect(await w.send('marketing', 'field.handoff', handoff)).toEqual(applied('field.handoff'));
		expect((await w.storage.records.getFieldLog(w.workshopId, 'h-1'))!.log).toMatchObject({ reason: 'No budget yet', team: 'marketing' });
		expect(await w.send('marketing', 'field.log', conversation('h-1'))).toEqual(refused(400, 'invalid-id'));
		expect((await w.control()).fieldCounts).toMatchObject({ handoffs: 1, conversations: 0 });
	});

	it('holds each person to the rate and the quotas', async () => {
		await openField({ quotas: { fieldWritesPerMinute: 3, maxFieldLogsPerPerson: 2, maxFieldLogs: 3 } });
		for (const id of ['a', 'b']) expect(await w.send('sales', 'field.log', conversation(id))).toEqual(applied('field.log'));
		expect(await w.send('sales', 'field.log', conversation('c'))).toEqual(refused(409, 'too-many-logs'));
		expect(await w.send('sales', 'field.log', conversation('d'))).toEqual(refused(429, 'slow-down'));
		clock += 60_000;
		expect(await w.send('marketing', 'field.log', conversation('e'))).toEqual(applied('field.log'));
		expect(await w.send('facilitator', 'field.log', conversation('f'))).toEqual(refused(409, 'too-many-logs'));
		expect(w.quotaRefusals).toEqual(['too-many-logs', 'too-many-logs']);
	});
});

describe('metric values', () => {
	it('takes typed values and CSV imports, all rows or none, the last value of a day winning', async () => {
		await openField();
		expect(await w.send('sales', 'field.metric', { metricId: 'sql', date: '2027-03-02', value: 12 })).toEqual(applied('field.metric'));
		expect(await w.send('sales', 'field.metric', { metricId: 'nope', date: '2027-03-02', value: 12 })).toEqual(refused(400, 'unknown-metric'));
		expect(await w.send('sales', 'field.metric', { metricId: 'sql', date: '2027-02-30', value: 12 })).toEqual(refused(400, 'invalid-date'));
		expect(await w.send('observer', 'field.metric', { metricId: 'sql', date: '2027-03-02', value: 1 })).toEqual(refused(403, 'forbidden'));
		const bad = 'date,metric,value\n2027-03-02,sql,20\n2027-03-03,sql,abc\n2027-03-04,Qualified leads,5\n';
		const answer = await w.send('marketing', 'field.importMetrics', { csv: bad });
		expect(answer).toEqual(refused(400, 'invalid-csv'));
		expect(!answer.ok && answer.error.message).toContain('line 3');
		expect(await w.storage.records.listMetricValues(w.workshopId)).toHaveLength(1);
		expect(await w.send('marketing', 'field.importMetrics', { csv: bad.replace('abc', '7') })).toEqual(applied('field.importMetrics'));
		const values = await w.storage.records.listMetricValues(w.workshopId);
		expect(values.map((v) => [v.date, v.value, v.source])).toEqual([
			['2027-03-02', 20, 'csv'],
			['2027-03-03', 7, 'csv'],
			['2027-03-04', 5, 'csv']
		]);
		expect((await w.control()).fieldCounts).toMatchObject({ metricValues: 3, revision: 3 });
	});

	it('refuses values past the workshop quota', async () => {
		await openField({ quotas: { maxMetricValues: 2 } });
		expect(await w.send('sales', 'field.importMetrics', { csv: 'date,metric,value\n2027-03-02,sql,1\n2027-03-03,sql,2\n2027-03-04,sql,3\n' })).toEqual(refused(409, 'too-many-metric-values'));
		expect(await w.storage.records.countMetricValues(w.workshopId)).toBe(0);
	});
});

describe('field members', () => {
	it('join with the field link once the phase is open, outside the room roster, and may only log', async () => {
		w = await testWorkshop({ now: () => clock });
		const secret = w.workshops.fieldInvitation(w.workshopId);
		expect(secret).not.toBe(w.workshops.invitation(w.workshopId));
		const join = (body: Record<string, unknown>) => w.workshops.join(body, w.workshopId);
		expect(await join({ field: secret, name: 'Sol', team: 'sales' })).toEqual(refused(409, 'field-not-open'));
		await w.close();
		await openField({ maxFieldMembers: 1 });
		const fieldSecret = w.workshops.fieldInvitation(w.workshopId);
		expect(await join({ field: w.workshops.invitation(w.workshopId), name: 'Sol', team: 'sales' })).toEqual(refused(403, 'invalid-field-link'));
		expect(await join({ field: fieldSecret, name: 'Sol', team: 'observer' })).toEqual(refused(400, 'invalid-team'));
		const joined = await join({ field: fieldSecret, name: 'Sol', team: 'sales' });
		expect(joined).toMatchObject({ ok: true, value: { role: 'field', team: 'sales', name: 'Sol' } });
		const control = await w.control();
		expect(control.participants.map((p) => p.name)).not.toContain('Sol');
		expect(control.fieldCounts).toMatchObject({ fieldMembers: 1 });
		expect(await w.storage.records.countParticipants(w.workshopId)).toBe(4);
		expect(await join({ field: fieldSecret, name: 'Sid', team: 'sales' })).toEqual(refused(409, 'field-full'));

		if (!joined.ok) throw new Error('joined');
		const auth = await w.workshops.authenticate(w.workshopId, new URL('http://127.0.0.1/'), { authorization: `Bearer ${joined.value.token}` });
		if (!auth.ok) throw new Error('auth');
		expect(await w.intents.apply(auth.value, { type: 'field.log', ...conversation('sol-1') })).toEqual(applied('field.log'));
		expect(await w.intents.apply(auth.value, { type: 'field.metric', metricId: 'sql', date: '2027-03-02', value: 1 })).toEqual(refused(403, 'forbidden'));
		const edit = await w.intents.apply(auth.value, { type: 'stage.set', stageId: 'draft' });
		expect(edit).toEqual(refused(403, 'forbidden'));
		expect(!edit.ok && edit.error.message).toContain('field link');
	});
});
