/**
 * Storage on PostgreSQL (the `pg` client), chosen when DATABASE_URL is set: what
 * several instances share. The same schema, migrations and queries as the SQLite
 * file; the constraints that make a rule (one ballot per person per vote) live in
 * the database, so two instances cannot both accept what one would refuse.
 */
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { log } from '../log.js';
import { KyselyDocumentStore } from './documents.js';
import { migrate } from './migrations.js';
import { KyselyRecordStore } from './records.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

/** Any constant: instances starting together migrate one at a time (the number the schema always used). */
const MIGRATION_LOCK = 7_406_113;

// BIGINT (timestamps, counts) arrives as a string by default; every value here fits a double.
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
};

export interface PostgresOptions {
	/** Connections for queries. */
	poolSize?: number;
	/** A query that takes longer fails (and a room's write is retried): nothing waits forever on a stuck database. */
	queryTimeoutMs?: number;
}

function kysely(pool: pg.Pool): Kysely<Database> {
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

/** The database as Kysely sees it over one connection (tools: `npm run sqlite-to-postgres`); migrate first. */
export function postgresDatabase(url: string): Kysely<Database> {
	return kysely(new pg.Pool({ connectionString: url, types, max: 1 }));
}

/** Apply the migrations not applied yet; returns the numbers applied now. */
export async function migratePostgres(url: string): Promise<number[]> {
	// One connection: the session lock below and the migration run on it.
	const db = kysely(new pg.Pool({ connectionString: url, types, max: 1 }));
	try {
		await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(db);
		try {
			return await migrate(db as Kysely<unknown>, 'postgres');
		} finally {
			await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(db).catch(() => undefined);
		}
	} finally {
		await db.destroy();
	}
}

/** Connect, migrate, and answer once the database does. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Storage> {
	const migrated = await migratePostgres(url);
	const common = { connectionString: url, types, connectionTimeoutMillis: 5000, query_timeout: options.queryTimeoutMs ?? 10_000 };
	const pool = new pg.Pool({ ...common, max: options.poolSize ?? 10 });
	/** Locks get their own connections: a holder's queries then never wait behind other holders. */
	const lockPool = new pg.Pool({ ...common, max: 10, query_timeout: undefined });
	// An idle connection that the server drops (restart, failover) must not crash the process;
	// the pool opens a new one on the next query.
	for (const p of [pool, lockPool]) p.on('error', (error) => log.warn(`PostgreSQL connection lost: ${error.message}`));
	const db = kysely(pool);
	return {
		documents: new KyselyDocumentStore(db, true),
		records: new KyselyRecordStore(db, (key, fn) => exclusive(lockPool, key, fn)),
		migrated,
		async ping() {
			await sql`SELECT 1`.execute(db);
		},
		async close() {
			// Kysely's destroy ends `pool`.
			await Promise.all([db.destroy(), lockPool.end()]);
		}
	};
}

/**
 * `fn` runs while no other instance runs anything under the same key (a session-level
 * advisory lock; a crashed holder's connection ends and the lock with it).
 */
async function exclusive<T>(lockPool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
	const client = await lockPool.connect();
	let broken = false;
	try {
		await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
		try {
			return await fn();
		} finally {
			await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => (broken = true));
		}
	} finally {
		// A connection whose unlock failed may still hold the lock: close it rather than reuse it.
		client.release(broken);
	}
}
