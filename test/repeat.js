// `npm run test:repeat [-- runs]`: the integration and browser layers several times in a row
// (default 5) on one build, to find tests that only pass most of the time. Not part of
// `npm test` or CI: it takes about an hour on a 2-core machine. Stops at the first failure
// and says which run and layer failed; each run's output is kept in repeat-results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
	console.error('usage: npm run test:repeat -- [runs, a whole number ≥ 1]');
	process.exit(64);
}
// Not under test-results/: Playwright empties that folder when it starts.
const logs = path.join(root, 'repeat-results');
fs.mkdirSync(logs, { recursive: true });

/** @type {Array<[string, string[]]>} */
const LAYERS = [
	['integration', ['node_modules/.bin/vitest', 'run', '--project', 'integration']],
	['browser', ['test/e2e/run.js']]
];

/**
 * @param {string[]} args node's arguments
 * @param {string} log file for the step's output
 */
function step(args, log) {
	const started = Date.now();
	const out = fs.openSync(log, 'w');
	const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	return { ok: result.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

const build = step(['node_modules/.bin/vite', 'build'], path.join(logs, 'build.log'));
const server = build.ok && step(['node_modules/.bin/tsc', '-p', 'server/tsconfig.json'], path.join(logs, 'build-server.log'));
if (!server || !server.ok) {
	console.error(`build failed: see ${logs}/build*.log`);
	process.exit(1);
}
for (let run = 1; run <= runs; run++) {
	for (const [layer, args] of LAYERS) {
		const log = path.join(logs, `run-${run}-${layer}.log`);
		const { ok, seconds } = step(args, log);
		console.log(`run ${run}/${runs} ${layer}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s`);
		if (!ok) {
			console.error(`see ${path.relative(root, log)}`);
			process.exit(1);
		}
	}
}
console.log(`${runs} runs in a row passed`);
