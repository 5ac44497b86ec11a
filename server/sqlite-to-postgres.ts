/**
 * `npm run sqlite-to-postgres -- [file]`: move every workshop of a SQLite database
 * (default DATA_DIR/plumbline.sqlite) into the PostgreSQL database of DATABASE_URL.
 *
 * One transaction: either everything arrives or nothing does. Running it again adds
 * nothing twice (rows are keyed; documents are merged, and Yjs applies each change
 * once), so a move interrupted half-way is simply run again. Stop the SQLite server
 * first: edits made after the copy stay behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import * as Y from 'yjs';
import { ConfigError, readConfig } from './config.js';
import { KyselyDocumentStore } from './storage/documents.js';
import { migratePostgres, postgresDatabase } from './storage/postgres.js';
import type { Database } from './storage/schema.js';
import { openSqliteDatabase } from './storage/sqlite.js';

interface MoveReport {
	rows: Record<string, number>;
	documents: number;
}

/** Rows per INSERT. */
const CHUNK = 200;

async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<{ numInsertedOrUpdatedRows?: bigint }>): Promise<number> {
	let moved = 0;
	for (let i = 0; i < rows.length; i += CHUNK) moved += Number((await insert(rows.slice(i, i + CHUNK))).numInsertedOrUpdatedRows ?? 0n);
	return moved;
}

/** Every table in the order its foreign keys allow (reported by its name in the database); keyed rows already there are kept. */
async function copyRecords(source: Kysely<Database>, target: Kysely<Database>): Promise<Record<string, number>> {
	return {
		workshops: await insertAll(await source.selectFrom('workshops').selectAll().execute(), (rows) =>
			target.insertInto('workshops').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
		),
		participants: await insertAll(await source.selectFrom('participants').selectAll().execute(), (rows) =>
			target.insertInto('participants').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
		),
		sessions: await insertAll(await source.selectFrom('sessions').selectAll().execute(), (rows) =>
			target.insertInto('sessions').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
		),
		private_notes: await insertAll(await source.selectFrom('privateNotes').selectAll().execute(), (rows) =>
			target.insertInto('privateNotes').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
		),
		ballots: await insertAll(await source.selectFrom('ballots').selectAll().execute(), (rows) =>
			target.insertInto('ballots').values(rows).onConflict((oc) => oc.columns(['voteId', 'voterId']).doNothing()).executeTakeFirst()
		),
		ratings: await insertAll(await source.selectFrom('ratings').selectAll().execute(), (rows) =>
			target.insertInto('ratings').values(rows).onConflict((oc) => oc.columns(['roundId', 'raterId']).doNothing()).executeTakeFirst()
		),
		versions: await insertAll(await source.selectFrom('versions').selectAll().execute(), (rows) =>
			target.insertInto('versions').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
		),
		field_logs: await insertAll(await source.selectFrom('fieldLogs').selectAll().execute(), (rows) =>
			target.insertInto('fieldLogs').values(rows).onConflict((oc) => oc.columns(['workshopId', 'id']).doNothing()).executeTakeFirst()
		),
		metric_values: await insertAll(await source.selectFrom('metricValues').selectAll().execute(), (rows) =>
			target.insertInto('metricValues').values(rows).onConflict((oc) => oc.columns(['workshopId', 'metricId', 'date']).doNothing()).executeTakeFirst()
		)
	};
}

async function sqliteToPostgres(file: string, databaseUrl: string): Promise<MoveReport> {
	if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
	// Both sides at the current schema first, so they have the same columns.
	const { db: source } = await openSqliteDatabase(file);
	await migratePostgres(databaseUrl);
	const target = postgresDatabase(databaseUrl);
	try {
		const taken = await codesTakenElsewhere(source, target);
		if (taken.length > 0) throw new Error(`join codes already used by other workshops in PostgreSQL: ${taken.join(', ')}; nothing was moved`);
		return await target.transaction().execute(async (trx) => {
			const report: MoveReport = { rows: await copyRecords(source, trx), documents: 0 };
			// Each document as one update holding its whole state: merged with whatever PostgreSQL has.
			const names = await sql<{ doc: string }>`SELECT doc FROM doc_snapshots UNION SELECT doc FROM doc_updates`.execute(source);
			const documents = new KyselyDocumentStore(source, false);
			for (const { doc: name } of names.rows) {
				const stored = await documents.loadDoc(name);
				const doc = new Y.Doc();
				Y.transact(doc, () => {
					if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
					for (const update of stored.updates) Y.applyUpdate(doc, update);
				});
				await new KyselyDocumentStore(trx, true).appendUpdates(name, [Y.encodeStateAsUpdate(doc)]);
				doc.destroy();
				report.documents += 1;
			}
			return report;
		});
	} finally {
		await source.destroy();
		await target.destroy();
	}
}

/** Join codes of the SQLite workshops that PostgreSQL gives to a different workshop. */
async function codesTakenElsewhere(source: Kysely<Database>, target: Kysely<Database>): Promise<string[]> {
	const workshops = await source.selectFrom('workshops').select(['id', 'joinCode']).execute();
	if (workshops.length === 0) return [];
	const rows = await target
		.selectFrom('workshops')
		.select(['id', 'joinCode'])
		.where(
			'joinCode',
			'in',
			workshops.map((w) => w.joinCode)
		)
		.execute();
	return rows.filter((row) => workshops.some((w) => w.joinCode === row.joinCode && w.id !== row.id)).map((row) => row.joinCode);
}

try {
	const config = readConfig();
	if (!config.databaseUrl) throw new ConfigError('Set DATABASE_URL to the PostgreSQL database to move into.');
	const file = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'plumbline.sqlite'));
	const report = await sqliteToPostgres(file, config.databaseUrl);
	const rows = Object.entries(report.rows)
		.map(([table, n]) => `${n} ${table}`)
		.join(', ');
	console.log(`Moved ${file} into PostgreSQL: ${rows}; ${report.documents} documents.`);
} catch (error) {
	console.error(error instanceof ConfigError ? error.message : `Nothing was moved: ${(error as Error).message}`);
	process.exit(1);
}
