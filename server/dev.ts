/**
 * `npm run dev`: the same app and WebSocket endpoint attached to Vite's dev
 * server, so pages, API and sync share one port in development too.
 */
import type { Plugin } from 'vite';

export function plumblineDevServer(): Plugin {
	return {
		name: 'plumbline-dev-server',
		apply: 'serve',
		async configureServer(server) {
			// Vitest runs this config too; it starts its own servers.
			if (process.env.VITEST || !server.httpServer) return;
			const { readConfig } = await import('./config.js');
			const { createApp, installApp } = await import('./app.js');
			const app = await createApp(readConfig());
			installApp(app);
			server.httpServer.on('upgrade', (req, socket, head) => app.sync.handleUpgrade(req, socket, head));
			server.httpServer.on('close', () => void app.close());
		}
	};
}
