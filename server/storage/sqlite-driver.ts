/**
 * The one place that opens SQLite: Node's built-in `node:sqlite` (no native build,
 * so the file works under whichever Node runs the server), with the pragmas that
 * decide durability, and the shape Kysely's SqliteDialect drives it through.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

export type SqliteDatabase = DatabaseSync;

export interface OpenOptions {
	readonly?: boolean;
}

/**
 * WAL with synchronous=NORMAL: a committed write survives a crash of the process
 * (what "never lose an edit" needs); only a power cut can lose the last few
 * milliseconds. The same pragmas as before the move from better-sqlite3, so
 * durability is unchanged (BENCHMARKS.md).
 */
export function openSqlite(file: string, options: OpenOptions = {}): SqliteDatabase {
	const db = new DatabaseSync(file, { readOnly: options.readonly ?? false });
	if (!options.readonly) {
		db.exec('PRAGMA journal_mode = WAL');
		db.exec('PRAGMA synchronous = NORMAL');
	}
	db.exec('PRAGMA foreign_keys = ON');
	db.exec('PRAGMA busy_timeout = 5000');
	return db;
}

/**
 * The shape Kysely's SqliteDialect asks of its `database` (better-sqlite3's), over
 * node:sqlite: so a query builder can run on this driver without a native module.
 */
export interface BetterSqliteLike {
	close(): void;
	prepare(sql: string): {
		readonly reader: boolean;
		all(parameters: readonly unknown[]): unknown[];
		run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
		iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
	};
}

/** Prepared statements kept per SQL text: Kysely asks for one per query, and preparing costs as much as running. */
const STATEMENT_CACHE = 256;

export function betterSqliteLike(db: SqliteDatabase): BetterSqliteLike {
	const cache = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
	return {
		close: () => {
			cache.clear();
			db.close();
		},
		prepare(sql) {
			let statement = cache.get(sql);
			if (!statement) {
				if (cache.size >= STATEMENT_CACHE) cache.clear();
				cache.set(sql, (statement = db.prepare(sql)));
			}
			const cached = statement;
			const args = (parameters: readonly unknown[]) => parameters as SQLInputValue[];
			return {
				// A statement that returns columns is a reader (SELECT, or anything with RETURNING).
				reader: cached.columns().length > 0,
				all: (parameters) => cached.all(...args(parameters)),
				run: (parameters) => cached.run(...args(parameters)),
				// An iterator stays open across awaits: on a statement of its own, never a shared one.
				iterate: (parameters) => db.prepare(sql).iterate(...args(parameters)) as IterableIterator<unknown>
			};
		}
	};
}
