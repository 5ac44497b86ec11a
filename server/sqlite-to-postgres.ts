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
import pg from 'pg';
import * as Y from 'yjs';
import { ConfigError, readConfig } from './config.js';
import { migratePostgres } from './storage/postgres.js';
import { SqliteStorage } from './storage/sqlite.js';
import { openSqlite, prepare, type SqliteDatabase } from './storage/sqlite-driver.js';

/** Tables in the order their foreign keys allow, with their columns (the same names in both databases). */
const TABLES: Array<[string, string[], string]> = [
	['workshops', ['id', 'join_code', 'title', 'product', 'customer', 'launch_date', 'facilitator_key_hash', 'created_at'], 'id'],
	['participants', ['id', 'workshop_id', 'name', 'team', 'role', 'created_at'], 'id'],
	['sessions', ['id', 'workshop_id', 'participant_id', 'created_at', 'expires_at', 'revoked_at'], 'id'],
	['private_notes', ['id', 'workshop_id', 'author_id', 'author_team', 'column_id', 'text', 'created_at'], 'id'],
	['ballots', ['vote_id', 'voter_id', 'team', 'allocation', 'cast_at'], 'vote_id, voter_id'],
	['ratings', ['round_id', 'rater_id', 'team', 'scores', 'cast_at'], 'round_id, rater_id'],
	['versions', ['id', 'workshop_id', 'name', 'author_id', 'created_at', 'hash', 'content', 'control'], 'id']
];

interface MoveReport {
	rows: Record<string, number>;
	documents: number;
}

async function sqliteToPostgres(file: string, databaseUrl: string): Promise<MoveReport> {
	if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
	// Bring an older file to the current schema first, so both sides have the same columns.
	await new SqliteStorage(file).close();
	await migratePostgres(databaseUrl);
	const source = openSqlite(file, { readonly: true });
	const target = new pg.Client({ connectionString: databaseUrl });
	await target.connect();
	try {
		const taken = await codesTakenElsewhere(source, target);
		if (taken.length > 0) throw new Error(`join codes already used by other workshops in PostgreSQL: ${taken.join(', ')}; nothing was moved`);
		const report: MoveReport = { rows: {}, documents: 0 };
		await target.query('BEGIN');
		for (const [table, columns, key] of TABLES) {
			const rows = prepare<[], Record<string, unknown>>(source, `SELECT ${columns.join(', ')} FROM ${table}`).all();
			let moved = 0;
			for (const row of rows) {
				const result = await target.query(
					`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (${key}) DO NOTHING`,
					columns.map((c) => row[c])
				);
				moved += result.rowCount ?? 0;
			}
			report.rows[table] = moved;
		}
		// Each document as one update holding its whole state: merged with whatever PostgreSQL has.
		const names = prepare<[], { doc: string }>(source, 'SELECT doc FROM doc_snapshots UNION SELECT doc FROM doc_updates')
			.all()
			.map((row) => row.doc);
		for (const name of names) {
			const doc = new Y.Doc();
			const snapshot = prepare<[string], { data: Uint8Array }>(source, 'SELECT data FROM doc_snapshots WHERE doc = ?').get(name)?.data;
			Y.transact(doc, () => {
				if (snapshot) Y.applyUpdate(doc, snapshot);
				for (const update of prepare<[string], { data: Uint8Array }>(source, 'SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq').iterate(name)) {
					Y.applyUpdate(doc, update.data);
				}
			});
			await target.query('INSERT INTO doc_updates (doc, data) VALUES ($1, $2)', [name, Buffer.from(Y.encodeStateAsUpdate(doc))]);
			doc.destroy();
			report.documents += 1;
		}
		await target.query('COMMIT');
		return report;
	} catch (error) {
		await target.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		source.close();
		await target.end();
	}
}

/** Join codes of the SQLite workshops that PostgreSQL gives to a different workshop. */
async function codesTakenElsewhere(source: SqliteDatabase, target: pg.Client): Promise<string[]> {
	const workshops = prepare<[], { id: string; join_code: string }>(source, 'SELECT id, join_code FROM workshops').all();
	if (workshops.length === 0) return [];
	const { rows } = await target.query<{ id: string; join_code: string }>('SELECT id, join_code FROM workshops WHERE join_code = ANY($1)', [
		workshops.map((w) => w.join_code)
	]);
	return rows.filter((row) => workshops.some((w) => w.join_code === row.join_code && w.id !== row.id)).map((row) => row.join_code);
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
