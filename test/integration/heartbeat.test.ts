/**
 * Heartbeat (issue #18, item 4). Root cause: the server never spoke on an idle socket, so
 * y-websocket's 30 s silence timeout reopened every idle `control` connection, and a dead
 * laptop's socket stayed open for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, closed, connect, createWorkshop, synced, type SyncClient } from '../support/clients.js';

const facilitate = async (server: RunningServer, w: CreateWorkshopResponse) =>
	(await api<JoinResponse>(server, `/api/workshops/${w.workshopId}/facilitate`, { key: w.facilitatorKey })).body;

/** Counts every time the provider lost its connection. */
function watchCloses(client: SyncClient): { closes: number } {
	const seen = { closes: 0 };
	client.provider.on('connection-close', () => (seen.closes += 1));
	return seen;
}

describe('heartbeat, default settings', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server.stop();
	});

	it('keeps idle content and control connections open for 70 s without a single reconnect', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(server, workshop);
		const content = connect(server, workshop.workshopId, 'content', carla.token);
		const control = connect(server, workshop.workshopId, 'control', carla.token);
		await Promise.all([synced(content), synced(control)]);
		const sockets = [content.provider.ws, control.provider.ws];
		const seen = [watchCloses(content), watchCloses(control)];
		// Idle is what is tested: nothing happens for longer than two silence timeouts.
		await new Promise((resolve) => setTimeout(resolve, 70_000));
		expect(seen.map((s) => s.closes)).toEqual([0, 0]);
		expect([content.provider.ws, control.provider.ws]).toEqual(sockets);
		content.destroy();
		control.destroy();
	}, 90_000);
});

describe('heartbeat, short interval', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ env: { PLUMBLINE_HEARTBEAT_MS: '500' } });
	});
	afterAll(async () => {
		await server.stop();
	});

	it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(server, workshop);
		const live = connect(server, workshop.workshopId, 'control', carla.token);
		await synced(live);
		const liveSeen = watchCloses(live);
		// A laptop gone to sleep: its socket is open, but nothing answers.
		const dead = new WebSocket(`${server.wsUrl}/sync/${workshop.workshopId}/control?token=${carla.token}`, { autoPong: false });
		await new Promise((resolve, reject) => {
			dead.once('open', resolve);
			dead.once('error', reject);
		});
		const started = Date.now();
		const { code } = await closed(dead);
		expect(code).toBe(1006);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(liveSeen.closes).toBe(0);
		await eventually(async () => expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/reason="heartbeat"} [1-9]/));
		live.destroy();
	});

	it('sends an idle socket a message y-websocket ignores, at least once per interval', async () => {
		const workshop = await createWorkshop(server);
		const carla = await facilitate(server, workshop);
		const ws = new WebSocket(`${server.wsUrl}/sync/${workshop.workshopId}/control?token=${carla.token}`);
		const keepAlives: number[] = [];
		ws.on('message', (data: Buffer) => {
			if (data.equals(Buffer.from([1, 1, 0]))) keepAlives.push(Date.now());
		});
		await eventually(() => expect(keepAlives.length).toBeGreaterThanOrEqual(3), 5000);
		ws.close();
	});
});
