import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { betterSqliteLike, openSqlite, type SqliteDatabase } from './sqlite-driver.js';

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
		expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
		expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
		expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
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
