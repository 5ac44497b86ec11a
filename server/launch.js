// `npm start`: build when the build is missing or older than the sources, then run it.
// Plain JavaScript so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist/server/index.js');

function newest(dir) {
	let latest = 0;
	for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, item.name);
		latest = Math.max(latest, item.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
	}
	return latest;
}

function built() {
	try {
		return Math.min(fs.statSync(entry).mtimeMs, fs.statSync(path.join(root, 'build/handler.js')).mtimeMs);
	} catch {
		return 0;
	}
}

const sources = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'server')), newest(path.join(root, 'static')));
if (built() < sources) {
	console.log('Building Plumbline…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(entry);
