// `npm start` (and `npm run migrate`, `sqlite-to-postgres`, `backup`): build when the build is
// missing or older than the sources, then run the server (or the named tool) from it.
// Plain JavaScript so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimumNode, unsupportedNode } from './node-version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const unsupported = unsupportedNode(process.version, minimumNode(path.join(root, 'package.json')));
if (unsupported) {
	console.error(unsupported);
	process.exit(78); // EX_CONFIG, like a bad setting
}
const TOOLS = new Set(['index', 'migrate', 'sqlite-to-postgres', 'backup']);
const tool = process.argv[2] ?? 'index';
if (!TOOLS.has(tool)) {
	console.error(`Unknown command ${tool}; known: ${[...TOOLS].join(', ')}`);
	process.exit(64);
}
const entry = path.join(root, `dist/server/${tool}.js`);
// The tool reads its own arguments from where they would be if it were run directly.
if (process.argv[2]) process.argv.splice(2, 1);

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
	console.error('Building Plumbline…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(entry);
