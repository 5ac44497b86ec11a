/**
 * Databases made before the Kysely schema (migrations 1–4, their own `schema_migrations`
 * bookkeeping, foreign keys without ON DELETE CASCADE) open with today's build and keep
 * everything: test/fixtures/storage-v4 holds a workshop filled through that version's
 * server, as a SQLite data directory and as a PostgreSQL dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { lineText } from '../../src/lib/doc/schema.js';
import { SessionSigner } from '../../server/auth.js';
import { openSqlite } from '../../server/storage/sqlite.js';
import { openPostgres } from '../../server/storage/postgres.js';
import type { Storage } from '../../server/storage/storage.js';
import { startServer, tempDataDir, type RunningServer } from '../support/server.js';
import { api, connect, synced } from '../support/clients.js';
import { startPostgres, type Postgres } from '../support/services.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/storage-v4');

interface Manifest {
	workshop: CreateWorkshopResponse;
	people: Record<'carla' | 'anna' | 'elif' | 'ines' | 'removed', JoinResponse>;
	voteId: string;
	roundId: string;
	version: { id: string; hash: string };
	headline: string;
	notes: string;
	counts: Record<string, number>;
}
const manifest = JSON.parse(fs.readFileSync(path.join(fixture, 'manifest.json'), 'utf8')) as Manifest;

/** A copy of the fixture's data directory (the server writes to it). */
function dataDirFromFixture(withDatabase: boolean): string {
	const dir = tempDataDir();
	const files = withDatabase ? ['session-secret', 'plumbline.sqlite'] : ['session-secret'];
	for (const file of files) fs.copyFileSync(path.join(fixture, file), path.join(dir, file));
	return dir;
}

/** The fixture's sessions expired a month after it was made: the same sessions, signed again to expire later. */
function tokenOf(who: JoinResponse): string {
	const signer = new SessionSigner(fs.readFileSync(path.join(fixture, 'session-secret'), 'utf8').trim());
	const verified = signer.verify(who.token, 0);
	if (!verified.ok) throw new Error(`fixture token does not verify: ${verified.reason}`);
	return signer.sign({ ...verified.claims, expiresAt: Date.now() + 3_600_000 });
}

/** Everything the workshop held, read through the real server. */
async function expectWorkshopIntact(server: RunningServer): Promise<void> {
	const { workshop, people } = manifest;
	const id = workshop.workshopId;
	const get = <T>(who: JoinResponse, route: string) => api<T>(server, `/api/workshops/${id}${route}`, undefined, { authorization: `Bearer ${tokenOf(who)}` });

	const reader = connect(server, id, 'content', tokenOf(people.elif), new Y.Doc());
	await synced(reader);
	expect(lineText(reader.doc, 'headline')).toBe(manifest.headline);
	expect(lineText(reader.doc, 'notes')).toBe(manifest.notes);
	reader.destroy();

	expect((await get<{ notes: { text: string }[] }>(people.anna, '/private-notes')).body.notes.map((n) => n.text)).toEqual(['Penalties for late loads']);
	expect((await get<{ allocation: unknown }>(people.anna, `/votes/${manifest.voteId}/ballot`)).body.allocation).toEqual({ alt: 1 });
	expect((await get<{ allocation: unknown }>(people.elif, `/votes/${manifest.voteId}/ballot`)).body.allocation).toEqual({ current: 1 });
	expect((await get<{ scores: unknown }>(people.anna, `/ratings/${manifest.roundId}/scores`)).body.scores).toEqual({ k1: { true: 4, conversation: 2 } });
	const version = await get<{ data: { proposition: { headline: string } } }>(people.ines, `/versions/${manifest.version.id}`);
	expect(version.body.data.proposition.headline).toBe(manifest.headline);
	const signoff = await get<{ signoffs: { signerId: string; versionHash: string }[] }>(people.anna, '/signoff');
	expect(signoff.body.signoffs).toEqual([expect.objectContaining({ signerId: people.ines.participantId, versionHash: manifest.version.hash })]);
	// The removed participant stays removed; the facilitator's key still works.
	expect((await get(people.removed, '/private-notes')).status).toBe(403);
	const facilitate = await api(server, `/api/workshops/${id}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' });
	expect(facilitate.status).toBe(200);
}

/** Every row still there, and deleting the workshop now follows the new foreign keys to every row of it. */
async function expectRowsThenCascade(storage: Storage, count: (table: string) => Promise<number>, documents: number): Promise<void> {
	// The facilitator's key, used once more above, added a person and a session.
	const added: Record<string, number> = { participants: 1, sessions: 1 };
	for (const table of ['workshops', 'participants', 'sessions', 'private_notes', 'ballots', 'ratings', 'versions']) {
		expect(await count(table), table).toBe(manifest.counts[table]! + (added[table] ?? 0));
	}
	expect(await count('doc_snapshots') + (await count('doc_updates'))).toBeGreaterThanOrEqual(documents);
	await storage.records.deleteWorkshop(manifest.workshop.workshopId);
	for (const table of ['workshops', 'participants', 'sessions', 'private_notes', 'ballots', 'ratings', 'versions', 'doc_snapshots', 'doc_updates']) {
		expect(await count(table), table).toBe(0);
	}
}

describe('a SQLite data directory of schema 4', () => {
	it('opens with every workshop, person, session, note, ballot, rating, version and document', async () => {
		const dataDir = dataDirFromFixture(true);
		const server = await startServer({ dataDir });
		try {
			await expectWorkshopIntact(server);
		} finally {
			expect(await server.stop()).toBe(0);
		}
		const storage = await openSqlite(path.join(dataDir, 'plumbline.sqlite'));
		try {
			// Already migrated by the server: nothing left to apply.
			expect(storage.migrated).toEqual([]);
			const db = new DatabaseSync(path.join(dataDir, 'plumbline.sqlite'), { readOnly: true });
			const count = async (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
			expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').all()).toHaveLength(6);
			await expectRowsThenCascade(storage, count, 2);
			db.close();
		} finally {
			await storage.close();
		}
	});
});

describe('a PostgreSQL database of schema 4', () => {
	let postgres: Postgres;
	beforeAll(async () => {
		postgres = await startPostgres();
	}, 60_000);
	afterAll(async () => {
		await postgres?.destroy();
	});

	it('opens with everything the SQLite file had, moved there by that version', async () => {
		const url = await postgres.createDatabase('schema_four');
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await client.query(fs.readFileSync(path.join(fixture, 'postgres.sql'), 'utf8'));
			// pg_dump empties the search path for its own session; this connection goes on.
			await client.query('SET search_path TO public');
			const server = await startServer({ dataDir: dataDirFromFixture(false), env: { DATABASE_URL: url } });
			try {
				await expectWorkshopIntact(server);
			} finally {
				expect(await server.stop()).toBe(0);
			}
			const storage = await openPostgres(url);
			try {
				expect(storage.migrated).toEqual([]);
				const count = async (table: string) => Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);
				expect((await client.query('SELECT name FROM kysely_migration')).rows).toHaveLength(6);
				await expectRowsThenCascade(storage, count, 2);
			} finally {
				await storage.close();
			}
		} finally {
			await client.end();
		}
	}, 60_000);
});
