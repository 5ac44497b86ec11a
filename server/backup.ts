/**
 * `npm run backup -- <file>`: a consistent copy of the SQLite database while the
 * server runs (SQLite's online backup). Restore: stop the server, copy the file
 * to DATA_DIR/plumbline.sqlite (removing any -wal and -shm files), start it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { backup } from 'node:sqlite';
import { ConfigError, readConfig } from './config.js';
import { openSqlite } from './storage/sqlite-driver.js';

const target = process.argv[2];
if (!target) {
	console.error('Usage: npm run backup -- <backup-file.sqlite>');
	process.exit(64);
}

try {
	const { dataDir } = readConfig();
	const source = path.join(dataDir, 'plumbline.sqlite');
	if (!fs.existsSync(source)) {
		console.error(`No database at ${source}: check DATA_DIR.`);
		process.exit(66);
	}
	const db = openSqlite(source, { readonly: true });
	const started = Date.now();
	await backup(db, path.resolve(target));
	db.close();
	console.log(`Backed up ${source} to ${path.resolve(target)} in ${Date.now() - started} ms`);
} catch (error) {
	console.error(error instanceof ConfigError ? error.message : `Backup failed: ${(error as Error).message}`);
	process.exit(1);
}
