import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// The production entry (server/index.ts) imports build/handler.js and serves it
		// beside the WebSocket endpoint on one port.
		adapter: adapter({ out: 'build' }),
		// The SvelteKit side's one way into server/ ($lib/server and hooks; routes go through locals).
		alias: { $server: 'server' },
		// A strict policy: scripts only from this origin (SvelteKit adds a nonce to its own
		// inline script), no framing by other sites, no plugins. Inline style attributes are
		// allowed because team colours are set per element.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
