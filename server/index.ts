/**
 * Production entry: one HTTP server on one port serving SvelteKit's pages and
 * API (adapter-node's handler) and the Yjs WebSocket endpoint at /sync/….
 */
import http from 'node:http';
import { ConfigError, readConfig, type Config } from './config.js';
import { createApp, installApp } from './app.js';
import { log } from './log.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

let config: Config;
try {
	config = readConfig();
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(error.message);
		process.exit(78); // EX_CONFIG
	}
	throw error;
}

const app = await createApp(config).catch((error: Error) => {
	console.error(`Plumbline cannot start: ${error.message}`);
	process.exit(1);
});
installApp(app);

// adapter-node assumes https unless ORIGIN or PROTOCOL_HEADER says otherwise. Without
// either, tell it the truth about each request (this server speaks plain HTTP), so
// links follow the address people actually used, e.g. http://192.168.1.20:3000.
const OWN_PROTOCOL_HEADER = 'x-plumbline-protocol';
const tellProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (tellProtocol) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

// Built by `vite build`; imported after installApp so hooks find the app.
const { handler } = (await import(new URL('../../build/handler.js', import.meta.url).href)) as { handler: Handler };

const server = http.createServer((req, res) => {
	// Overwritten on every request, so a client cannot choose it.
	if (tellProtocol) req.headers[OWN_PROTOCOL_HEADER] = 'http';
	// Static assets are served before SvelteKit's hooks run; they need nosniff as much as pages do.
	res.setHeader('X-Content-Type-Options', 'nosniff');
	handler(req, res);
});
server.on('upgrade', (req, socket, head) => {
	if (!app.sync.handleUpgrade(req, socket, head)) socket.destroy();
});

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	// Printed whatever the log level: operators and the tests wait for this line.
	console.log(`Plumbline listening on http://${shownHost}:${port} (data in ${config.dataDir}; Node ${process.versions.node})`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log.info(`${signal}: stopping — closing connections and flushing documents`);
	server.close();
	const force = setTimeout(() => {
		log.error('shutdown took longer than 10 s; exiting');
		process.exit(1);
	}, 10_000);
	force.unref();
	try {
		await app.close();
		server.closeAllConnections();
		log.info('stopped cleanly');
		process.exit(0);
	} catch (error) {
		log.error('error during shutdown', error);
		process.exit(1);
	}
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
