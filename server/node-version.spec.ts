import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimumNode, unsupportedNode } from './node-version.js';

const packageJson = path.join(path.dirname(fileURLToPath(import.meta.url)), '../package.json');

describe('the Node version check', () => {
	it('reads the minimum from package.json engines, at least Node 22', () => {
		const minimum = minimumNode(packageJson);
		expect(minimum).toHaveLength(3);
		expect(minimum[0]).toBeGreaterThanOrEqual(22);
	});

	it('accepts the minimum and anything newer', () => {
		expect(unsupportedNode('v22.16.0', [22, 16, 0])).toBeNull();
		expect(unsupportedNode('v22.17.1', [22, 16, 0])).toBeNull();
		expect(unsupportedNode('v24.0.0', [22, 16, 0])).toBeNull();
		expect(unsupportedNode('v26.1.0', [22, 16, 0])).toBeNull();
	});

	it('refuses anything older with a message that says what to run', () => {
		for (const old of ['v20.20.2', 'v22.15.9', 'v18.0.0', 'v22.12.0']) {
			const message = unsupportedNode(old, [22, 16, 0]);
			expect(message, old).toContain(`Plumbline needs Node 22.16.0 or newer (Node 24 LTS recommended); this is Node ${old.slice(1)}.`);
			expect(message, old).toContain('npm start');
		}
	});
});
