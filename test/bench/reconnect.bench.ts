/**
 * Reconnect storm: 200 clients lose the server at once; it restarts on the same
 * port; how long until every client is synced again, and how the reconnects
 * spread over time.
 */
import { it } from 'vitest';
import { startServer, tempDataDir } from '../support/server.js';
import { connect, createWorkshop, join, synced } from '../support/clients.js';

const CLIENTS = 200;

it(`reconnect storm: ${CLIENTS} clients`, async () => {
	const dataDir = tempDataDir();
	let server = await startServer({ dataDir });
	const workshop = await createWorkshop(server);
	const people = [];
	for (let i = 0; i < CLIENTS; i++) people.push(await join(server, { ...workshop }, `P${i}`, i % 2 ? 'sales' : 'marketing'));
	const clients = people.map((p) => connect(server, workshop.workshopId, 'content', p.token));
	await Promise.all(clients.map((c) => synced(c, 30_000)));
	clients.forEach((c, i) => c.doc.getMap('m').set(`k${i}`, i));

	await server.kill();
	await new Promise((resolve) => setTimeout(resolve, 500));
	const restart = performance.now();
	server = await startServer({ dataDir, port: server.port });
	const syncedAt: number[] = [];
	await Promise.all(
		clients.map(
			(c) =>
				new Promise<void>((resolve) => {
					const check = () => {
						if (c.provider.synced && c.provider.wsconnected) {
							syncedAt.push(performance.now() - restart);
							resolve();
						} else setTimeout(check, 10);
					};
					check();
				})
		)
	);
	syncedAt.sort((a, b) => a - b);
	const at = (q: number) => syncedAt[Math.min(syncedAt.length - 1, Math.floor(q * syncedAt.length))]!.toFixed(0);
	const buckets = new Map<number, number>();
	for (const t of syncedAt) buckets.set(Math.floor(t / 250) * 250, (buckets.get(Math.floor(t / 250) * 250) ?? 0) + 1);
	console.log(
		[
			'',
			`reconnect storm — ${CLIENTS} y-websocket clients, server killed and restarted on the same port`,
			`  synced again after restart: 50% ${at(0.5)} ms, 90% ${at(0.9)} ms, all ${at(1)} ms`,
			`  curve (per 250 ms): ${[...buckets].map(([t, n]) => `${t}ms:${n}`).join(' ')}`,
			''
		].join('\n')
	);
	for (const c of clients) c.destroy();
	await server.stop();
}, 120_000);
