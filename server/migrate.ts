/**
 * `npm run migrate`: apply the schema migrations of the configured storage
 * (DATABASE_URL, else DATA_DIR/plumbline.sqlite) and say what was applied.
 * The server applies them at start too; this is for deploying before starting.
 */
import path from 'node:path';
import { ConfigError, readConfig } from './config.js';
import { migratePostgres } from './storage/postgres.js';
import { openSqlite } from './storage/sqlite.js';

try {
	const config = readConfig();
	let applied: number[];
	let where: string;
	if (config.databaseUrl) {
		applied = await migratePostgres(config.databaseUrl);
		where = `PostgreSQL (${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname})`;
	} else {
		const file = path.join(config.dataDir, 'plumbline.sqlite');
		const storage = await openSqlite(file);
		applied = storage.migrated;
		await storage.close();
		where = file;
	}
	console.log(applied.length > 0 ? `Applied migrations ${applied.join(', ')} to ${where}.` : `${where} is up to date.`);
} catch (error) {
	console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
	process.exit(1);
}
