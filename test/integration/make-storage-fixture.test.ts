/**
 * Made once, with the schema of migrations 1–4 (before Kysely), to prove later
 * versions open such files: `MAKE_STORAGE_FIXTURE=1 npx vitest run --project
 * integration test/integration/make-storage-fixture.test.ts` against that build.
 * Writes test/fixtures/storage-v4/ (the data directory) and its manifest.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { startPostgres } from '../support/services.js';
import type { JoinResponse } from '../../src/lib/api.js';
import { claims, content, lineFragment, lineText, readControl } from '../../src/lib/doc/schema.js';
import { eventually, startServer, tempDataDir } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';

const out = path.resolve(import.meta.dirname, '../fixtures/storage-v4');

function paragraph(doc: Y.Doc, lineId: string, text: string): void {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	const fragment = lineFragment(doc, lineId);
	fragment.insert(fragment.length, [p]);
}

describe.runIf(process.env.MAKE_STORAGE_FIXTURE)('storage fixture', () => {
	it('makes a realistic workshop with the old schema', async () => {
		const dataDir = tempDataDir();
		// Few enough updates that some stay in the log next to the compacted snapshot.
		const server = await startServer({ dataDir, env: { PLUMBLINE_COMPACT_AFTER: '10' } });
		const workshop = await createWorkshop(server, 'Q3 launch — Fleet Uptime');
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const ines = await join(server, workshop, 'Ines', 'leadership');
		const removed = await join(server, workshop, 'Rolf', 'sales');
		const intent = (who: JoinResponse, body: Record<string, unknown>) =>
			api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });

		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(writer);
		paragraph(writer.doc, 'headline', 'Keep every truck on the road');
		for (let i = 0; i < 40; i++) paragraph(writer.doc, 'notes', `note ${i}`);
		writer.doc.transact(() => {
			claims.add(writer.doc, 'k1');
			paragraph(writer.doc, 'claim-k1', 'Cuts vehicle-off-road time by 30%');
		});
		content.phrasings(writer.doc).add({ id: 'alt', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
		content.scenarios(writer.doc).add({ id: 's1', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, title: 'First call', objection: 'We have OEM telematics' });
		const witness = connect(server, workshop.workshopId, 'content', elif.token);
		await eventually(() => expect(lineText(witness.doc, 'notes').split('\n')).toHaveLength(40));
		await eventually(() => expect(content.scenarios(witness.doc).get('s1')).toBeDefined());
		await eventually(() => expect(content.phrasings(witness.doc).get('alt')).toBeDefined());
		witness.destroy();

		const reader = connect(server, workshop.workshopId, 'control', carla.token);
		await synced(reader);
		expect((await intent(carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).votes).toHaveLength(1));
		const voteId = readControl(reader.doc).votes[0]!.id;
		expect((await intent(anna, { type: 'vote.cast', voteId, allocation: { alt: 1 } })).status).toBe(200);
		expect((await intent(elif, { type: 'vote.cast', voteId, allocation: { current: 1 } })).status).toBe(200);
		expect((await intent(carla, { type: 'rating.open', scenarioIds: ['s1'] })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).ratings).toHaveLength(1));
		const roundId = readControl(reader.doc).ratings[0]!.id;
		expect((await intent(anna, { type: 'rating.cast', roundId, scores: { k1: { true: 4, conversation: 2 } } })).status).toBe(200);
		expect((await intent(carla, { type: 'version.save', name: 'Agreed in the room' })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).versions).toHaveLength(1));
		const version = readControl(reader.doc).versions[0]!;
		expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId] })).status).toBe(200);
		expect((await intent(ines, { type: 'signoff.sign', versionId: version.id })).status).toBe(200);
		expect((await intent(carla, { type: 'brainstorm.start' })).status).toBe(200);
		expect((await intent(anna, { type: 'brainstorm.addNote', column: 'pains', text: 'Penalties for late loads' })).status).toBe(200);
		expect((await intent(elif, { type: 'brainstorm.addNote', column: 'customers-say', text: 'Drivers distrust cab monitoring' })).status).toBe(200);
		expect((await intent(carla, { type: 'participant.remove', participantId: removed.participantId })).status).toBe(200);
		const headline = lineText(writer.doc, 'headline');
		const notes = lineText(writer.doc, 'notes');
		writer.destroy();
		reader.destroy();
		expect(await server.stop()).toBe(0);

		const db = new Database(path.join(dataDir, 'plumbline.sqlite'));
		const tables = ['schema_migrations', 'workshops', 'participants', 'sessions', 'private_notes', 'ballots', 'ratings', 'versions', 'doc_snapshots', 'doc_updates'];
		const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.close();
		fs.rmSync(out, { recursive: true, force: true });
		fs.mkdirSync(out, { recursive: true });
		for (const file of ['plumbline.sqlite', 'session-secret']) fs.copyFileSync(path.join(dataDir, file), path.join(out, file));
		const manifest = {
			workshop,
			people: { carla, anna, elif, ines, removed },
			voteId,
			roundId,
			version,
			headline,
			notes,
			counts
		};
		fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');

		// The same workshop in a PostgreSQL database of that schema, moved by that version's tool, as plain SQL.
		const postgres = await startPostgres();
		try {
			const url = await postgres.createDatabase('fixture');
			const script = path.resolve(import.meta.dirname, '../../dist/server/sqlite-to-postgres.js');
			execFileSync(process.execPath, [script, path.join(out, 'plumbline.sqlite')], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, DATA_DIR: dataDir } });
			const bin = path.dirname(fs.realpathSync('/usr/lib/postgresql/' + fs.readdirSync('/usr/lib/postgresql').sort().at(-1) + '/bin/pg_dump'));
			const dump = execFileSync(path.join(bin, 'pg_dump'), ['--inserts', '--no-owner', '--no-privileges', url]).toString();
			// psql meta-commands (\\restrict) are not SQL: the test runs the dump through `pg`.
			fs.writeFileSync(path.join(out, 'postgres.sql'), dump.split('\n').filter((line) => !line.startsWith('\\')).join('\n'));
		} finally {
			await postgres.destroy();
		}
	}, 60_000);
});
