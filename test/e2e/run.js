// Runs the browser tests in real Chromium. Uses the system's Chromium when there is
// one (/usr/bin/chromium, or PLUMBLINE_CHROMIUM=/path), else Playwright's own browser,
// installing it first where the network allows.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.PLUMBLINE_CHROMIUM ?? '', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((file) => file !== '');
const system = candidates.find((file) => fs.existsSync(file));
const env = { ...process.env };

if (system) {
	env.PLUMBLINE_CHROMIUM = system;
	console.log(`Browser tests use ${system}`);
} else {
	console.log('No system Chromium found; installing Playwright’s Chromium (needs network access)…');
	const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', env });
	if (install.status !== 0) {
		console.error('Could not install a browser. Install Chromium (e.g. `apt-get install chromium`) or set PLUMBLINE_CHROMIUM.');
		process.exit(1);
	}
}

const result = spawnSync('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env
});
process.exit(result.status ?? 1);
