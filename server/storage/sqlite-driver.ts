/**
 * The one place that opens SQLite: Node's built-in `node:sqlite` (no native build,
 * so the file works under whichever Node runs the server), with the pragmas that
 * decide durability, a typed `prepare` and the transaction and error helpers the
 * stores and tools need.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

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

/** A prepared statement whose parameters and rows are typed by the caller, like better-sqlite3's. */
export interface Statement<P extends unknown[] = unknown[], R = unknown> {
	run(...params: P): { changes: number };
	get(...params: P): R | undefined;
	all(...params: P): R[];
	iterate(...params: P): IterableIterator<R>;
}

export function prepare<P extends unknown[] = unknown[], R = unknown>(db: SqliteDatabase, sql: string): Statement<P, R> {
	const statement: StatementSync = db.prepare(sql);
	// Records are passed whole as named parameters; keys the SQL does not use are not errors.
	statement.setAllowUnknownNamedParameters(true);
	const args = (params: P) => params as unknown as SQLInputValue[];
	return {
		run: (...params) => ({ changes: Number(statement.run(...args(params)).changes) }),
		get: (...params) => statement.get(...args(params)) as R | undefined,
		all: (...params) => statement.all(...args(params)) as R[],
		iterate: (...params) => statement.iterate(...args(params)) as IterableIterator<R>
	};
}

/** `fn` in one transaction: committed when it returns, rolled back when it throws. */
export function transaction<A extends unknown[]>(db: SqliteDatabase, fn: (...args: A) => void): (...args: A) => void {
	return (...args) => {
		db.exec('BEGIN');
		try {
			fn(...args);
			db.exec('COMMIT');
		} catch (error) {
			if (db.isTransaction) db.exec('ROLLBACK');
			throw error;
		}
	};
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

export function betterSqliteLike(db: SqliteDatabase): BetterSqliteLike {
	return {
		close: () => db.close(),
		prepare(sql) {
			const statement = db.prepare(sql);
			const args = (parameters: readonly unknown[]) => parameters as SQLInputValue[];
			return {
				// A statement that returns columns is a reader (SELECT, or anything with RETURNING).
				reader: statement.columns().length > 0,
				all: (parameters) => statement.all(...args(parameters)),
				run: (parameters) => statement.run(...args(parameters)),
				iterate: (parameters) => statement.iterate(...args(parameters)) as IterableIterator<unknown>
			};
		}
	};
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** Whether `error` is SQLite refusing a duplicate in a UNIQUE column whose message names `column`. */
export function isUniqueViolation(error: unknown, column: string): boolean {
	const details = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
	return (
		details?.code === 'ERR_SQLITE_ERROR' &&
		details.errcode === SQLITE_CONSTRAINT_UNIQUE &&
		typeof details.message === 'string' &&
		details.message.includes(column)
	);
}
