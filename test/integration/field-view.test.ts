/**
 * The field loop's read side against the real built server (issue 21): the view's counts after
 * logs from several people, the long-poll waking on a log, the digest and who may have it, the
 * archive round trip and the next round from the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, FieldResponse, JoinResponse } from '../../src/lib/api.js';
import { content } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { startPostgres, startRedis, type Postgres, type RedisServer } from '../support/services.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';
import { day, openField, type FieldWorkshop } from '../support/field.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

let n = 0;
const logId = () => `log-${++n}-${Math.random().toString(36).slice(2)}`;
const conversation = (uses: { claimId: string; outcome: string; objection?: string }[]) => ({ type: 'field.log', id: logId(), uses });

describe('the field view', () => {
	let w: FieldWorkshop;
	beforeAll(async () => {
		w = await openField(server);
	});
	afterAll(() => w.close());

	it('is refused before the field is opened', async () => {
		const other = await createWorkshop(server);
		const anna = await join(server, other, 'Anna', 'sales');
		const answer = await api<{ error: { code: string } }>(server, `/api/workshops/${other.workshopId}/field`, undefined, { authorization: `Bearer ${anna.token}` });
		expect(answer.status).toBe(409);
		expect(answer.body.error.code).toBe('field-not-open');
	});

	it('counts logs from several people, per claim, with each asker’s own logs and rights', async () => {
		for (const body of [
			conversation([{ claimId: 'k1', outcome: 'worked' }, { claimId: 'k2', outcome: 'objection', objection: 'Installing on 200 trucks will take months' }]),
			conversation([{ claimId: 'k1', outcome: 'objection', objection: 'Your 30% comes from another segment' }]),
			conversation([{ claimId: 'k2', outcome: 'flat' }])
		])
			expect((await w.intent(w.anna, body)).status).toBe(200);
		expect((await w.intent(w.bjorn, conversation([{ claimId: 'k1', outcome: 'worked' }]))).status).toBe(200);
		expect((await w.intent(w.elif, { type: 'field.handoff', id: logId(), fields: { fleet: false }, decision: 'returned', reason: 'No fleet size' })).status).toBe(200);

		const seen = await eventually(async () => {
			const answer = await w.field(w.kim);
			expect(answer.status).toBe(200);
			expect(answer.body.view.totals.logs).toBe(4);
			return answer.body;
		});
		const [k1, k2] = seen.view.claims;
		expect([k1!.uses, k1!.worked, k1!.objection]).toEqual([3, 2, 1]);
		expect([k2!.uses, k2!.objection, k2!.flat]).toEqual([2, 1, 1]);
		expect(k2!.objections.map((o) => o.text)).toEqual(['Installing on 200 trucks will take months']);
		expect(seen.leads).toMatchObject({ leads: 1, returned: 1 });
		expect(seen.metrics.map((m) => m.metricId)).toEqual(['sql']);
		expect(seen.counts).toMatchObject({ conversations: 4, handoffs: 1 });
		expect(seen.mine).toEqual({ conversations: [], handoffs: [] });
		expect(seen.may).toEqual({ log: false, enterMetrics: false, facilitate: false, downloadDigest: false });

		const anna = (await w.field(w.anna)).body;
		expect(anna.mine.conversations).toHaveLength(3);
		expect(anna.mine.conversations.every((l) => l.editable && l.authorId === w.anna.participantId)).toBe(true);
		expect(anna.may).toEqual({ log: true, enterMetrics: true, facilitate: false, downloadDigest: false });
		expect(anna.fieldUrl).toBeNull();
		expect((await w.field(w.ines)).body.may.downloadDigest).toBe(true);
		const carla = (await w.field(w.carla)).body;
		expect(carla.may.facilitate).toBe(true);
		expect(carla.fieldUrl).toMatch(new RegExp(`^${server.url}/w/${w.workshop.workshopId}/join#field=[\\w-]+$`));

		// Someone who joined with the field link sees the same figures, may log, and takes no digest away.
		const dev = await w.joinField('Dev');
		const field = (await w.field(dev)).body;
		expect(field.view.totals.logs).toBe(4);
		expect(field.may).toEqual({ log: true, enterMetrics: false, facilitate: false, downloadDigest: false });
		expect(field.fieldUrl).toBeNull();
	});

	it('answers a poll at the current revision when someone logs', async () => {
		const now = (await w.field(w.kim)).body;
		const poll = w.field(w.kim, `?after=${now.revision}`);
		// The poll is waiting: a log moves the revision and wakes it with the new counts.
		expect((await w.intent(w.bjorn, conversation([{ claimId: 'k2', outcome: 'worked' }]))).status).toBe(200);
		const woken = await poll;
		expect(woken.status).toBe(200);
		expect(woken.body.revision).toBeGreaterThan(now.revision);
		expect(woken.body.counts.conversations).toBe(now.counts.conversations + 1);
		// A poll at an older revision is answered at once; a malformed one is refused.
		expect((await w.field(w.kim, `?after=${now.revision}`)).body.revision).toBe(woken.body.revision);
		expect((await w.field(w.kim, '?after=soon')).status).toBe(400);
	});

	it('lets go of a poll whose client left', async () => {
		const { revision } = (await w.field(w.kim)).body;
		const left = new AbortController();
		const poll = fetch(`${server.url}/api/workshops/${w.workshop.workshopId}/field?after=${revision}`, { headers: { authorization: `Bearer ${w.kim.token}` }, signal: left.signal });
		left.abort();
		await expect(poll).rejects.toThrow();
		// The server still answers polls and logs after the client went away.
		const next = w.field(w.kim, `?after=${revision}`);
		expect((await w.intent(w.anna, conversation([{ claimId: 'k1', outcome: 'flat' }]))).status).toBe(200);
		expect((await next).body.revision).toBeGreaterThan(revision);
	});
});

describe('the digest', () => {
	let w: FieldWorkshop;
	beforeAll(async () => {
		w = await openField(server);
		expect((await w.intent(w.anna, conversation([{ claimId: 'k1', outcome: 'objection', objection: '<b>Too expensive</b> | =cmd' }]))).status).toBe(200);
	});
	afterAll(() => w.close());
	const get = (who: JoinResponse, format: string) => fetch(`${server.url}/api/workshops/${w.workshop.workshopId}/field/digest/${format}`, { headers: { authorization: `Bearer ${who.token}` } });

	it('comes as Markdown and PDF for a leader, and refuses a field member, a plain participant and an observer', async () => {
		const md = await get(w.ines, 'md');
		expect(md.status).toBe(200);
		expect(md.headers.get('content-type')).toContain('text/markdown');
		expect(md.headers.get('content-disposition')).toContain('Field-digest');
		const text = await md.text();
		expect(text).toMatch(/^# Field digest — Q1 launch — Uptime Guarantee — week 2\n/);
		expect(text).toContain('1 conversation logged');
		const pdf = await get(w.ines, 'pdf');
		expect(pdf.status).toBe(200);
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const dev = await w.joinField('Dev');
		for (const who of [dev, w.anna, w.kim]) for (const format of ['md', 'pdf', 'ics']) expect((await get(who, format)).status).toBe(403);
		expect((await get(w.ines, 'docx')).status).toBe(400);
	});

	it('is in the calendar once the facilitator gave it a weekly slot', async () => {
		const none = await get(w.ines, 'ics');
		expect(none.status).toBe(409);
		expect(((await none.json()) as { error: { code: string } }).error.code).toBe('no-digest-slot');
		expect((await w.intent(w.carla, { type: 'field.scheduleDigest', slot: { weekday: 1, time: '09:00' } })).status).toBe(200);
		const ics = await eventually(async () => {
			const answer = await get(w.ines, 'ics');
			expect(answer.status).toBe(200);
			return answer;
		});
		expect(ics.headers.get('content-type')).toContain('text/calendar');
		const text = (await ics.text()).replace(/\r\n[ \t]/g, '');
		expect(text).toContain('DTSTART;TZID=Europe/Stockholm:');
		expect(text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=\d{8}T\d{6}Z/);
		expect(text).toContain(`/w/${w.workshop.workshopId}/field`);
	});
});

describe('the archive and the next round', () => {
	let w: FieldWorkshop;
	beforeAll(async () => {
		w = await openField(server);
		// k2 fails: five conversations, one objection in each.
		for (let i = 0; i < 5; i++) {
			const who = i % 2 ? w.anna : w.bjorn;
			expect((await w.intent(who, conversation([{ claimId: 'k2', outcome: 'objection', objection: 'Installing on 200 trucks will take months' }, { claimId: 'k1', outcome: 'worked' }]))).status).toBe(200);
		}
		expect((await w.intent(w.elif, { type: 'field.handoff', id: logId(), fields: { fleet: true }, decision: 'accepted' })).status).toBe(200);
		expect((await w.intent(w.elif, { type: 'field.metric', metricId: 'sql', date: day(-2), value: 42 })).status).toBe(200);
	});
	afterAll(() => w.close());

	it('carries the logs and metric values into a re-imported workshop', async () => {
		const archive = await api<Record<string, unknown>>(server, `/api/workshops/${w.workshop.workshopId}/export/json`, undefined, { authorization: `Bearer ${w.ines.token}` });
		expect(archive.status).toBe(200);
		const field = archive.body.field as { conversations: unknown[]; handoffs: unknown[]; metricValues: unknown[] };
		expect([field.conversations.length, field.handoffs.length, field.metricValues.length]).toEqual([5, 1, 1]);
		const imported = await api<CreateWorkshopResponse>(server, '/api/workshops/import', archive.body);
		expect(imported.status).toBe(201);
		const id = imported.body.workshopId;
		const carla = (await api<JoinResponse>(server, `/api/workshops/${id}/facilitate`, { key: imported.body.facilitatorKey, name: 'Carla' })).body;
		const view = (await api<FieldResponse>(server, `/api/workshops/${id}/field`, undefined, { authorization: `Bearer ${carla.token}` })).body;
		expect(view.phase.status).toBe('closed');
		expect(view.view.totals.logs).toBe(5);
		expect(view.view.failing).toEqual(['k2']);
		expect(view.leads.leads).toBe(1);
		expect(view.metrics[0]!.latest?.value).toBe(42);

		// One record naming a claim that was never signed refuses the whole archive.
		const tampered = structuredClone(archive.body) as { field: { conversations: { uses: { claimId: string }[] }[] } };
		tampered.field.conversations[0]!.uses[0]!.claimId = 'k9';
		const refused = await api<{ error: { code: string } }>(server, '/api/workshops/import', tampered);
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe('invalid-archive');
	});

	it('starts the next round with the failing claim and the top objection on its Draft board', async () => {
		expect((await api(server, `/api/workshops/${w.workshop.workshopId}/next-round`, { versionId: w.versionId, fromField: true }, { authorization: `Bearer ${w.anna.token}` })).status).toBe(403);
		const next = await api<CreateWorkshopResponse>(server, `/api/workshops/${w.workshop.workshopId}/next-round`, { versionId: w.versionId, fromField: true }, { authorization: `Bearer ${w.carla.token}` });
		expect(next.status).toBe(201);
		const carla = (await api<JoinResponse>(server, `/api/workshops/${next.body.workshopId}/facilitate`, { key: next.body.facilitatorKey, name: 'Carla' })).body;
		const reader = connect(server, next.body.workshopId, 'content', carla.token, new Y.Doc());
		try {
			await synced(reader);
			const notes = content.notes(reader.doc).list();
			const failing = notes.find((note) => note.column === 'customers-say');
			expect(failing?.text).toContain('Fails in the field: "Installs in one day, without a workshop visit"');
			expect(failing?.text).toContain('From the field:');
			expect(failing?.lineId).toBe('claim-k2');
			const objection = notes.find((note) => note.column === 'objections');
			expect(objection?.text).toMatch(/^Installing on 200 trucks will take months\n\nFrom the field: Heard in 5 of 5 conversations/);
			// Without fromField the board starts as the version left it.
			const plain = await api<CreateWorkshopResponse>(server, `/api/workshops/${w.workshop.workshopId}/next-round`, { versionId: w.versionId }, { authorization: `Bearer ${w.carla.token}` });
			expect(plain.status).toBe(201);
		} finally {
			reader.destroy();
		}
	});
});

describe('the field view on two instances (PostgreSQL + Redis)', () => {
	let postgres: Postgres;
	let redis: RedisServer;
	let a: RunningServer;
	let b: RunningServer;
	beforeAll(async () => {
		[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const env = { DATABASE_URL: await postgres.createDatabase('field_view'), REDIS_URL: redis.url, PLUMBLINE_SECRET: 'field-view-test-secret-'.repeat(3), PLUMBLINE_LOG_LEVEL: 'warn' };
		a = await startServer({ env });
		b = await startServer({ env });
		await eventually(async () => {
			for (const server of [a, b]) expect(((await (await fetch(`${server.url}/readyz`)).json()) as { status: string }).status).toBe('ready');
		}, 15_000, 100);
	}, 60_000);
	afterAll(async () => {
		await Promise.allSettled([a?.stop(), b?.stop()]);
		await Promise.allSettled([redis?.stop(), postgres?.destroy()]);
	});

	it('wakes a poll waiting on one instance when someone logs on the other', async () => {
		const w = await openField(a);
		try {
			const { revision } = (await w.field(w.kim)).body;
			// The poll waits on B, which learns of the log made on A through the fan-out.
			const poll = api<FieldResponse>(b, `/api/workshops/${w.workshop.workshopId}/field?after=${revision}`, undefined, { authorization: `Bearer ${w.kim.token}` });
			expect((await w.intent(w.anna, conversation([{ claimId: 'k1', outcome: 'worked' }]))).status).toBe(200);
			const woken = await poll;
			expect(woken.status).toBe(200);
			expect(woken.body.revision).toBeGreaterThan(revision);
			expect(woken.body.view.totals.logs).toBe(1);
		} finally {
			w.close();
		}
	});
});
