import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { betterSqliteLike, isUniqueViolation, openSqlite, prepare, transaction, type SqliteDatabase } from './sqlite-driver.js';

const open: SqliteDatabase[] = [];
function fresh(): SqliteDatabase {
	const db = openSqlite(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-driver-')), 'test.sqlite'));
	open.push(db);
	db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, data BLOB)');
	return db;
}
afterEach(() => {
	for (const db of open.splice(0)) if (db.isOpen) db.close();
});

describe('openSqlite', () => {
	it('opens with the durability pragmas: WAL, synchronous=NORMAL, foreign keys on', () => {
		const db = fresh();
		expect(prepare<[], { journal_mode: string }>(db, 'PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
		expect(prepare<[], { synchronous: number }>(db, 'PRAGMA synchronous').get()?.synchronous).toBe(1);
		expect(prepare<[], { foreign_keys: number }>(db, 'PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
	});

	it('binds whole records by name, ignoring keys the statement does not use, and returns blobs as bytes', () => {
		const db = fresh();
		prepare(db, 'INSERT INTO t (id, code, data) VALUES (@id, @code, @data)').run({ id: 'a', code: 'X', data: new Uint8Array([1, 2]), extra: 1 });
		const row = prepare<[string], { data: Uint8Array }>(db, 'SELECT data FROM t WHERE id = ?').get('a');
		expect([...row!.data]).toEqual([1, 2]);
	});
});

describe('transaction', () => {
	it('commits when the function returns and rolls everything back when it throws', () => {
		const db = fresh();
		const insert = prepare<[string, string]>(db, 'INSERT INTO t (id, code) VALUES (?, ?)');
		transaction(db, () => insert.run('a', 'A'))();
		expect(() =>
			transaction(db, () => {
				insert.run('b', 'B');
				insert.run('c', 'A'); // duplicate code: the whole transaction goes
			})()
		).toThrow();
		expect(db.isTransaction).toBe(false);
		expect(prepare<[], { id: string }>(db, 'SELECT id FROM t ORDER BY id').all().map((r) => r.id)).toEqual(['a']);
	});
});

describe('isUniqueViolation', () => {
	it('recognises a duplicate in the named column only', () => {
		const db = fresh();
		const insert = prepare<[string, string]>(db, 'INSERT INTO t (id, code) VALUES (?, ?)');
		insert.run('a', 'A');
		let error: unknown;
		try {
			insert.run('b', 'A');
		} catch (caught) {
			error = caught;
		}
		expect(isUniqueViolation(error, 'code')).toBe(true);
		expect(isUniqueViolation(error, 'join_code')).toBe(false);
		expect(isUniqueViolation(new Error('code'), 'code')).toBe(false);
	});
});

describe('betterSqliteLike', () => {
	it('offers the statement shape a query builder written for better-sqlite3 expects', () => {
		const db = betterSqliteLike(fresh());
		const insert = db.prepare('INSERT INTO t (id, code) VALUES (?, ?)');
		expect(insert.reader).toBe(false);
		expect(insert.run(['a', 'A'])).toMatchObject({ changes: 1, lastInsertRowid: 1 });
		const select = db.prepare('SELECT id, code FROM t WHERE id = ?');
		expect(select.reader).toBe(true);
		expect(select.all(['a'])).toEqual([{ id: 'a', code: 'A' }]);
		expect([...select.iterate(['a'])]).toHaveLength(1);
		expect(db.prepare('DELETE FROM t WHERE id = ? RETURNING id').reader).toBe(true);
	});
});
