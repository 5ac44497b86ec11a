/** A refused WebSocket upgrade answers a well-formed HTTP status line, reason phrase included. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { connect, createWorkshop, join, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ env: { PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '1' } });
});

afterAll(async () => {
	await server.stop();
});

/** An upgrade request by hand, to read the status line a WebSocket client hides. */
function upgrade(path: string): Promise<{ status: number; reason: string }> {
	return new Promise((resolve, reject) => {
		const request = http.get(`${server.url}${path}`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
		request.once('response', (response) => {
			response.resume();
			resolve({ status: response.statusCode ?? 0, reason: response.statusMessage ?? '' });
		});
		request.once('upgrade', (_response, socket) => {
			socket.destroy();
			reject(new Error('upgraded'));
		});
		request.once('error', reject);
	});
}

describe('refused upgrades', () => {
	it('name their status: 400 Bad Request, and 429 Too Many Requests (was "429 Error")', async () => {
		expect(await upgrade('/sync/nope')).toEqual({ status: 400, reason: 'Bad Request' });
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const client = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(client);
		expect(await upgrade(`/sync/${workshop.workshopId}/content?token=${anna.token}`)).toEqual({ status: 429, reason: 'Too Many Requests' });
		client.destroy();
	});
});
