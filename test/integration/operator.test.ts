/** The operator's view: liveness, readiness, Prometheus metrics, JSON log lines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startServer, type RunningServer } from '../support/server.js';
import { connect, createWorkshop, join, rawSocket, closed, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

describe('operator endpoints', () => {
	it('answers /healthz and /readyz', async () => {
		expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'alive' });
		expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready', storage: 'ok', fanout: 'off', unsavedBytes: 0 });
	});

	it('counts connections, messages, flushes and rejected messages in /metrics', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const client = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(client);
		client.doc.getText('t').insert(0, 'counted');
		const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
		if (!('send' in ws)) throw new Error('refused');
		const done = closed(ws);
		ws.send(new Uint8Array([42]));
		await done;
		await client.written();

		// The edit is on the server; its flush follows within the flush window.
		await eventually(async () => {
			const response = await fetch(`${server.url}/metrics`);
			expect(response.headers.get('content-type')).toContain('text/plain');
			const text = await response.text();
			const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);
			expect(value('plumbline_connections')).toBeGreaterThanOrEqual(1);
			expect(value('plumbline_rooms')).toBeGreaterThanOrEqual(1);
			expect(value('plumbline_messages_received_total')).toBeGreaterThan(1);
			expect(value('plumbline_bytes_sent_total')).toBeGreaterThan(0);
			expect(value('plumbline_flush_seconds_count')).toBeGreaterThan(0);
			expect(value('plumbline_messages_rejected_total{reason="invalid-protocol"}')).toBe(1);
		});
		client.destroy();
	});

	it('logs one JSON object per line', () => {
		const lines = server
			.output()
			.split('\n')
			.filter((l) => l.startsWith('{'));
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
	});
});
