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
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'test/lint/**/*.spec.ts', 'test/bench/load/**/*.spec.ts'],
					exclude: ['src/**/*.component.spec.ts'],
					environment: 'node'
				}
			},
			{
				// Stage components rendered into happy-dom over a real WorkshopConnection without a network
				// (test/support/component.ts). Svelte 5 must resolve to its browser build to mount.
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'component',
					include: ['src/**/*.component.spec.ts'],
					environment: 'happy-dom'
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
