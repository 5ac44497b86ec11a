import { afterEach, describe, expect, it } from 'vitest';
import { claimLineId, claims, content, docName, setLineText } from '../../src/lib/doc/schema.js';
import { CloseCode } from '../protocol.js';
import type { Authenticated } from '../workshops.js';
import { testWorkshop, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string) => ({ ok: false, error: expect.objectContaining({ status, code }) });
const applied = (type: string) => ({ ok: true, value: { applied: type } });
const authored = { authorId: 'a', authorTeam: null, createdAt: 0 };
const url = new URL('http://127.0.0.1/');

let w: TestWorkshop;
const clock = Date.parse('2027-03-01T10:00:00Z');
afterEach(async () => w?.close());

/** A signed proposition with one claim and one required hand-off field, the field phase open. */
async function openField(): Promise<void> {
	w = await testWorkshop({ now: () => clock });
	await w.rooms.withDoc(docName(w.workshopId, 'content'), (doc) => {
		claims.add(doc, 'k1');
		setLineText(doc, claimLineId('k1'), 'Cuts downtime by 25 %');
		content.handoff(doc).add({ id: 'budget', field: 'Budget confirmed', wantedBy: ['sales'], status: 'required', ...authored });
	});
	await w.send('facilitator', 'version.save', { name: 'Signed' });
	const versionId = (await w.control()).versions[0]!.id;
	await w.send('facilitator', 'signoff.setSigners', { participantIds: [w.people.sales.participant.id] });
	await w.send('sales', 'signoff.sign', { versionId });
	expect(await w.send('facilitator', 'field.open', {})).toEqual(applied('field.open'));
}

const secret = async () => w.workshops.fieldInvitation(w.workshopId, (await w.control()).field?.linkVersion);

/** Someone joins with the field link; their session, as the server reads it. */
async function joinField(name: string, field?: string): Promise<{ auth: Authenticated; token: string }> {
	const joined = await w.workshops.join({ field: field ?? (await secret()), name, team: 'sales' }, w.workshopId);
	if (!joined.ok) throw new Error(joined.error.code);
	const auth = await w.workshops.authenticate(w.workshopId, url, { authorization: `Bearer ${joined.value.token}` });
	if (!auth.ok) throw new Error(auth.error.code);
	return { auth: auth.value, token: joined.value.token };
}

const conversation = (id: string) => ({ type: 'field.log', id, at: clock - 1000, uses: [{ claimId: 'k1', outcome: 'worked' }] });
const handoff = (id: string) => ({ type: 'field.handoff', id, at: clock - 1000, fields: { budget: true }, decision: 'accepted' });

describe('field members', () => {
	it('lists who joined with the field link, their logs counted, and not the room', async () => {
		await openField();
		const sol = await joinField('Sol');
		await joinField('Sid');
		expect(await w.intents.apply(sol.auth, conversation('c1'))).toEqual(applied('field.log'));
		expect(await w.intents.apply(sol.auth, conversation('c2'))).toEqual(applied('field.log'));
		expect(await w.intents.apply(sol.auth, handoff('h1'))).toEqual(applied('field.handoff'));
		expect(await w.send('sales', 'field.log', { id: 'room-1', at: clock - 1000, uses: [{ claimId: 'k1', outcome: 'flat' }] })).toEqual(applied('field.log'));
		const members = await w.storage.records.listFieldMembers(w.workshopId);
		expect(members).toEqual([
			{ id: sol.auth.participant.id, name: 'Sol', team: 'sales', joinedAt: expect.any(Number), conversations: 2, handoffs: 1, removed: false },
			expect.objectContaining({ name: 'Sid', conversations: 0, handoffs: 0, removed: false })
		]);
	});

	it('removes a field member: their session ends, they cannot rejoin with it, their logs stay unless discarded', async () => {
		await openField();
		const sol = await joinField('Sol');
		await w.intents.apply(sol.auth, conversation('c1'));
		const before = (await w.control()).fieldCounts;
		expect(before).toMatchObject({ fieldMembers: 1, conversations: 1 });

		expect(await w.send('sales', 'field.removeMember', { participantId: sol.auth.participant.id, discardLogs: false })).toEqual(refused(403, 'forbidden'));
		expect(await w.intents.apply(sol.auth, { type: 'field.removeMember', participantId: sol.auth.participant.id, discardLogs: false })).toEqual(refused(403, 'forbidden'));
		// Only field members: people of the room are removed with participant.remove.
		expect(await w.send('facilitator', 'field.removeMember', { participantId: w.people.sales.participant.id, discardLogs: false })).toEqual(refused(404, 'unknown-participant'));
		expect(await w.send('facilitator', 'field.removeMember', { participantId: 'nobody', discardLogs: false })).toEqual(refused(404, 'unknown-participant'));

		expect(await w.send('facilitator', 'field.removeMember', { participantId: sol.auth.participant.id, discardLogs: false })).toEqual(applied('field.removeMember'));
		expect((await w.control()).fieldCounts).toEqual({ ...before, fieldMembers: 0, revision: before.revision + 1 });
		expect(await w.workshops.authenticate(w.workshopId, url, { authorization: `Bearer ${sol.token}` })).toEqual(refused(403, 'removed'));
		const asker = { url, headers: { authorization: `Bearer ${sol.token}` } };
		expect(await w.workshops.join({ field: await secret(), name: 'Sol', team: 'sales' }, w.workshopId, asker)).toEqual(refused(403, 'removed'));
		expect(w.sockets).toEqual([`close ${sol.auth.participant.id} ${CloseCode.removed} removed by the facilitator`]);
		expect(await w.storage.records.listFieldMembers(w.workshopId)).toEqual([expect.objectContaining({ name: 'Sol', conversations: 1, removed: true })]);
	});

	it('discards every log of a removed member, now or later, and the counts follow', async () => {
		await openField();
		const sol = await joinField('Sol');
		const sid = await joinField('Sid');
		for (const id of ['c1', 'c2']) await w.intents.apply(sol.auth, conversation(id));
		await w.intents.apply(sol.auth, handoff('h1'));
		await w.intents.apply(sid.auth, conversation('c3'));
		expect((await w.control()).fieldCounts).toMatchObject({ fieldMembers: 2, conversations: 3, handoffs: 1 });

		await w.send('facilitator', 'field.removeMember', { participantId: sol.auth.participant.id, discardLogs: false });
		// Again, with its logs: the member is not counted out twice.
		const before = (await w.control()).fieldCounts;
		expect(await w.send('facilitator', 'field.removeMember', { participantId: sol.auth.participant.id, discardLogs: true })).toEqual(applied('field.removeMember'));
		expect((await w.control()).fieldCounts).toEqual({ ...before, fieldMembers: 1, conversations: 1, handoffs: 0, revision: before.revision + 1 });
		expect((await w.storage.records.listFieldLogs(w.workshopId)).map((r) => r.log.id)).toEqual(['c3']);
		expect(await w.storage.records.deleteFieldLogsBy(w.workshopId, sol.auth.participant.id)).toEqual({ conversations: 0, handoffs: 0 });
		expect(await w.storage.records.countFieldLogs(w.workshopId, sid.auth.participant.id)).toBe(1);
	});
});

describe('a new field link', () => {
	it('refuses the old link to new joins, keeps who joined, survives a reopening', async () => {
		await openField();
		const old = await secret();
		const sol = await joinField('Sol', old);
		expect(await w.send('marketing', 'field.rotateLink', {})).toEqual(refused(403, 'forbidden'));
		const before = (await w.control()).fieldCounts.revision;
		expect(await w.send('facilitator', 'field.rotateLink', {})).toEqual(applied('field.rotateLink'));
		const { field, fieldCounts } = await w.control();
		expect(field?.linkVersion).toBe(1);
		expect(fieldCounts.revision).toBe(before + 1);
		const fresh = await secret();
		expect(fresh).not.toBe(old);
		expect(await w.workshops.join({ field: old, name: 'Sid', team: 'sales' }, w.workshopId)).toEqual(refused(403, 'invalid-field-link'));
		expect((await joinField('Sid', fresh)).auth.participant.role).toBe('field');
		expect(await w.intents.apply(sol.auth, conversation('c1'))).toEqual(applied('field.log'));

		await w.send('facilitator', 'field.close', {});
		await w.send('facilitator', 'field.open', {});
		expect((await w.control()).field?.linkVersion).toBe(1);
		expect(await secret()).toBe(fresh);
	});

	it('needs the field phase', async () => {
		w = await testWorkshop();
		expect(await w.send('facilitator', 'field.rotateLink', {})).toEqual(refused(409, 'field-not-open'));
	});
});
