/**
 * `npm test`'s first step: what the tests need outside node_modules is installed
 * (as root) or named with the exact command, and a Node below the minimum is
 * caught before anything runs on it.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide } from '../prerequisites.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'test/prerequisites.js');
const chromium = { name: 'chromium', required: false };
const redis = { name: 'redis-server', required: true };
const postgres = { name: 'postgresql', required: true };

describe('test prerequisites', () => {
	it('installs what is missing when it can, else names the exact command and fails', () => {
		expect(decide([], false)).toEqual({ install: [], fail: false, message: null });
		expect(decide([postgres, redis], true)).toEqual({ install: ['postgresql', 'redis-server'], fail: false, message: null });
		const refused = decide([chromium, redis], false);
		expect(refused.fail).toBe(true);
		expect(refused.message).toContain('sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium redis-server');
	});

	it('only warns about a missing Chromium, which Playwright can replace where the network allows', () => {
		const plan = decide([chromium], false);
		expect(plan.fail).toBe(false);
		expect(plan.message).toContain('apt-get install -y chromium');
	});

	it('passes on this machine and says which Node the tests run on', () => {
		const result = spawnSync(process.execPath, [script], { env: { ...process.env, npm_lifecycle_event: 'test' }, encoding: 'utf8' });
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toContain(`Test prerequisites: Node ${process.versions.node}; `);
	});

	const oldNode = ['/usr/bin/node'].find((f) => fs.existsSync(f) && Number(/^v(\d+)/.exec(execFileSync(f, ['--version'], { encoding: 'utf8' }))?.[1]) < 22);
	it.skipIf(!oldNode)('stops npm test on a Node below the minimum, saying that npm install brings Node 24', () => {
		const result = spawnSync(oldNode!, [script], { env: { PATH: process.env.PATH ?? '', npm_lifecycle_event: 'test' }, encoding: 'utf8' });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('Plumbline needs Node 22.16.0 or newer');
		expect(result.stderr).toContain('brings Node 24 from the npm registry');
	});
});
