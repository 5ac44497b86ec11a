/**
 * Moving from the embedded SQLite file to PostgreSQL: a workshop filled through the
 * real server (every stage: draft, stress test, votes, ratings, private notes,
 * agreements, ramp-up, versions and signatures) arrives with every table row and
 * both documents intact, the same sessions still work, and a second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { claims, content, lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { startServer, eventually, tempDataDir, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';
import { startPostgres, type Postgres } from '../support/services.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const secret = 'move-to-postgres-test-secret-'.repeat(2);

let postgres: Postgres;
/** Every server a test starts, stopped after all even when a test fails half-way. */
const servers: RunningServer[] = [];

async function serve(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
	const server = await startServer(options);
	servers.push(server);
	return server;
}

beforeAll(async () => {
	postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
	await Promise.allSettled(servers.map((server) => server.stop()));
	await postgres?.destroy();
});

type Answer = { applied?: string; error?: { code: string } };

function paragraph(doc: Y.Doc, lineId: string, text: string): void {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	lineFragment(doc, lineId).insert(0, [p]);
}

/** A workshop with something in every stage, written through the server's own API and sync. */
async function fill(server: RunningServer, title: string) {
	const workshop = await createWorkshop(server, title);
	const intent = (who: JoinResponse, body: Record<string, unknown>) =>
		api<Answer>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla Mendes', team: 'sales' })).body;
	const anna = await join(server, workshop, 'Anna Lindqvist', 'sales');
	const elif = await join(server, workshop, 'Elif Kaya', 'marketing');
	const ines = await join(server, workshop, 'Ines Duarte', 'leadership');
	await join(server, workshop, 'Kim Larsen', 'observer');

	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	const by = { authorId: anna.participantId, authorTeam: 'sales' as const, createdAt: 1 };
	writer.doc.transact(() => {
		paragraph(writer.doc, 'headline', 'Keep every truck on the road');
		paragraph(writer.doc, 'oneLiner', 'Fleetwise predicts breakdowns before they happen.');
		claims.add(writer.doc, 'k1');
		paragraph(writer.doc, 'claim-k1', 'Cuts unplanned vehicle-off-road time by 30%');
		content.notes(writer.doc).add({ id: 'n1', ...by, column: 'pains', text: 'A truck off the road costs €1,200 a day', order: 1, lineId: 'headline' });
		content.phrasings(writer.doc).add({ id: 'alt', ...by, lineId: 'headline', text: 'No more surprise breakdowns' });
		content.scenarios(writer.doc).add({ id: 's1', ...by, title: 'First call', objection: 'We already have OEM telematics' });
		content.glossary(writer.doc).add({ id: 'g1', ...by, marketingSays: 'uptime', salesSays: 'availability', weSay: 'uptime', definition: 'Hours on the road', example: '98% uptime' });
		content.metrics(writer.doc).add({ id: 'm1', ...by, name: 'SQL to win', measures: 'Won deals per qualified lead', ownerTeam: 'both', target: '25%', horizon: 'quarter', source: 'CRM', sharedCommitment: true });
		content.handoff(writer.doc).add({ id: 'h1', ...by, field: 'Fleet size', wantedBy: ['sales'], status: 'required' });
		content.timeline(writer.doc).add({ id: 't1', ...by, title: 'Day one briefing', phase: 'day-one', anchor: 'launch', offsetDays: 0, date: '', time: '09:00', durationMinutes: 60, ownerTeam: 'sales', channel: 'meeting', callToAction: 'Book 3 demos', targets: '3 demos each', materials: 'Deck v2', materialsStatus: 'ready' });
		content.handoffTerms(writer.doc).followUp.insert(0, 'Sales calls within one working day.');
	});
	await writer.written();

	// Votes, ratings and private notes live in tables; versions and signatures in both.
	expect((await intent(carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
	const control = connect(server, workshop.workshopId, 'control', carla.token);
	await synced(control);
	const voteId = readControl(control.doc).votes[0]!.id;
	expect((await intent(anna, { type: 'vote.cast', voteId, allocation: { alt: 1 } })).status).toBe(200);
	expect((await intent(elif, { type: 'vote.cast', voteId, allocation: { current: 1 } })).status).toBe(200);
	expect((await intent(carla, { type: 'vote.close', voteId })).status).toBe(200);
	expect((await intent(carla, { type: 'vote.reveal', voteId })).status).toBe(200);
	expect((await intent(carla, { type: 'rating.open', scenarioIds: ['s1'] })).status).toBe(200);
	const roundId = await eventually(() => readControl(control.doc).ratings[0]!.id);
	expect((await intent(anna, { type: 'rating.cast', roundId, scores: { k1: { true: 4 } } })).status).toBe(200);
	expect((await intent(carla, { type: 'brainstorm.start' })).status).toBe(200);
	expect((await intent(elif, { type: 'brainstorm.addNote', column: 'pains', text: 'Drivers distrust cab monitoring' })).status).toBe(200);
	expect((await intent(carla, { type: 'version.save', name: 'Signed-off draft' })).status).toBe(200);
	const versionId = await eventually(() => readControl(control.doc).versions[0]!.id);
	expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId] })).status).toBe(200);
	expect((await intent(ines, { type: 'signoff.sign', versionId })).status).toBe(200);
	await eventually(() => expect(readControl(control.doc).signoffs).toHaveLength(1));
	// The field's records live in tables too.
	expect((await intent(carla, { type: 'field.open' })).status).toBe(200);
	expect((await intent(anna, { type: 'field.log', id: 'log-1', uses: [{ claimId: 'k1', outcome: 'objection', objection: 'We already have OEM telematics' }] })).status).toBe(200);
	expect((await intent(elif, { type: 'field.metric', metricId: 'm1', date: '2027-01-15', value: 0.25 })).status).toBe(200);
	writer.destroy();
	control.destroy();
	return { workshop, carla, ines, versionId };
}

interface Snapshot {
	content: unknown;
	control: unknown;
	markdown: string;
	version: unknown;
}

async function look(server: RunningServer, workshop: CreateWorkshopResponse, carla: JoinResponse, ines: JoinResponse, versionId: string): Promise<Snapshot> {
	const read = async (kind: 'content' | 'control') => {
		const client = connect(server, workshop.workshopId, kind, carla.token);
		await synced(client);
		const json = client.doc.toJSON();
		client.destroy();
		return json;
	};
	const get = (p: string, token: string) => fetch(`${server.url}/api/workshops/${workshop.workshopId}${p}`, { headers: { authorization: `Bearer ${token}` } });
	const markdown = await (await get('/export/md', ines.token)).text();
	const version = await get(`/versions/${versionId}`, carla.token);
	expect(version.status).toBe(200);
	return {
		content: await read('content'),
		control: await read('control'),
		// The export names the moment it was made; everything else must match.
		markdown: markdown.replace(/^.*(Exported|Generated).*$/gim, ''),
		// Likewise the moment the view of the version was made.
		version: JSON.parse(JSON.stringify(await version.json()).replace(/"generatedAt":"[^"]*"/g, '"generatedAt":""'))
	};
}

const TABLES: Record<string, string> = {
	workshops: 'id',
	participants: 'id',
	sessions: 'id',
	private_notes: 'id',
	ballots: 'vote_id, voter_id',
	ratings: 'round_id, rater_id',
	versions: 'id',
	field_logs: 'workshop_id, id',
	metric_values: 'workshop_id, metric_id, date'
};

/** Every row, with bytes as hex and numbers as numbers, so both databases compare equal. */
function normalise(rows: Record<string, unknown>[]): Record<string, unknown>[] {
	return rows.map((row) =>
		Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'string' && /^\d+$/.test(v) && (k === 'at' || k.endsWith('_at')) ? Number(v) : v]))
	);
}

describe('npm run sqlite-to-postgres', () => {
	it('moves every workshop with every section intact, and a second run adds nothing', async () => {
		const dataDir = tempDataDir();
		const sqliteServer = await serve({ dataDir, env: { PLUMBLINE_SECRET: secret } });
		const first = await fill(sqliteServer, 'Q1 launch — Uptime Guarantee');
		const second = await fill(sqliteServer, 'Q2 launch — Parts Express');
		const before = [
			await look(sqliteServer, first.workshop, first.carla, first.ines, first.versionId),
			await look(sqliteServer, second.workshop, second.carla, second.ines, second.versionId)
		];
		expect(await sqliteServer.stop()).toBe(0);

		const file = path.join(dataDir, 'plumbline.sqlite');
		const databaseUrl = await postgres.createDatabase('moved');
		const env = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, DATA_DIR: dataDir };
		const moved = await run(process.execPath, [path.join(root, 'dist/server/sqlite-to-postgres.js'), file], { env });
		expect(moved.stdout).toMatch(/Moved .* into PostgreSQL: 2 workshops, 10 participants, \d+ sessions, 2 private_notes, 4 ballots, 2 ratings, 2 versions, 2 field_logs, 2 metric_values; 4 documents\./);

		// Row for row, table by table.
		const sqlite = new DatabaseSync(file, { readOnly: true });
		const client = new pg.Client({ connectionString: databaseUrl });
		await client.connect();
		for (const [table, key] of Object.entries(TABLES)) {
			const from = normalise(sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all() as Record<string, unknown>[]);
			const to = normalise((await client.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows);
			expect(to, table).toEqual(from);
			expect(from.length, table).toBeGreaterThan(0);
		}
		sqlite.close();

		// Again: nothing twice.
		const again = await run(process.execPath, [path.join(root, 'dist/server/sqlite-to-postgres.js'), file], { env });
		expect(again.stdout).toContain('0 workshops, 0 participants, 0 sessions');
		expect(Number((await client.query('SELECT COUNT(*) AS n FROM ballots')).rows[0].n)).toBe(4);
		await client.end();

		// The same people, with the same sessions, see the same workshop on PostgreSQL.
		const pgServer = await serve({ env: { DATABASE_URL: databaseUrl, PLUMBLINE_SECRET: secret } });
		const after = [
			await look(pgServer, first.workshop, first.carla, first.ines, first.versionId),
			await look(pgServer, second.workshop, second.carla, second.ines, second.versionId)
		];
		for (const [i, snapshot] of after.entries()) {
			for (const part of ['content', 'control', 'markdown', 'version'] as const) expect(snapshot[part], part).toEqual(before[i]![part]);
		}
		expect(after[0]!.markdown).toContain('Keep every truck on the road');
		expect(after[1]!.markdown).toContain('Q2 launch');
		await pgServer.stop();
	}, 90_000);

	it('refuses clearly, moving nothing, without DATABASE_URL or when a join code is taken', async () => {
		const dataDir = tempDataDir();
		const server = await serve({ dataDir, env: { PLUMBLINE_SECRET: secret } });
		const workshop = await createWorkshop(server, 'Clash');
		await server.stop();
		const file = path.join(dataDir, 'plumbline.sqlite');
		const script = path.join(root, 'dist/server/sqlite-to-postgres.js');

		const noUrl = await run(process.execPath, [script, file], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } }).catch((error) => error);
		expect(noUrl.code).toBe(1);
		expect(noUrl.stderr).toContain('Set DATABASE_URL');

		const databaseUrl = await postgres.createDatabase('clash');
		// The schema, as a server migrates it at start; then another workshop takes the code.
		const pgServer = await serve({ env: { DATABASE_URL: databaseUrl, PLUMBLINE_SECRET: secret } });
		await pgServer.stop();
		const owner = new pg.Client({ connectionString: databaseUrl });
		await owner.connect();
		await owner.query("INSERT INTO workshops VALUES ('other', $1, 'Other', '', '', '', 'x', 1)", [workshop.joinCode]);
		const clash = await run(process.execPath, [script, file], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DATABASE_URL: databaseUrl } }).catch((error) => error);
		expect(clash.code).toBe(1);
		expect(clash.stderr).toContain(`Nothing was moved: join codes already used by other workshops in PostgreSQL: ${workshop.joinCode}`);
		expect((await owner.query('SELECT id FROM workshops')).rows).toEqual([{ id: 'other' }]);
		await owner.end();
	}, 60_000);
});
