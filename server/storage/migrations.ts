/**
 * The one list of schema changes, for SQLite and PostgreSQL alike, run by Kysely's
 * migrator. Append a migration, never edit an applied one. The first four are the
 * schema that SQL files spelled per database before; `adoptLegacyBookkeeping`
 * records them as applied in databases made then (their `schema_migrations` table).
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

export type Dialect = 'sqlite' | 'postgres';

/** Column types that the two databases spell differently. */
function types(dialect: Dialect) {
	return dialect === 'postgres'
		? { time: 'bigint', bytes: 'bytea', serial: sql`bigserial` }
		: { time: 'integer', bytes: 'blob', serial: sql`integer` };
}

type Db = Kysely<unknown>;

function migrationList(dialect: Dialect): Array<[string, Migration]> {
	const t = types(dialect);
	const time = t.time as 'bigint';
	const bytes = t.bytes as 'blob';
	return [
		[
			'0001-workshops-people-documents',
			{
				async up(db: Db) {
					await db.schema
						.createTable('workshops')
						.addColumn('id', 'text', (c) => c.primaryKey())
						.addColumn('join_code', 'text', (c) => c.notNull().unique())
						.addColumn('title', 'text', (c) => c.notNull())
						.addColumn('product', 'text', (c) => c.notNull())
						.addColumn('customer', 'text', (c) => c.notNull())
						.addColumn('launch_date', 'text', (c) => c.notNull())
						.addColumn('facilitator_key_hash', 'text', (c) => c.notNull())
						.addColumn('created_at', time, (c) => c.notNull())
						.execute();
					await db.schema
						.createTable('participants')
						.addColumn('id', 'text', (c) => c.primaryKey())
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
						.addColumn('name', 'text', (c) => c.notNull())
						.addColumn('team', 'text')
						.addColumn('role', 'text', (c) => c.notNull())
						.addColumn('created_at', time, (c) => c.notNull())
						.execute();
					await db.schema.createIndex('participants_by_workshop').on('participants').column('workshop_id').execute();
					await db.schema
						.createTable('sessions')
						.addColumn('id', 'text', (c) => c.primaryKey())
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
						.addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
						.addColumn('created_at', time, (c) => c.notNull())
						.addColumn('expires_at', time, (c) => c.notNull())
						.addColumn('revoked_at', time)
						.execute();
					await db.schema
						.createTable('doc_snapshots')
						.addColumn('doc', 'text', (c) => c.primaryKey())
						.addColumn('data', bytes, (c) => c.notNull())
						.execute();
					await db.schema
						.createTable('doc_updates')
						.addColumn('seq', t.serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
						.addColumn('doc', 'text', (c) => c.notNull())
						.addColumn('data', bytes, (c) => c.notNull())
						.execute();
					await db.schema.createIndex('doc_updates_by_doc').on('doc_updates').columns(['doc', 'seq']).execute();
				}
			}
		],
		[
			'0002-private-notes',
			{
				async up(db: Db) {
					await db.schema
						.createTable('private_notes')
						.addColumn('id', 'text', (c) => c.primaryKey())
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
						.addColumn('author_id', 'text', (c) => c.notNull().references('participants.id'))
						.addColumn('author_team', 'text')
						.addColumn('column_id', 'text', (c) => c.notNull())
						.addColumn('text', 'text', (c) => c.notNull())
						.addColumn('created_at', time, (c) => c.notNull())
						.execute();
					await db.schema.createIndex('private_notes_by_workshop').on('private_notes').columns(['workshop_id', 'created_at']).execute();
					await db.schema.createIndex('sessions_by_participant').on('sessions').column('participant_id').execute();
				}
			}
		],
		[
			// The primary keys make "one ballot per person per vote" a rule of the database.
			'0003-ballots-ratings',
			{
				async up(db: Db) {
					await db.schema
						.createTable('ballots')
						.addColumn('vote_id', 'text', (c) => c.notNull())
						.addColumn('voter_id', 'text', (c) => c.notNull().references('participants.id'))
						.addColumn('team', 'text')
						.addColumn('allocation', 'text', (c) => c.notNull())
						.addColumn('cast_at', time, (c) => c.notNull())
						.addPrimaryKeyConstraint('ballots_pkey', ['vote_id', 'voter_id'])
						.execute();
					await db.schema
						.createTable('ratings')
						.addColumn('round_id', 'text', (c) => c.notNull())
						.addColumn('rater_id', 'text', (c) => c.notNull().references('participants.id'))
						.addColumn('team', 'text')
						.addColumn('scores', 'text', (c) => c.notNull())
						.addColumn('cast_at', time, (c) => c.notNull())
						.addPrimaryKeyConstraint('ratings_pkey', ['round_id', 'rater_id'])
						.execute();
				}
			}
		],
		[
			'0004-versions',
			{
				async up(db: Db) {
					await db.schema
						.createTable('versions')
						.addColumn('id', 'text', (c) => c.primaryKey())
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
						.addColumn('name', 'text', (c) => c.notNull())
						.addColumn('author_id', 'text', (c) => c.notNull().references('participants.id'))
						.addColumn('created_at', time, (c) => c.notNull())
						.addColumn('hash', 'text', (c) => c.notNull())
						.addColumn('content', bytes, (c) => c.notNull())
						.addColumn('control', bytes, (c) => c.notNull())
						.execute();
					await db.schema.createIndex('versions_by_workshop').on('versions').columns(['workshop_id', 'created_at']).execute();
				}
			}
		],
		[
			// Deleting a workshop deletes everything of it: the database follows the references.
			'0005-cascade-deletes',
			{ up: (db: Db) => (dialect === 'postgres' ? cascadePostgres(db) : cascadeSqlite(db)) }
		],
		[
			// Field records (issue 21). The primary keys are the rules: a log resent after reconnecting
			// is the same row, and one value per metric and day. Authors are not referenced: an
			// archive re-imports logs of people who are not in the new workshop.
			'0006-field-logs-metric-values',
			{
				async up(db: Db) {
					await db.schema
						.createTable('field_logs')
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
						.addColumn('id', 'text', (c) => c.notNull())
						.addColumn('kind', 'text', (c) => c.notNull())
						.addColumn('author_id', 'text', (c) => c.notNull())
						.addColumn('at', time, (c) => c.notNull())
						.addColumn('updated_at', time, (c) => c.notNull())
						.addColumn('body', 'text', (c) => c.notNull())
						.addPrimaryKeyConstraint('field_logs_pkey', ['workshop_id', 'id'])
						.execute();
					await db.schema.createIndex('field_logs_by_time').on('field_logs').columns(['workshop_id', 'at']).execute();
					await db.schema.createIndex('field_logs_by_author').on('field_logs').columns(['workshop_id', 'author_id']).execute();
					// The field view catches up on what was written since it last read (server/field/view.ts).
					await db.schema.createIndex('field_logs_by_update').on('field_logs').columns(['workshop_id', 'updated_at']).execute();
					await db.schema
						.createTable('metric_values')
						.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
						.addColumn('metric_id', 'text', (c) => c.notNull())
						.addColumn('date', 'text', (c) => c.notNull())
						.addColumn('value', 'double precision', (c) => c.notNull())
						.addColumn('source', 'text', (c) => c.notNull())
						.addColumn('author_id', 'text', (c) => c.notNull())
						.addColumn('recorded_at', time, (c) => c.notNull())
						.addPrimaryKeyConstraint('metric_values_pkey', ['workshop_id', 'metric_id', 'date'])
						.execute();
				}
			}
		]
	];
}

/** Every foreign key of the schema: table, column, referenced table. */
const FOREIGN_KEYS: Array<[string, string, string]> = [
	['participants', 'workshop_id', 'workshops'],
	['sessions', 'workshop_id', 'workshops'],
	['sessions', 'participant_id', 'participants'],
	['private_notes', 'workshop_id', 'workshops'],
	['private_notes', 'author_id', 'participants'],
	['ballots', 'voter_id', 'participants'],
	['ratings', 'rater_id', 'participants'],
	['versions', 'workshop_id', 'workshops'],
	['versions', 'author_id', 'participants']
];

async function cascadePostgres(db: Db): Promise<void> {
	for (const [table, column, parent] of FOREIGN_KEYS) {
		// PostgreSQL named them <table>_<column>_fkey when migration 1–4 created them.
		const name = `${table}_${column}_fkey`;
		await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(name)},
			ADD CONSTRAINT ${sql.ref(name)} FOREIGN KEY (${sql.ref(column)}) REFERENCES ${sql.table(parent)}(id) ON DELETE CASCADE`.execute(db);
	}
}

/**
 * SQLite cannot alter a foreign key: each table is rebuilt from its own stored definition
 * with ON DELETE CASCADE added (SQLite's documented procedure; runs with foreign_keys off).
 */
async function cascadeSqlite(db: Db): Promise<void> {
	for (const table of [...new Set(FOREIGN_KEYS.map(([t]) => t))]) {
		const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
			SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ${table} AND sql IS NOT NULL`.execute(db);
		const create = rows.find((r) => r.type === 'table')!.sql!;
		const rebuilt = create
			.replace(/^CREATE TABLE\s+("?)(\w+)\1/i, `CREATE TABLE ${table}_rebuilt`)
			.replace(/REFERENCES\s+("?\w+"?)\s*\(\s*"?id"?\s*\)/gi, 'REFERENCES $1(id) ON DELETE CASCADE');
		await sql.raw(rebuilt).execute(db);
		await sql.raw(`INSERT INTO ${table}_rebuilt SELECT * FROM ${table}`).execute(db);
		await sql.raw(`DROP TABLE ${table}`).execute(db);
		await sql.raw(`ALTER TABLE ${table}_rebuilt RENAME TO ${table}`).execute(db);
		for (const index of rows.filter((r) => r.type === 'index')) await sql.raw(index.sql!).execute(db);
	}
}

/** A migration's number: what `npm run migrate` reports. */
export function migrationNumber(name: string): number {
	return Number.parseInt(name, 10);
}

/**
 * Databases made before Kysely list applied migrations as numbers in `schema_migrations`;
 * record those in Kysely's table, so the migrator continues after them.
 */
async function adoptLegacyBookkeeping(db: Db, names: string[]): Promise<void> {
	const legacy = await legacyVersions(db);
	if (legacy.length === 0) return;
	// Refuse before writing anything: a database of a newer version stays as it was.
	const unknown = legacy.find(({ version }) => !names[version - 1]);
	if (unknown) throw new Error(`this database has schema migration ${unknown.version}, which this version does not know: it was made by a newer Plumbline`);
	await db.transaction().execute(async (trx) => {
		// The same shape as Kysely creates (it creates it only when missing).
		await trx.schema
			.createTable('kysely_migration')
			.ifNotExists()
			.addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
			.addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
			.execute();
		for (const { version, appliedAt } of legacy) {
			await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${names[version - 1]!}, ${new Date(appliedAt).toISOString()})
				ON CONFLICT (name) DO NOTHING`.execute(trx);
		}
	});
}

async function legacyVersions(db: Db): Promise<Array<{ version: number; appliedAt: number }>> {
	const tables = await db.introspection.getTables();
	if (!tables.some((t) => t.name === 'schema_migrations')) return [];
	const { rows } = await sql<{ version: number; appliedAt: number }>`SELECT version, applied_at AS "appliedAt" FROM schema_migrations ORDER BY version`.execute(db);
	return rows.map((r) => ({ version: Number(r.version), appliedAt: Number(r.appliedAt) }));
}

/** Apply the migrations not applied yet; returns the numbers applied now. */
export async function migrate(db: Db, dialect: Dialect): Promise<number[]> {
	const list = migrationList(dialect);
	await adoptLegacyBookkeeping(db, list.map(([name]) => name));
	const provider: MigrationProvider = { getMigrations: async () => Object.fromEntries(list) };
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => migrationNumber(r.migrationName));
}
