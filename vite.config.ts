import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { plumblineDevServer } from './server/dev.js';

export default defineConfig({
	plugins: [plumblineDevServer(), sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'test/lint/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 30_000
				}
			},
			{
				// `npm run bench` only: figures, not assertions.
				extends: true,
				test: {
					name: 'bench',
					include: ['test/bench/**/*.bench.ts'],
					environment: 'node',
					testTimeout: 120_000,
					// One benchmark at a time: each measures the machine, and the others would be its noise.
					fileParallelism: false
				}
			}
		]
	}
});
