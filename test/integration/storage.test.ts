/**
 * The storage interface, held to the same contract on SQLite and on a real
 * PostgreSQL (started by the test), plus what only shared storage must do:
 * compaction never drops what another instance appended, and `exclusive`
 * serialises across instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { openPostgres } from '../../server/storage/postgres.js';
import { openSqlite } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/storage.js';
import { tempDataDir } from '../support/server.js';
import { startPostgres, type Postgres } from '../support/services.js';

let postgres: Postgres;
let databaseUrl: string;

beforeAll(async () => {
	postgres = await startPostgres();
	databaseUrl = await postgres.createDatabase('contract');
}, 60_000);

afterAll(async () => {
	await postgres?.destroy();
});

const kinds: Array<[string, () => Promise<Storage>]> = [
	['SQLite', () => openSqlite(path.join(tempDataDir(), 'plumbline.sqlite'))],
	['PostgreSQL', () => openPostgres(databaseUrl)]
];

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getText('t').insert(doc.getText('t').length, text);
	return Y.encodeStateAsUpdate(doc, before);
}

function read(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const update of stored.updates) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

describe.each(kinds)('%s storage', (_name, open) => {
	it('keeps workshops, people, sessions, ballots and documents, and deletes them all together', async () => {
		const storage = await open();
		const id = `w-${Math.random().toString(36).slice(2)}`;
		const code = id.slice(-6).toUpperCase();
		const workshop = { id, joinCode: code, title: 'Q1 <launch>', product: 'P', customer: 'C', launchDate: '2027-02-01', facilitatorKeyHash: 'h', createdAt: 1_700_000_000_000 };
		expect(await storage.records.insertWorkshop(workshop)).toBe('ok');
		expect(await storage.records.insertWorkshop({ ...workshop, id: `${id}-2` })).toBe('code-taken');
		expect(await storage.records.getWorkshopByCode(code)).toEqual(workshop);
		await storage.records.insertParticipant({ id: `${id}-p`, workshopId: id, name: 'Anna', team: 'sales', role: 'participant', createdAt: 2 });
		await storage.records.insertSession({ id: `${id}-s`, workshopId: id, participantId: `${id}-p`, createdAt: 3, expiresAt: 4_000_000_000_000, revokedAt: null });
		expect(await storage.records.getSession(`${id}-s`)).toMatchObject({ expiresAt: 4_000_000_000_000, revokedAt: null });
		expect(await storage.records.putBallot({ voteId: `${id}-v`, voterId: `${id}-p`, team: 'sales', allocation: { a: 1 }, castAt: 5 })).toBe(1);
		// One ballot per person per vote: a second replaces the first.
		expect(await storage.records.putBallot({ voteId: `${id}-v`, voterId: `${id}-p`, team: 'sales', allocation: { b: 2 }, castAt: 6 })).toBe(1);
		expect((await storage.records.listBallots(`${id}-v`)).map((b) => b.allocation)).toEqual([{ b: 2 }]);
		await storage.documents.appendUpdates(`${id}/content`, [new Uint8Array([0, 0])]);
		await storage.documents.compactDoc(`${id}/control`, new Uint8Array([0, 0]));
		// Breakout groups' documents go with the workshop; another workshop's, named alike but for case, stay.
		await storage.documents.appendUpdates(`${id}/group-g1`, [new Uint8Array([0, 0])]);
		await storage.documents.compactDoc(`${id}/group-g2`, new Uint8Array([0, 0]));
		await storage.documents.appendUpdates(`${id.toUpperCase()}/group-g1`, [new Uint8Array([0, 0])]);
		await storage.records.insertPrivateNote({ id: `${id}-n`, workshopId: id, authorId: `${id}-p`, authorTeam: 'sales', column: 'pains', text: 'late', createdAt: 4 });
		expect(await storage.records.putRating({ roundId: `${id}-r`, raterId: `${id}-p`, team: 'sales', scores: { k1: { true: 4 } }, castAt: 5 })).toBe(1);
		const version = { id: `${id}-v1`, workshopId: id, name: 'v1', authorId: `${id}-p`, createdAt: 6, hash: 'h', content: new Uint8Array([1, 2]), control: new Uint8Array([3]) };
		await storage.records.insertVersion(version);
		expect(await storage.records.getVersion(id, version.id)).toEqual(version);
		expect(await storage.records.versionUsage(id)).toEqual({ count: 1, bytes: 3 });
		expect(await storage.records.listPrivateNotes(id, `${id}-p`)).toEqual([{ id: `${id}-n`, workshopId: id, authorId: `${id}-p`, authorTeam: 'sales', column: 'pains', text: 'late', createdAt: 4 }]);
		expect(await storage.records.revokeSessions(`${id}-p`, 7)).toBe(1);
		expect(await storage.records.revokeSessions(`${id}-p`, 8)).toBe(0);
		await storage.records.deleteWorkshop(id);
		expect(await storage.records.getWorkshop(id)).toBeNull();
		expect(await storage.records.getSession(`${id}-s`)).toBeNull();
		expect(await storage.records.listBallots(`${id}-v`)).toEqual([]);
		expect(await storage.documents.loadDoc(`${id}/content`)).toEqual({ snapshot: null, updates: [] });
		expect(await storage.documents.loadDoc(`${id}/control`)).toEqual({ snapshot: null, updates: [] });
		expect(await storage.documents.loadDoc(`${id}/group-g1`)).toEqual({ snapshot: null, updates: [] });
		expect(await storage.documents.loadDoc(`${id}/group-g2`)).toEqual({ snapshot: null, updates: [] });
		expect((await storage.documents.loadDoc(`${id.toUpperCase()}/group-g1`)).updates).toHaveLength(1);
		expect(await storage.records.listPrivateNotes(id)).toEqual([]);
		expect(await storage.records.listRatings(`${id}-r`)).toEqual([]);
		expect(await storage.records.getVersion(id, version.id)).toBeNull();
		expect(await storage.records.getParticipant(`${id}-p`)).toBeNull();
		expect(await storage.records.versionUsage(id)).toEqual({ count: 0, bytes: 0 });
		await storage.close();
	});

	it('keeps field logs by (workshop, id) and metric values by (workshop, metric, date), lists 20,000 logs in one query, and deletes them with the workshop', async () => {
		const storage = await open();
		const id = `w-${Math.random().toString(36).slice(2)}`;
		await storage.records.insertWorkshop({ id, joinCode: id.slice(-6).toUpperCase(), title: 'T', product: 'P', customer: 'C', launchDate: '', facilitatorKeyHash: 'h', createdAt: 1 });
		const conversation = (n: number, author: string) => ({
			workshopId: id,
			updatedAt: 10 + n,
			kind: 'conversation' as const,
			log: { id: `log-${n}`, authorId: author, team: 'sales' as const, at: 1_000 + (n % 7) * 100 + n, recordedAt: 10 + n, uses: [{ claimId: 'k1', outcome: 'objection' as const, objection: "'); DROP TABLE field_logs; --" }] }
		});
		await storage.records.putFieldLog(conversation(1, 'anna'));
		// The same id again replaces the row (an edit): still one log.
		await storage.records.putFieldLog({ ...conversation(1, 'anna'), updatedAt: 99 });
		const handoff = { workshopId: id, updatedAt: 5, kind: 'handoff' as const, log: { id: 'h-1', authorId: 'ben', team: 'marketing' as const, at: 500, recordedAt: 5, fields: { budget: true }, decision: 'returned' as const, reason: 'No budget 🙃' } };
		await storage.records.putFieldLog(handoff);
		expect(await storage.records.getFieldLog(id, 'log-1')).toEqual({ ...conversation(1, 'anna'), updatedAt: 99 });
		expect(await storage.records.listFieldLogs(id, { kind: 'handoff' })).toEqual([handoff]);
		expect((await storage.records.listFieldLogs(id)).map((r) => r.log.id)).toEqual(['h-1', 'log-1']);
		expect(await storage.records.countFieldLogs(id)).toBe(2);
		expect(await storage.records.countFieldLogs(id, 'anna')).toBe(1);
		await storage.records.deleteFieldLog(id, 'log-1');
		expect(await storage.records.getFieldLog(id, 'log-1')).toBeNull();

		const value = (metricId: string, date: string, v: number) => ({ workshopId: id, metricId, date, value: v, source: 'csv' as const, authorId: 'anna', recordedAt: 7 });
		// The last value of a (metric, date) wins, within one batch too.
		await storage.records.putMetricValues([value('m1', '2027-01-04', 1.5), value('m1', '2027-01-04', 2.5), value('m2', '2027-01-04', -3)]);
		await storage.records.putMetricValues([value('m2', '2027-01-04', 4)]);
		expect(await storage.records.listMetricValues(id)).toEqual([value('m1', '2027-01-04', 2.5), value('m2', '2027-01-04', 4)]);

		// A quarter of a sales force's logs: one query, in time order.
		const many = Array.from({ length: 20_000 }, (_, n) => conversation(n + 2, `p${n % 500}`));
		for (let i = 0; i < many.length; i += 1000) await Promise.all(many.slice(i, i + 1000).map((r) => storage.records.putFieldLog(r)));
		const started = performance.now();
		const listed = await storage.records.listFieldLogs(id, { kind: 'conversation' });
		const took = performance.now() - started;
		expect(listed).toHaveLength(20_000);
		expect(listed.every((r, i) => i === 0 || r.log.at >= listed[i - 1]!.log.at)).toBe(true);
		expect(took).toBeLessThan(2_000);

		await storage.records.deleteWorkshop(id);
		expect(await storage.records.countFieldLogs(id)).toBe(0);
		expect(await storage.records.listMetricValues(id)).toEqual([]);
		await storage.close();
	}, 120_000);

	it('lists field members with their logs counted in one grouped query, and deletes one author\'s logs, counted by kind', async () => {
		const storage = await open();
		const id = `w-${Math.random().toString(36).slice(2)}`;
		await storage.records.insertWorkshop({ id, joinCode: id.slice(-6).toUpperCase(), title: 'T', product: 'P', customer: 'C', launchDate: '', facilitatorKeyHash: 'h', createdAt: 1 });
		const person = (p: string, role: 'field' | 'participant', createdAt: number) => storage.records.insertParticipant({ id: `${id}-${p}`, workshopId: id, name: p, team: 'sales', role, createdAt });
		await person('sol', 'field', 3);
		await person('sid', 'field', 2);
		await person('sam', 'participant', 1);
		for (const p of ['sol', 'sid']) await storage.records.insertSession({ id: `${id}-${p}-s`, workshopId: id, participantId: `${id}-${p}`, createdAt: 3, expiresAt: 4_000_000_000_000, revokedAt: null });
		const log = (n: number, author: string, kind: 'conversation' | 'handoff') =>
			storage.records.putFieldLog(
				kind === 'conversation'
					? { workshopId: id, updatedAt: n, kind, log: { id: `l-${n}`, authorId: `${id}-${author}`, team: 'sales', at: n, recordedAt: n, uses: [{ claimId: 'k1', outcome: 'worked' }] } }
					: { workshopId: id, updatedAt: n, kind, log: { id: `l-${n}`, authorId: `${id}-${author}`, team: 'sales', at: n, recordedAt: n, fields: {}, decision: 'accepted', reason: '' } }
			);
		await Promise.all([log(1, 'sol', 'conversation'), log(2, 'sol', 'conversation'), log(3, 'sol', 'handoff'), log(4, 'sid', 'conversation'), log(5, 'sam', 'conversation')]);
		await storage.records.revokeSessions(`${id}-sol`, 9);
		expect(await storage.records.listFieldMembers(id)).toEqual([
			{ id: `${id}-sid`, name: 'sid', team: 'sales', joinedAt: 2, conversations: 1, handoffs: 0, removed: false },
			{ id: `${id}-sol`, name: 'sol', team: 'sales', joinedAt: 3, conversations: 2, handoffs: 1, removed: true }
		]);
		expect(await storage.records.deleteFieldLogsBy(id, `${id}-sol`)).toEqual({ conversations: 2, handoffs: 1 });
		expect((await storage.records.listFieldLogs(id)).map((r) => r.log.id)).toEqual(['l-4', 'l-5']);
		await storage.records.deleteWorkshop(id);
		await storage.close();
	});

	it('appends and compacts a document log without losing a character', async () => {
		const storage = await open();
		const name = `doc-${Math.random().toString(36).slice(2)}`;
		const doc = new Y.Doc();
		await storage.documents.appendUpdates(name, [textUpdate(doc, 'Keep '), textUpdate(doc, 'every ')]);
		await storage.documents.compactDoc(name, Y.encodeStateAsUpdate(doc));
		await storage.documents.appendUpdates(name, [textUpdate(doc, 'truck')]);
		const stored = await storage.documents.loadDoc(name);
		expect(stored.updates).toHaveLength(1);
		expect(read(stored)).toBe('Keep every truck');
		await storage.close();
	});
});

describe('npm run migrate', () => {
	const script = path.resolve(import.meta.dirname, '../../dist/server/migrate.js');
	const migrate = (env: Record<string, string>) => promisify(execFile)(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env } });

	it('applies the versioned migrations to PostgreSQL once, and says so', async () => {
		const url = await postgres.createDatabase('migrate_me');
		expect((await migrate({ DATABASE_URL: url })).stdout).toMatch(/^Applied migrations 1, 2, 3, 4, 5, 6 to PostgreSQL \(127\.0\.0\.1:\d+\/migrate_me\)\.$/m);
		expect((await migrate({ DATABASE_URL: url })).stdout).toContain('is up to date.');
	});

	it('applies them to the SQLite file in DATA_DIR when no DATABASE_URL is set', async () => {
		const dataDir = tempDataDir();
		expect((await migrate({ DATA_DIR: dataDir })).stdout).toContain(`Applied migrations 1, 2, 3, 4, 5, 6 to ${path.join(dataDir, 'plumbline.sqlite')}.`);
		expect((await migrate({ DATA_DIR: dataDir })).stdout).toContain('is up to date.');
	});

	it('fails clearly when PostgreSQL cannot be reached', async () => {
		const failed = await migrate({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }).catch((error: { code: number; stderr: string }) => error);
		expect(failed).toMatchObject({ code: 1 });
		expect((failed as { stderr: string }).stderr).toContain('Migration failed: connect ECONNREFUSED 127.0.0.1:1');
	});
});

describe('PostgreSQL shared by two instances', () => {
	it('merges, when compacting, what another instance appended unseen', async () => {
		const [one, two] = await Promise.all([openPostgres(databaseUrl), openPostgres(databaseUrl)]);
		const name = 'shared/content';
		const mine = new Y.Doc();
		const theirs = new Y.Doc();
		await one.documents.appendUpdates(name, [textUpdate(mine, 'mine ')]);
		// Another instance writes what this one never received (Redis was down)...
		await two.documents.appendUpdates(name, [textUpdate(theirs, 'theirs')]);
		// ...and this one compacts from its own memory: the other's write survives.
		await one.documents.compactDoc(name, Y.encodeStateAsUpdate(mine));
		const stored = await two.documents.loadDoc(name);
		expect(stored.updates).toEqual([]);
		const text = read(stored);
		expect(text).toContain('mine ');
		expect(text).toContain('theirs');
		await Promise.all([one.close(), two.close()]);
	});

	it('runs `exclusive` work of one key one at a time across instances', async () => {
		const [one, two] = await Promise.all([openPostgres(databaseUrl), openPostgres(databaseUrl)]);
		let inside = 0;
		let most = 0;
		const work = async () => {
			inside += 1;
			most = Math.max(most, inside);
			await new Promise((resolve) => setTimeout(resolve, 20));
			inside -= 1;
		};
		await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? one : two).records.exclusive('intents:w1', work)));
		expect(most).toBe(1);
		// Other keys do not wait for each other.
		inside = 0;
		most = 0;
		await Promise.all(Array.from({ length: 4 }, (_, i) => (i % 2 === 0 ? one : two).records.exclusive(`intents:w${i}`, work)));
		expect(most).toBe(4);
		// A failing holder lets go of the lock.
		await expect(one.records.exclusive('intents:w1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await two.records.exclusive('intents:w1', async () => undefined);
		await Promise.all([one.close(), two.close()]);
	});
});
