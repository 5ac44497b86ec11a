/**
 * Several instances on one PostgreSQL and one Redis behave as one server: real
 * built servers, a real cluster and redis-server started by this file, real
 * y-websocket clients on different instances. Faults are real too: SIGKILL of an
 * instance, Redis stopped and restarted, PostgreSQL stopped and restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import pg from 'pg';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { content, lineFragment, lineText, readControl } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, joinByLink, synced, type SyncClient } from '../support/clients.js';
import { JOIN_CODE_ALPHABET } from '../../src/lib/domain/joinCode.js';
import { startPostgres, startRedis, type Postgres, type RedisServer } from '../support/services.js';

let postgres: Postgres;
let redis: RedisServer;
let env: Record<string, string>;
let a: RunningServer;
let b: RunningServer;
let databaseUrl: string;
/** Instances a test starts beyond A and B: stopped after all, even when a test fails half-way. */
const extra: RunningServer[] = [];

async function another(): Promise<RunningServer> {
	const server = await startServer({ env });
	extra.push(server);
	return server;
}

/** Both connections to Redis up, storage answering. */
async function ready(server: RunningServer, timeoutMs = 15_000): Promise<void> {
	await eventually(async () => {
		const state = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string };
		expect(state.status).toBe('ready');
	}, timeoutMs, 100);
}

async function readiness(server: RunningServer): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${server.url}/readyz`);
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	databaseUrl = await postgres.createDatabase('scale_out');
	env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PLUMBLINE_SECRET: 'scale-out-test-secret-'.repeat(3), PLUMBLINE_LOG_LEVEL: 'warn' };
	// Both at once: their migrations at start meet on the same empty database.
	[a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
	await Promise.all([ready(a), ready(b)]);
}, 60_000);

afterAll(async () => {
	await Promise.allSettled([a?.stop(), b?.stop(), ...extra.map((server) => server.stop())]);
	await Promise.allSettled([redis?.stop(), postgres?.destroy()]);
});

type Answer = { applied?: string; error?: { code: string } };

function intent(server: RunningServer, workshop: CreateWorkshopResponse, who: JoinResponse, body: Record<string, unknown>) {
	return api<Answer>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
}

async function facilitate(server: RunningServer, workshop: CreateWorkshopResponse, name = 'Carla'): Promise<JoinResponse> {
	return (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name, team: 'sales' })).body;
}

function typeParagraph(doc: Y.Doc, lineId: string, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	lineFragment(doc, lineId).insert(lineFragment(doc, lineId).length, [paragraph]);
}

/** Append to the first paragraph of a line (typing, one character at a time). */
function typeInto(doc: Y.Doc, lineId: string, chars: string): void {
	const fragment = lineFragment(doc, lineId);
	doc.transact(() => {
		if (fragment.length === 0) fragment.insert(0, [new Y.XmlElement('paragraph')]);
		const paragraph = fragment.get(0) as Y.XmlElement;
		if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText('')]);
		const text = paragraph.get(0) as Y.XmlText;
		text.insert(text.length, chars);
	});
}

type Opening = readonly [RunningServer, string, JoinResponse, 'content' | 'control'];

/** One synced client per [instance, workshop, person, document], in the same order. */
async function openClients<const P extends readonly Opening[]>(pairs: P): Promise<{ -readonly [K in keyof P]: SyncClient }> {
	const clients = pairs.map(([server, workshopId, who, kind]) => connect(server, workshopId, kind, who.token));
	await Promise.all(clients.map((c) => synced(c)));
	return clients as { -readonly [K in keyof P]: SyncClient };
}

/** A headline with a second phrasing, a single-choice vote opened on A, `control` watched on B. */
async function openHeadlineVote(workshop: CreateWorkshopResponse, carla: JoinResponse) {
	const [writer] = await openClients([[a, workshop.workshopId, carla, 'content']]);
	typeParagraph(writer.doc, 'headline', 'Keep every truck on the road');
	content.phrasings(writer.doc).add({ id: 'alt', authorId: carla.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
	await writer.written();
	expect((await intent(a, workshop, carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
	const [control] = await openClients([[b, workshop.workshopId, carla, 'control']]);
	const voteId = await eventually(() => readControl(control.doc).votes[0]!.id);
	return { writer, control, voteId };
}

describe('two instances, one database, one Redis', () => {
	it('converge on text, notes and a vote, with people on both', async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const anna = await join(b, workshop, 'Anna', 'sales');
		const elif = await join(a, workshop, 'Elif', 'marketing');
		const [onA, onB] = await openClients([
			[a, workshop.workshopId, elif, 'content'],
			[b, workshop.workshopId, anna, 'content']
		]);

		typeParagraph(onA.doc, 'headline', 'Keep every truck on the road');
		typeParagraph(onB.doc, 'oneLiner', 'Fleetwise predicts breakdowns');
		content.notes(onB.doc).add({ id: 'n1', column: 'pains', text: 'Trucks off the road cost €1,200 a day', order: 1, lineId: '', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1 });
		content.phrasings(onA.doc).add({ id: 'alt', authorId: elif.participantId, authorTeam: 'marketing', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
		for (const client of [onA, onB]) {
			await eventually(() => {
				expect(lineText(client.doc, 'headline')).toBe('Keep every truck on the road');
				expect(lineText(client.doc, 'oneLiner')).toBe('Fleetwise predicts breakdowns');
				expect(content.notes(client.doc).list().map((n) => n.text)).toEqual(['Trucks off the road cost €1,200 a day']);
			});
		}

		// The vote opens on B, whose room learned the phrasing from A through Redis.
		await eventually(() => expect(content.phrasings(onB.doc).get('alt')).toBeDefined());
		expect((await intent(b, workshop, carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
		const [controlA, controlB] = await openClients([
			[a, workshop.workshopId, elif, 'control'],
			[b, workshop.workshopId, anna, 'control']
		]);
		const voteId = await eventually(() => {
			const vote = readControl(controlA.doc).votes[0];
			expect(vote?.status).toBe('open');
			return vote!.id;
		});
		expect((await intent(b, workshop, anna, { type: 'vote.cast', voteId, allocation: { alt: 1 } })).status).toBe(200);
		expect((await intent(a, workshop, elif, { type: 'vote.cast', voteId, allocation: { current: 1 } })).status).toBe(200);
		for (const control of [controlA, controlB]) await eventually(() => expect(readControl(control.doc).votes[0]?.voters).toBe(2));
		expect((await intent(a, workshop, carla, { type: 'vote.close', voteId })).status).toBe(200);
		expect((await intent(b, workshop, carla, { type: 'vote.reveal', voteId })).status).toBe(200);
		for (const control of [controlA, controlB]) {
			await eventually(() => {
				const results = readControl(control.doc).votes[0]?.results;
				expect(results?.totals).toEqual({ alt: 1, current: 1 });
			});
		}
		for (const client of [onA, onB, controlA, controlB]) client.destroy();
	});

	it('passes presence across instances, with the identity from the session', async () => {
		const workshop = await createWorkshop(a);
		const anna = await join(a, workshop, 'Anna', 'sales');
		const elif = await join(b, workshop, 'Elif', 'marketing');
		// Anna is there first; B opens the room only when Elif arrives, and must learn who is here.
		const [onA] = await openClients([[a, workshop.workshopId, anna, 'content']]);
		onA.provider.awareness.setLocalStateField('user', { name: 'Someone else entirely' });
		onA.provider.awareness.setLocalStateField('cursor', { lineId: 'headline', anchor: 3 });
		// A has Anna's presence once another client there sees it.
		const [watcherOnA] = await openClients([[a, workshop.workshopId, await join(a, workshop, 'Watcher', 'observer'), 'content']]);
		await eventually(() => expect((watcherOnA.provider.awareness.getStates().get(onA.doc.clientID) as { cursor?: unknown } | undefined)?.cursor).toEqual({ lineId: 'headline', anchor: 3 }));
		watcherOnA.destroy();
		const [onB] = await openClients([[b, workshop.workshopId, elif, 'content']]);
		await eventually(() => {
			const state = onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name: string; team: string }; cursor?: unknown } | undefined;
			expect(state?.cursor).toEqual({ lineId: 'headline', anchor: 3 });
			expect(state?.user).toMatchObject({ name: 'Anna', team: 'sales' });
		});
		// Leaving is seen across instances too.
		onA.destroy();
		await eventually(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));
		onB.destroy();
	});

	it("applies a freeze made on A to edits arriving through B, and loses nothing on unfreeze", async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const anna = await join(b, workshop, 'Anna', 'sales');
		const [participantOnB, facilitatorOnB, readerOnA] = await openClients([
			[b, workshop.workshopId, anna, 'content'],
			[b, workshop.workshopId, carla, 'content'],
			[a, workshop.workshopId, carla, 'content']
		]);
		expect((await intent(a, workshop, carla, { type: 'room.freeze', frozen: true })).status).toBe(200);
		typeParagraph(participantOnB.doc, 'headline', 'written while frozen');
		// The facilitator may still write: when their later edit has arrived on A, the participant's would have too.
		typeParagraph(facilitatorOnB.doc, 'oneLiner', 'facilitator while frozen');
		await eventually(() => expect(lineText(readerOnA.doc, 'oneLiner')).toBe('facilitator while frozen'));
		expect(lineText(readerOnA.doc, 'headline')).toBe('');
		expect(lineText(facilitatorOnB.doc, 'headline')).toBe('');
		const fresh = connect(a, workshop.workshopId, 'content', carla.token);
		await synced(fresh);
		expect(lineText(fresh.doc, 'headline')).toBe('');

		expect((await intent(a, workshop, carla, { type: 'room.freeze', frozen: false })).status).toBe(200);
		await eventually(() => expect(lineText(readerOnA.doc, 'headline')).toBe('written while frozen'));
		for (const client of [participantOnB, facilitatorOnB, readerOnA, fresh]) client.destroy();
	});

	it('closes the sockets of a participant removed on A wherever they are, and of one promoted, so they reconnect with new rights', async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const farid = await join(b, workshop, 'Farid', 'marketing');
		const greta = await join(b, workshop, 'Greta', 'marketing');
		const [faridOnB, gretaOnB] = await openClients([
			[b, workshop.workshopId, farid, 'content'],
			[b, workshop.workshopId, greta, 'control']
		]);
		const closes = { farid: [] as number[], greta: [] as number[] };
		faridOnB.provider.on('connection-close', (event) => closes.farid.push(event?.code ?? 0));
		gretaOnB.provider.on('connection-close', (event) => closes.greta.push(event?.code ?? 0));
		expect((await intent(a, workshop, carla, { type: 'participant.remove', participantId: farid.participantId })).status).toBe(200);
		expect((await intent(a, workshop, carla, { type: 'participant.promote', participantId: greta.participantId })).status).toBe(200);
		await eventually(() => expect(closes.farid).toEqual([4403]));
		await eventually(() => expect(closes.greta).toContain(4001));
		// Greta's reconnect gets her new rights; Farid's session is refused by either instance.
		await eventually(() => expect(gretaOnB.provider.wsconnected).toBe(true));
		expect((await api(a, `/api/workshops/${workshop.workshopId}/intents`, { type: 'stage.set', stageId: 'draft' }, { authorization: `Bearer ${farid.token}` })).status).toBe(403);
		faridOnB.destroy();
		gretaOnB.destroy();
	});

	it('takes a participant moved to another breakout group on A off the old group\'s draft on B at once', async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const people = [];
		for (const [name, team] of [['Sam', 'sales'], ['Sue', 'sales'], ['Mia', 'marketing'], ['Max', 'marketing']] as const) people.push(await join(a, workshop, name, team));
		expect((await intent(a, workshop, carla, { type: 'stage.set', stageId: 'draft' })).status).toBe(200);
		expect((await intent(a, workshop, carla, { type: 'breakout.open', groupCount: 2 })).status).toBe(200);
		expect((await intent(a, workshop, carla, { type: 'breakout.start', minutes: 15 })).status).toBe(200);
		const [control] = await openClients([[b, workshop.workshopId, carla, 'control']]);
		const groups = await eventually(() => {
			const round = readControl(control.doc).breakouts[0]!;
			expect(round.status).toBe('drafting');
			return round.groups;
		});
		const sam = people[0]!;
		const from = groups.find((g) => g.memberIds.includes(sam.participantId))!.id;
		const to = groups.find((g) => g.id !== from)!.id;
		const onB = connect(b, workshop.workshopId, `group-${from}` as 'content', sam.token);
		await synced(onB);
		const closes: number[] = [];
		onB.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		expect((await intent(a, workshop, carla, { type: 'breakout.move', participantId: sam.participantId, groupId: to })).status).toBe(200);
		await eventually(() => expect(closes).toContain(4002));
		// B now refuses Sam on the old group's draft (the reconnect stays out) and lets him into the new one.
		typeInto(onB.doc, 'headline', 'too late');
		const [witness] = await openClients([[b, workshop.workshopId, carla, `group-${from}` as 'content']]);
		expect(lineText(witness.doc, 'headline')).toBe('');
		const [mine] = await openClients([[b, workshop.workshopId, sam, `group-${to}` as 'content']]);
		for (const client of [control, onB, witness, mine]) client.destroy();
	});

	it('shares the budget of wrong join codes: guesses spread over instances are counted once, together', async () => {
		// One wrong code a minute, counted over an hour: 60 distinct wrong codes per network.
		const strict = { ...env, PLUMBLINE_JOIN_FAILURES_PER_MINUTE: '1' };
		const [c, d] = await Promise.all([startServer({ env: strict }), startServer({ env: strict })]);
		extra.push(c, d);
		await Promise.all([ready(c), ready(d)]);
		const workshop = await createWorkshop(c);
		const guess = (server: RunningServer, i: number) =>
			api<{ error?: { code: string } }>(server, '/api/join', { code: `KM${JOIN_CODE_ALPHABET[i % 23]}${JOIN_CODE_ALPHABET[Math.floor(i / 23)]}XY`, name: 'Eve', team: 'sales' });
		for (let i = 0; i < 60; i++) expect((await guess(i % 2 ? c : d, i)).status, `guess ${i}`).toBe(404);
		for (const server of [c, d]) {
			expect((await guess(server, 61)).status).toBe(429);
			expect((await api(server, '/api/join', { code: workshop.joinCode, name: 'Eve', team: 'sales' })).status).toBe(429);
			// Invitation links are never limited, on any instance.
			expect((await joinByLink(server, workshop, 'Farid', 'marketing')).status).toBe(200);
		}
	}, 60_000);

	it('counts a double vote sent to both instances at once as one ballot', async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const anna = await join(a, workshop, 'Anna', 'sales');
		const { writer, control, voteId } = await openHeadlineVote(workshop, carla);

		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) => intent(i % 2 === 0 ? a : b, workshop, anna, { type: 'vote.cast', voteId, allocation: { [i % 2 === 0 ? 'alt' : 'current']: 1 } }))
		);
		expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
		await eventually(() => expect(readControl(control.doc).votes[0]?.voters).toBe(1));
		const database = new pg.Client({ connectionString: databaseUrl });
		await database.connect();
		const { rows } = await database.query('SELECT voter_id FROM ballots WHERE vote_id = $1', [voteId]);
		await database.end();
		expect(rows).toEqual([{ voter_id: anna.participantId }]);
		expect((await intent(b, workshop, carla, { type: 'vote.close', voteId })).status).toBe(200);
		expect((await intent(a, workshop, carla, { type: 'vote.reveal', voteId })).status).toBe(200);
		// One voter is fewer than the minimum to publish figures: the count is what shows.
		await eventually(() => expect(readControl(control.doc).votes[0]?.results?.voters).toBe(1));
		writer.destroy();
		control.destroy();
	});

	it('closes a vote while ballots pour into both instances: every ballot accepted is counted, none after the close', async () => {
		const workshop = await createWorkshop(a);
		const carla = await facilitate(a, workshop);
		const voters = await Promise.all(Array.from({ length: 40 }, (_, i) => join(i % 2 === 0 ? a : b, workshop, `Voter ${i}`, i % 2 === 0 ? 'sales' : 'marketing')));
		const { writer, control, voteId } = await openHeadlineVote(workshop, carla);

		const casts = voters.map((voter, i) => intent(i % 2 === 0 ? a : b, workshop, voter, { type: 'vote.cast', voteId, allocation: { [i % 3 === 0 ? 'alt' : 'current']: 1 } }));
		// The close goes in once the first ballot is answered, so it lands among the rest.
		// The reveal follows at once, while ballots still arrive: one slipping past the close
		// would be stored but missing from the published results.
		const closed = Promise.race(casts).then(() => intent(b, workshop, carla, { type: 'vote.close', voteId }));
		const revealed = closed.then(() => intent(b, workshop, carla, { type: 'vote.reveal', voteId }));
		const answers = await Promise.all(casts);
		expect((await closed).status).toBe(200);
		expect((await revealed).status).toBe(200);

		const accepted = answers.filter((r) => r.status === 200).length;
		expect(answers.filter((r) => r.status !== 200).every((r) => r.body.error?.code === 'vote-closed')).toBe(true);
		const database = new pg.Client({ connectionString: databaseUrl });
		await database.connect();
		const { rows } = await database.query('SELECT count(*)::int AS n FROM ballots WHERE vote_id = $1', [voteId]);
		await database.end();
		expect(rows[0].n).toBe(accepted);
		await eventually(() => {
			const vote = readControl(control.doc).votes[0];
			expect(Object.values(vote?.results?.totals ?? {}).reduce((sum, n) => sum + n, 0)).toBe(accepted);
			expect(vote?.voters).toBe(accepted);
		});
		writer.destroy();
		control.destroy();
	});
});

describe('faults', () => {
	it('loses no edit when an instance is killed mid-typing: its clients move to the other', async () => {
		const [c, d] = await Promise.all([another(), another()]);
		await Promise.all([ready(c), ready(d)]);
		const workshop = await createWorkshop(c);
		const people = await Promise.all(['Anna', 'Björn', 'Elif', 'Farid'].map((name, i) => join(i % 2 === 0 ? c : d, workshop, name, i < 2 ? 'sales' : 'marketing')));
		const writers: SyncClient[] = await openClients(people.map((who, i): Opening => [i % 2 === 0 ? c : d, workshop.workshopId, who, 'content']));
		// What a load balancer does once C is gone: the next connection attempt reaches D.
		for (const [i, writer] of writers.entries()) {
			if (i % 2 === 0) writer.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && (writer.provider.serverUrl = writer.provider.serverUrl.replace(c.wsUrl, d.wsUrl)));
		}
		const lines = ['headline', 'oneLiner', 'need', 'differentiator'];
		const expected = lines.map(() => '');
		let killed = false;
		for (let step = 0; step < 60; step++) {
			for (const [i, writer] of writers.entries()) {
				const char = String.fromCharCode(97 + ((step + i) % 26));
				typeInto(writer.doc, lines[i]!, char);
				expected[i] += char;
			}
			if (step === 25) {
				await c.kill();
				killed = true;
			}
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(killed).toBe(true);
		const reader = connect(d, workshop.workshopId, 'content', people[1]!.token);
		await synced(reader);
		for (const client of [...writers, reader]) {
			await eventually(() => {
				for (const [i, line] of lines.entries()) expect(lineText(client.doc, line)).toBe(expected[i]);
			}, 15_000);
		}
		// And it is in storage: a new instance loading the room from PostgreSQL has every character.
		for (const client of [...writers, reader]) client.destroy();
		await d.stop();
		const e = await another();
		await ready(e);
		const late = connect(e, workshop.workshopId, 'content', people[0]!.token);
		await synced(late);
		for (const [i, line] of lines.entries()) expect(lineText(late.doc, line)).toBe(expected[i]);
		late.destroy();
		await e.stop();
	}, 60_000);

	it('keeps serving while Redis is down, says so, and converges when it is back', async () => {
		const workshop = await createWorkshop(a);
		const anna = await join(a, workshop, 'Anna', 'sales');
		const elif = await join(b, workshop, 'Elif', 'marketing');
		const [onA, onB, alsoOnA] = await openClients([
			[a, workshop.workshopId, anna, 'content'],
			[b, workshop.workshopId, elif, 'content'],
			[a, workshop.workshopId, elif, 'content']
		]);
		typeParagraph(onA.doc, 'headline', 'before');
		await eventually(() => expect(lineText(onB.doc, 'headline')).toBe('before'));
		const carla = await facilitate(a, workshop);
		const farid = await join(b, workshop, 'Farid', 'marketing');
		const [faridOnB] = await openClients([[b, workshop.workshopId, farid, 'content']]);
		const closes: number[] = [];
		faridOnB.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

		await redis.stop();
		await eventually(async () => expect((await readiness(a)).body).toMatchObject({ status: 'degraded', fanout: 'degraded', storage: 'ok' }));
		expect(await (await fetch(`${a.url}/metrics`)).text()).toContain('plumbline_fanout_up 0');
		const heardOnA = async () => Number(/plumbline_fanout_messages_total\{direction="in"\} (\d+)/.exec(await (await fetch(`${a.url}/metrics`)).text())![1]);
		const heardBefore = await heardOnA();
		typeParagraph(onA.doc, 'oneLiner', 'written on A during the outage');
		typeParagraph(onB.doc, 'need', 'written on B during the outage');
		content.notes(onB.doc).add({ id: 'outage', column: 'pains', text: 'a note from B', order: 1, lineId: '', authorId: elif.participantId, authorTeam: 'marketing', createdAt: 1 });
		// Removed on A while B cannot hear it: B closes his socket once it can (storage tells).
		expect((await intent(a, workshop, carla, { type: 'participant.remove', participantId: farid.participantId })).status).toBe(200);
		// Each instance still serves its own clients.
		await eventually(() => expect(lineText(alsoOnA.doc, 'oneLiner')).toBe('written on A during the outage'));
		// B has its edit, and A heard nothing from any other instance since the outage began.
		await onB.written();
		expect(await heardOnA()).toBe(heardBefore);
		expect(lineText(onA.doc, 'need')).toBe('');

		// An instance started during the outage serves alone, and joins the others when Redis is back.
		const late = await another();
		expect((await readiness(late)).body).toMatchObject({ status: 'degraded', fanout: 'degraded' });
		const [onLate] = await openClients([[late, workshop.workshopId, anna, 'content']]);
		typeParagraph(onLate.doc, 'benefit', 'from the instance that started alone');

		await redis.start();
		await Promise.all([ready(a, 20_000), ready(b, 20_000), ready(late, 20_000)]);
		await eventually(() => expect(lineText(onB.doc, 'benefit')).toBe('from the instance that started alone'), 15_000);
		await eventually(() => expect(lineText(onLate.doc, 'need')).toBe('written on B during the outage'), 15_000);
		onLate.destroy();
		await late.stop();
		for (const client of [onA, onB, alsoOnA]) {
			await eventually(() => {
				expect(lineText(client.doc, 'oneLiner')).toBe('written on A during the outage');
				expect(lineText(client.doc, 'need')).toBe('written on B during the outage');
				expect(content.notes(client.doc).list().map((n) => n.text)).toEqual(['a note from B']);
			}, 15_000);
		}
		await eventually(() => expect(closes).toContain(4403));
		faridOnB.destroy();
		// And live again: an edit now crosses at once.
		typeParagraph(onB.doc, 'differentiator', 'after');
		await eventually(() => expect(lineText(onA.doc, 'differentiator')).toBe('after'));
		for (const client of [onA, onB, alsoOnA]) client.destroy();
	}, 60_000);

	it('holds writes while PostgreSQL is down, says so, and stores them when it is back', async () => {
		const workshop = await createWorkshop(a);
		const anna = await join(a, workshop, 'Anna', 'sales');
		const elif = await join(b, workshop, 'Elif', 'marketing');
		const [onA, onB] = await openClients([
			[a, workshop.workshopId, anna, 'content'],
			[b, workshop.workshopId, elif, 'content']
		]);
		await postgres.stop();
		typeParagraph(onA.doc, 'headline', 'typed while the database was down');
		// People keep working together meanwhile.
		await eventually(() => expect(lineText(onB.doc, 'headline')).toBe('typed while the database was down'));
		await eventually(async () => {
			const { status, body } = await readiness(a);
			expect(status).toBe(503);
			expect(body).toMatchObject({ status: 'storage-unreachable', storage: 'unreachable' });
			expect(body.unsavedBytes as number).toBeGreaterThan(0);
		}, 15_000);

		await postgres.start();
		await eventually(async () => expect((await readiness(a)).body).toMatchObject({ status: 'ready', unsavedBytes: 0 }), 20_000, 100);
		// Straight from the database: the edit is stored.
		const database = new pg.Client({ connectionString: databaseUrl });
		await database.connect();
		const { rows } = await database.query<{ data: Buffer }>(
			"SELECT data FROM doc_snapshots WHERE doc = $1 UNION ALL SELECT data FROM doc_updates WHERE doc = $1",
			[`${workshop.workshopId}/content`]
		);
		await database.end();
		const stored = new Y.Doc();
		for (const row of rows) Y.applyUpdate(stored, row.data);
		expect(lineText(stored, 'headline')).toBe('typed while the database was down');
		onA.destroy();
		onB.destroy();
	}, 60_000);
});
