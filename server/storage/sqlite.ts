/**
 * The embedded default: one SQLite file in DATA_DIR. WAL with synchronous=NORMAL: a
 * committed write survives a crash of the process (what "never lose an edit" needs
 * here); only a power cut can lose the last few milliseconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CamelCasePlugin, Kysely, SqliteAdapter, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { KyselyDocumentStore } from './documents.js';
import { migrate } from './migrations.js';
import { KyselyRecordStore } from './records.js';
import type { Database as Schema } from './schema.js';
import type { Storage } from './storage.js';
import { betterSqliteLike, openSqlite as openDriver } from './sqlite-driver.js';

/** The one place the SQLite driver is opened: Node's own node:sqlite, in the shape Kysely's SqliteDialect takes. */
export function openSqliteFile(file: string): SqliteDatabase {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	return betterSqliteLike(openDriver(file));
}

/** SQLite runs DDL in transactions: let the migrator apply a batch atomically, as before Kysely. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
	override get supportsTransactionalDdl(): boolean {
		return true;
	}
}

class SqliteFileDialect extends SqliteDialect {
	override createAdapter() {
		return new TransactionalDdlSqliteAdapter();
	}
}

/** One process owns the file, and intents queue per workshop in it: nothing to lock across processes. */
const atOnce = <T>(_key: string, fn: () => Promise<T>): Promise<T> => fn();

/** The file as Kysely sees it, migrated, with references enforced. */
export async function openSqliteDatabase(file: string): Promise<{ db: Kysely<Schema>; migrated: number[] }> {
	const database = openSqliteFile(file);
	const db = new Kysely<Schema>({ dialect: new SqliteFileDialect({ database }), plugins: [new CamelCasePlugin()] });
	try {
		await sql`PRAGMA journal_mode = WAL`.execute(db);
		await sql`PRAGMA synchronous = NORMAL`.execute(db);
		await sql`PRAGMA busy_timeout = 5000`.execute(db);
		// Rebuilding a table (migration 5) needs the references unchecked; they are checked right after.
		await sql`PRAGMA foreign_keys = OFF`.execute(db);
		const migrated = await migrate(db as Kysely<unknown>, 'sqlite');
		await sql`PRAGMA foreign_keys = ON`.execute(db);
		const broken = await sql`PRAGMA foreign_key_check`.execute(db);
		if (broken.rows.length > 0) throw new Error(`${file} has ${broken.rows.length} rows whose references are broken`);
		return { db, migrated };
	} catch (error) {
		await db.destroy();
		throw error;
	}
}

export async function openSqlite(file: string): Promise<Storage> {
	const { db, migrated } = await openSqliteDatabase(file);
	return {
		documents: new KyselyDocumentStore(db, false),
		records: new KyselyRecordStore(db, atOnce),
		migrated,
		async ping() {
			await sql`SELECT 1`.execute(db);
		},
		close: () => db.destroy()
	};
}
