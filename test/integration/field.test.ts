/**
 * The field loop's integrity on the real server (issue 21): field members log and see the
 * field, never the workshop; logs hold to the signed version, belong to their author, and a
 * phone's outbox resending after reconnecting (one by one, or all at once) stores each once;
 * records survive a restart; limits answer clearly; a CSV import is all rows or none.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateWorkshopResponse, FieldMember, FieldResponse, JoinResponse } from '../../src/lib/api.js';
import { claimLineId, claims, content, readControl, setLineText, type FieldCounts } from '../../src/lib/doc/schema.js';
import { SessionSigner } from '../../server/auth.js';
import { openSqlite } from '../../server/storage/sqlite.js';
import { api, connect, createWorkshop, join, rawSocket, synced, type SyncClient } from '../support/clients.js';
import { pollsWaiting } from '../support/field.js';
import { eventually, startServer, tempDataDir, type RunningServer } from '../support/server.js';

const SECRET = 'field-test-secret-'.padEnd(40, 'x');
const env = { PLUMBLINE_SECRET: SECRET };
const dataDir = tempDataDir();
let server: RunningServer;

type Answer = { applied?: string; error?: { code: string; message: string } };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface Room {
	workshop: CreateWorkshopResponse;
	carla: JoinResponse;
	sam: JoinResponse;
	mia: JoinResponse;
	oz: JoinResponse;
	control: SyncClient;
	send(token: string, body: Record<string, unknown>): Promise<{ status: number; body: Answer }>;
	counts(): FieldCounts;
}

let room: Room;

/** A workshop whose proposition (two claims, a lead definition, a metric) Sam signed, with the field open. */
async function signedRoom(): Promise<Room> {
	const workshop = await createWorkshop(server);
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
	const [sam, mia, oz] = [await join(server, workshop, 'Sam', 'sales'), await join(server, workshop, 'Mia', 'marketing'), await join(server, workshop, 'Oz', 'observer')];
	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	writer.doc.transact(() => {
		for (const id of ['k1', 'k2']) {
			claims.add(writer.doc, id);
			setLineText(writer.doc, claimLineId(id), `Claim ${id}`);
		}
		const authored = { authorId: carla.participantId, authorTeam: 'sales' as const, createdAt: 1 };
		content.handoff(writer.doc).add({ id: 'budget', field: 'Budget confirmed', wantedBy: ['sales'], status: 'required', ...authored });
		content.metrics(writer.doc).add({ id: 'sql', name: 'Qualified leads', measures: '', ownerTeam: 'both', target: '120 a month', horizon: 'month', source: '', sharedCommitment: true, ...authored });
	});
	await writer.written();
	const control = connect(server, workshop.workshopId, 'control', carla.token);
	await synced(control);
	const send = (token: string, body: Record<string, unknown>) => api<Answer>(server, `/api/workshops/${workshop.workshopId}/intents`, body, auth(token));
	expect((await send(carla.token, { type: 'version.save', name: 'Signed' })).body).toEqual({ applied: 'version.save' });
	const versionId = await eventually(() => readControl(control.doc).versions[0]!.id);
	await send(carla.token, { type: 'signoff.setSigners', participantIds: [sam.participantId] });
	expect((await send(sam.token, { type: 'signoff.sign', versionId })).body).toEqual({ applied: 'signoff.sign' });
	expect((await send(carla.token, { type: 'field.open' })).body).toEqual({ applied: 'field.open' });
	// A claim added after signing is not one the field can log.
	writer.doc.transact(() => claims.add(writer.doc, 'k3'));
	await writer.written();
	writer.destroy();
	await eventually(() => expect(readControl(control.doc).field?.status).toBe('open'));
	return { workshop, carla, sam, mia, oz, control, send, counts: () => readControl(control.doc).fieldCounts };
}

const conversation = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'field.log', id, uses: [{ claimId: 'k1', outcome: 'worked' }], dealStage: 'demo', ...extra });

function joinField(name: string, secret = new SessionSigner(SECRET).fieldInvitation(room.workshop.workshopId)) {
	return api<JoinResponse & Answer>(server, `/api/workshops/${room.workshop.workshopId}/join`, { field: secret, name, team: 'sales' });
}

beforeAll(async () => {
	server = await startServer({ dataDir, env });
	room = await signedRoom();
}, 60_000);

afterAll(async () => {
	room?.control.destroy();
	await server?.stop();
});

describe('field members', () => {
	it('join with the field link only, and cannot open any document, send content intents or read ballots', async () => {
		const id = room.workshop.workshopId;
		expect((await joinField('Eve', new SessionSigner(SECRET).invitation(id))).body.error?.code).toBe('invalid-field-link');
		const joined = await joinField('Sol');
		expect(joined.status).toBe(200);
		expect(joined.body.role).toBe('field');
		const sol = joined.body;
		await eventually(() => expect(room.counts().fieldMembers).toBe(1));
		expect(readControl(room.control.doc).participants.map((p) => p.name)).not.toContain('Sol');

		// Every document's upgrade is refused, with a reason the page can show.
		for (const kind of ['content', 'control', 'group-g1']) {
			const socket = await rawSocket(server, `/sync/${id}/${kind}?token=${sol.token}`);
			expect(socket, kind).toMatchObject({ refused: 403 });
			expect((socket as { body: string }).body).toContain('field-only');
		}
		// Content and room intents are refused; logging is not.
		for (const body of [{ type: 'stage.set', stageId: 'draft' }, { type: 'version.save', name: 'mine' }, { type: 'field.metric', metricId: 'sql', date: '2027-03-01', value: 1 }]) {
			const answer = await room.send(sol.token, body);
			expect(answer.status, body.type).toBe(403);
			expect(answer.body.error?.code).toBe('forbidden');
		}
		expect((await room.send(sol.token, conversation('sol-1'))).body).toEqual({ applied: 'field.log' });

		// Ballots, scores, notes, versions, exports and the signature status are the room's.
		for (const route of ['votes/v1/ballot', 'ratings/r1/scores', 'private-notes', 'versions/x', 'export/md', 'export/json', 'signoff']) {
			const answer = await api<Answer>(server, `/api/workshops/${id}/${route}`, undefined, auth(sol.token));
			expect(answer.status, route).toBe(403);
			expect(answer.body.error?.code, route).toBe('field-only');
		}
		// The workshop page sends them to the field page.
		const cookie = joined.headers.get('set-cookie')!.split(';')[0]!;
		const page = await fetch(`${server.url}/w/${id}`, { headers: { cookie }, redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe(`/w/${id}/field`);
	});

	it('cannot join before the field phase is opened', async () => {
		const workshop = await createWorkshop(server);
		const answer = await api<Answer>(server, `/api/workshops/${workshop.workshopId}/join`, { field: new SessionSigner(SECRET).fieldInvitation(workshop.workshopId), name: 'Sol', team: 'sales' });
		expect(answer.status).toBe(409);
		expect(answer.body.error?.code).toBe('field-not-open');
	});
});

describe('field logs', () => {
	it('refuses a claim that is not in the signed version, with a clear message', async () => {
		for (const claimId of ['k3', 'nope']) {
			const answer = await room.send(room.sam.token, conversation(`bad-${claimId}`, { uses: [{ claimId, outcome: 'worked' }] }));
			expect(answer.status).toBe(400);
			expect(answer.body.error).toEqual({ code: 'invalid-log', message: 'That claim is not in the signed version.' });
		}
		const observer = await room.send(room.oz.token, conversation('oz-1'));
		expect(observer.status).toBe(403);
	});

	it('lets nobody but the author edit or delete a log', async () => {
		expect((await room.send(room.sam.token, conversation('sam-own'))).body).toEqual({ applied: 'field.log' });
		for (const who of [room.mia, room.carla]) {
			const edit = await room.send(who.token, conversation('sam-own', { uses: [{ claimId: 'k2', outcome: 'flat' }] }));
			expect(edit.status).toBe(403);
			expect(edit.body.error).toEqual({ code: 'not-your-log', message: 'Only its author can change a log.' });
			expect((await room.send(who.token, { type: 'field.deleteLog', id: 'sam-own' })).body.error?.code).toBe('not-your-log');
		}
		expect((await room.send(room.sam.token, conversation('sam-own', { uses: [{ claimId: 'k2', outcome: 'flat' }] }))).body).toEqual({ applied: 'field.log' });
	});

	it('stores a log sent twice, and twice at once, once — as a phone resends its outbox after reconnecting', async () => {
		const before = room.counts();
		const outbox = ['o-1', 'o-2', 'o-3'].map((id) => conversation(id, { at: Date.now() - 60_000, uses: [{ claimId: 'k1', outcome: 'objection', objection: 'Too pricey' }] }));
		for (const log of outbox) expect((await room.send(room.mia.token, log)).status).toBe(200);
		// Reconnected: the outbox is sent again, each log twice at once.
		const answers = await Promise.all([...outbox, ...outbox].map((log) => room.send(room.mia.token, log)));
		expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
		await eventually(() => expect(room.counts()).toMatchObject({ conversations: before.conversations + 3, revision: before.revision + 3 }));
	});

	it('answers the rate and size limits clearly, and reads hostile text back sane', async () => {
		const hostile = 'Too\u202e pricey\u0000 \n\n <script>alert(1)</script>';
		expect((await room.send(room.carla.token, conversation('hostile', { uses: [{ claimId: 'k1', outcome: 'objection', objection: hostile }] }))).status).toBe(200);
		const long = await room.send(room.carla.token, conversation('long', { uses: [{ claimId: 'k1', outcome: 'objection', objection: 'x'.repeat(201) }] }));
		expect(long.body.error).toEqual({ code: 'invalid-log', message: 'An objection is at most 200 characters.' });
		const many = await room.send(room.carla.token, conversation('many', { uses: Array.from({ length: 31 }, (_, i) => ({ claimId: `k${i}`, outcome: 'worked' })) }));
		expect(many.status).toBe(400);
		expect((await room.send(room.carla.token, conversation('x'.repeat(81)))).body.error?.code).toBe('invalid-id');
		const sol2 = (await joinField('Rapid')).body;
		const answers: number[] = [];
		for (let i = 0; i < 61; i++) answers.push((await room.send(sol2.token, conversation(`rapid-${i}`))).status);
		expect(answers.slice(0, 60).every((s) => s === 200)).toBe(true);
		const refused = await room.send(sol2.token, conversation('rapid-61'));
		expect(refused.status).toBe(429);
		expect(refused.body.error).toEqual({ code: 'slow-down', message: 'Too many field entries in a minute. Wait a moment and send again.' });
		// A spreadsheet past the request limit is refused as too large (it read "not JSON" before).
		const huge = await room.send(room.mia.token, { type: 'field.importMetrics', csv: `date,metric,value\n${'2027-03-02,sql,1\n'.repeat(40_000)}` });
		expect(huge.status).toBe(413);
		expect(huge.body.error?.code).toBe('too-large');
	});

	it('imports a CSV all rows or none', async () => {
		const csv = 'date,metric,value\n2027-03-02,sql,20\n2027-03-03,sql,twenty\n2027-03-04,Qualified leads,5\n';
		const bad = await room.send(room.mia.token, { type: 'field.importMetrics', csv });
		expect(bad.status).toBe(400);
		expect(bad.body.error?.code).toBe('invalid-csv');
		expect(bad.body.error?.message).toContain('line 3');
		expect(room.counts().metricValues).toBe(0);
		expect((await room.send(room.mia.token, { type: 'field.importMetrics', csv: csv.replace('twenty', '7') })).body).toEqual({ applied: 'field.importMetrics' });
		await eventually(() => expect(room.counts().metricValues).toBe(3));
	});
});

describe("the facilitator's hold on the field link", () => {
	/** The field view as `token` reads it (waits out the view's once-a-second computation until `check` holds). */
	const viewOf = (id: string, token: string) => api<FieldResponse & Answer>(server, `/api/workshops/${id}/field`, undefined, auth(token));
	const joinWith = (id: string, secret: string, name: string) => api<JoinResponse & Answer>(server, `/api/workshops/${id}/join`, { field: secret, name, team: 'sales' });

	it('lists field members to facilitators only; a removed member can no longer log or read, and their discarded logs leave the view and the counts', async () => {
		const own = await signedRoom();
		const id = own.workshop.workshopId;
		const secret = new SessionSigner(SECRET).fieldInvitation(id);
		const [sol, sid] = [(await joinWith(id, secret, 'Sol')).body, (await joinWith(id, secret, 'Sid')).body];
		for (const logId of ['junk-1', 'junk-2', 'junk-3']) expect((await own.send(sol.token, conversation(logId))).body).toEqual({ applied: 'field.log' });
		expect((await own.send(sid.token, conversation('real-1'))).body).toEqual({ applied: 'field.log' });
		await eventually(() => expect(own.counts()).toMatchObject({ fieldMembers: 2, conversations: 4 }));
		await eventually(async () => expect((await viewOf(id, own.carla.token)).body.view?.claims[0]).toMatchObject({ claimId: 'k1', uses: 4 }));

		for (const token of [own.sam.token, sol.token, own.oz.token]) expect((await api<Answer>(server, `/api/workshops/${id}/field/members`, undefined, auth(token))).status).toBe(403);
		const listed = await api<{ members: FieldMember[] }>(server, `/api/workshops/${id}/field/members`, undefined, auth(own.carla.token));
		expect(listed.body.members).toEqual([
			{ id: sol.participantId, name: 'Sol', team: 'sales', joinedAt: expect.any(Number), conversations: 3, handoffs: 0, removed: false },
			expect.objectContaining({ name: 'Sid', conversations: 1, removed: false })
		]);

		expect((await own.send(own.carla.token, { type: 'field.removeMember', participantId: own.sam.participantId, discardLogs: true })).status).toBe(404);
		// A poll Sol holds open when they are removed answers with the refusal, not one last view.
		const held = api<Answer>(server, `/api/workshops/${id}/field?after=${(await viewOf(id, sol.token)).body.revision}`, undefined, auth(sol.token));
		await pollsWaiting(server, 1);
		expect((await own.send(own.carla.token, { type: 'field.removeMember', participantId: sol.participantId, discardLogs: true })).body).toEqual({ applied: 'field.removeMember' });
		expect((await held).body.error?.code).toBe('removed');
		await eventually(() => expect(own.counts()).toMatchObject({ fieldMembers: 1, conversations: 1 }));
		expect((await own.send(sol.token, conversation('junk-4'))).body.error?.code).toBe('removed');
		expect((await viewOf(id, sol.token)).body.error?.code).toBe('removed');
		expect((await api<Answer>(server, `/api/workshops/${id}/join`, { field: secret, name: 'Sol again', team: 'sales' }, auth(sol.token))).body.error?.code).toBe('removed');
		await eventually(async () => {
			const view = (await viewOf(id, own.carla.token)).body;
			expect(view.counts).toMatchObject({ fieldMembers: 1, conversations: 1 });
			expect(view.view.claims[0]).toMatchObject({ claimId: 'k1', uses: 1 });
		});
		const after = await api<{ members: FieldMember[] }>(server, `/api/workshops/${id}/field/members`, undefined, auth(own.carla.token));
		expect(after.body.members.map((m) => [m.name, m.conversations, m.removed])).toEqual([
			['Sol', 0, true],
			['Sid', 1, false]
		]);
		own.control.destroy();
	}, 30_000);

	it('refuses the old link after a new one is made; who joined keeps their access', async () => {
		const own = await signedRoom();
		const id = own.workshop.workshopId;
		const old = new SessionSigner(SECRET).fieldInvitation(id);
		const sol = (await joinWith(id, old, 'Sol')).body;
		expect((await own.send(own.carla.token, { type: 'field.rotateLink' })).body).toEqual({ applied: 'field.rotateLink' });
		const refused = await joinWith(id, old, 'Sid');
		expect(refused.status).toBe(403);
		expect(refused.body.error?.code).toBe('invalid-field-link');
		// The facilitator's view carries the new link, and it admits.
		const fieldUrl = await eventually(async () => {
			const url = (await viewOf(id, own.carla.token)).body.fieldUrl!;
			expect(url).not.toContain(old);
			return url;
		});
		const fresh = new URL(fieldUrl).hash.replace('#field=', '');
		expect((await joinWith(id, fresh, 'Sid')).body.role).toBe('field');
		expect((await own.send(sol.token, conversation('sol-after'))).body).toEqual({ applied: 'field.log' });
		own.control.destroy();
	}, 30_000);
});

describe('field records across a restart', () => {
	it('keeps logs and values, and a resend after the restart still counts once', async () => {
		const before = room.counts();
		room.control.destroy();
		await server.stop();
		const storage = await openSqlite(path.join(dataDir, 'plumbline.sqlite'));
		const logs = await storage.records.listFieldLogs(room.workshop.workshopId);
		expect(logs.length).toBe(before.conversations + before.handoffs);
		const hostile = logs.find((r) => r.log.id === 'hostile')!;
		expect(hostile.kind === 'conversation' && hostile.log.uses[0]!.objection).toBe('Too pricey <script>alert(1)</script>');
		expect(await storage.records.listMetricValues(room.workshop.workshopId)).toHaveLength(3);
		await storage.close();

		server = await startServer({ dataDir, env });
		room.control = connect(server, room.workshop.workshopId, 'control', room.carla.token);
		await synced(room.control);
		expect(room.counts()).toEqual(before);
		expect((await room.send(room.mia.token, conversation('o-1', { uses: [{ claimId: 'k1', outcome: 'objection', objection: 'Too pricey' }] }))).status).toBe(200);
		expect((await room.send(room.sam.token, conversation('o-1'))).body.error?.code).toBe('not-your-log');
		expect(room.counts()).toEqual(before);
	}, 60_000);
});
