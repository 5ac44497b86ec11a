import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// The production entry (server/index.ts) imports build/handler.js and serves it
		// beside the WebSocket endpoint on one port.
		adapter: adapter({ out: 'build' })
	}
};
