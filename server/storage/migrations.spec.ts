import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from './sqlite.js';

const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/storage-v4/plumbline.sqlite');
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the SQLite file made by the hand-written schema (migrations 1–4). */
function legacyFile(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-migrations-'));
	dirs.push(dir);
	const file = path.join(dir, 'plumbline.sqlite');
	fs.copyFileSync(fixture, file);
	return file;
}

describe('migrations', () => {
	it('continue a file of the old bookkeeping after its migration 4, keeping when each was applied', async () => {
		const file = legacyFile();
		const legacy = new DatabaseSync(file, { readOnly: true });
		const appliedAt = legacy.prepare('SELECT applied_at AS t FROM schema_migrations ORDER BY version').all() as Array<{ t: number }>;
		legacy.close();

		const storage = await openSqlite(file);
		expect(storage.migrated).toEqual([5, 6]);
		await storage.close();
		const db = new DatabaseSync(file, { readOnly: true });
		const rows = db.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all() as Array<{ name: string; timestamp: string }>;
		db.close();
		expect(rows.map((r) => r.name)).toEqual(['0001-workshops-people-documents', '0002-private-notes', '0003-ballots-ratings', '0004-versions', '0005-cascade-deletes', '0006-field-logs-metric-values']);
		expect(rows.slice(0, 4).map((r) => Date.parse(r.timestamp))).toEqual(appliedAt.map((a) => a.t));

		const again = await openSqlite(file);
		expect(again.migrated).toEqual([]);
		await again.close();
	});

	it('refuse a file that a newer version migrated further, and leave it as it was', async () => {
		const file = legacyFile();
		const db = new DatabaseSync(file);
		db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(99, 1);
		db.close();
		await expect(openSqlite(file)).rejects.toThrow('this database has schema migration 99, which this version does not know');
		const after = new DatabaseSync(file, { readOnly: true });
		expect(after.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'kysely_migration'").get()).toEqual({ n: 0 });
		after.close();
	});

	it('make every reference cascade, on a new file too', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-migrations-'));
		dirs.push(dir);
		const file = path.join(dir, 'new.sqlite');
		const storage = await openSqlite(file);
		expect(storage.migrated).toEqual([1, 2, 3, 4, 5, 6]);
		await storage.close();
		const db = new DatabaseSync(file, { readOnly: true });
		for (const table of ['participants', 'sessions', 'private_notes', 'ballots', 'ratings', 'versions', 'field_logs', 'metric_values']) {
			const keys = db.prepare(`PRAGMA foreign_key_list(${table})`).all() as Array<{ on_delete: string }>;
			expect(keys.length, table).toBeGreaterThan(0);
			expect(keys.map((k) => k.on_delete), table).toEqual(keys.map(() => 'CASCADE'));
		}
		db.close();
	});
});
