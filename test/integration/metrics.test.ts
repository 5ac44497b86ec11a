/** /metrics on prom-client: histograms of storage writes and exports, and the process's own figures. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinResponse } from '../../src/lib/api.js';
import { setLineText } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

const scrape = async () => {
	const response = await fetch(`${server.url}/metrics`);
	expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
	return response.text();
};
const value = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1]);

describe('/metrics', () => {
	it('has a histogram of storage writes and one of exports by job, beside the process metrics', async () => {
		const workshop = await createWorkshop(server);
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(writer);
		setLineText(writer.doc, 'headline', 'Keep every truck on the road');
		await eventually(async () => expect(value(await scrape(), 'plumbline_flush_seconds_bucket{le="+Inf"}')).toBeGreaterThan(0));

		const exported = await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/md`, { headers: { authorization: `Bearer ${carla.token}` } });
		expect(exported.status).toBe(200);
		await exported.arrayBuffer();
		const text = await scrape();
		expect(value(text, 'plumbline_export_seconds_count{job="md"}')).toBe(1);
		expect(value(text, 'plumbline_export_seconds_bucket{le="+Inf",job="md"}')).toBe(1);
		expect(value(text, 'plumbline_export_seconds_sum{job="md"}')).toBeGreaterThan(0);
		expect(value(text, 'plumbline_flush_seconds_count')).toBe(value(text, 'plumbline_flush_seconds_bucket{le="+Inf"}'));
		expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
		expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
		writer.destroy();
	});

	// The event loop lag gauge samples with a timer: at prom-client's default of every 10 ms an idle
	// server woke 100 times a second, about 1% of a core for nothing (and a tenth of a small room's cost).
	it.skipIf(!fs.existsSync('/proc/self/status'))('lets an idle server sleep: its main thread wakes a few times a second at most', async () => {
		const pid = server.process.pid!;
		const wakeups = () => Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'))![1]);
		const seconds = 3;
		const before = wakeups();
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
		expect((wakeups() - before) / seconds).toBeLessThan(20);
	});
});
