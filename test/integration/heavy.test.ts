/**
 * One laptop cannot hurt the room (issue 18, items 5, 6 and 12), against the real server:
 * - heavy work: exports rendered on the event loop stalled every room (a PDF of a large
 *   workshop took ≈ 1 s per MiB, /healthz waited as long); they now run in worker threads;
 * - quotas: versions, their bytes, private notes, workshop creations and imports were unlimited;
 * - consistency: intents wrote `control` before storage, so a failed write left a version
 *   listed but not stored, a person shown removed but still admitted, a note counted but missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JoinResponse } from '../../src/lib/api.js';
import { lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced, type SyncClient } from '../support/clients.js';

const servers: RunningServer[] = [];
const clients: SyncClient[] = [];
afterEach(() => {
	for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
});

async function start(env: Record<string, string> = {}) {
	const server = await startServer({ env });
	servers.push(server);
	return server;
}

async function facilitate(server: RunningServer, workshop: { workshopId: string; facilitatorKey: string }) {
	const { status, body } = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' });
	if (status !== 200) throw new Error(`facilitate failed: ${status}`);
	return body;
}

function intent(server: RunningServer, workshopId: string, token: string, body: Record<string, unknown>) {
	return api<{ applied?: string; error?: { code: string } }>(server, `/api/workshops/${workshopId}/intents`, body, { authorization: `Bearer ${token}` });
}

/** Write `paragraphs` paragraphs of about 2 KiB each into the headline, in one update. */
async function fillHeadline(client: SyncClient, paragraphs: number) {
	const text = 'Every truck stays on the road because the fleet knows before the driver does. '.repeat(26);
	client.doc.transact(() => {
		const line = lineFragment(client.doc, 'headline');
		line.insert(
			0,
			Array.from({ length: paragraphs }, (_, i) => {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(`${i}: ${text}`)]);
				return paragraph;
			})
		);
	});
}

describe('heavy work off the event loop', () => {
	it('answers /healthz quickly while five large exports render', async () => {
		const server = await start();
		const workshop = await createWorkshop(server, 'A large workshop');
		const carla = await facilitate(server, workshop);
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		clients.push(writer);
		await synced(writer);
		await fillHeadline(writer, 600); // ≈ 1.2 MiB of text
		const md = () => fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/md`, { headers: { authorization: `Bearer ${carla.token}` } });
		await eventually(async () => expect((await (await md()).text()).length).toBeGreaterThan(1_200_000), 15_000);

		const started = Date.now();
		const exports = ['pdf', 'pdf', 'docx', 'pdf', 'md'].map(async (format) => {
			const response = await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/${format}`, { headers: { authorization: `Bearer ${carla.token}` } });
			return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
		});
		let done = false;
		const all = Promise.all(exports).finally(() => (done = true));
		const latencies: number[] = [];
		while (!done) {
			const t0 = performance.now();
			const health = await fetch(`${server.url}/healthz`);
			expect(health.status).toBe(200);
			latencies.push(performance.now() - t0);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const results = await all;
		const sorted = [...latencies].sort((a, b) => a - b);
		const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
		const [median, p95, worst] = [pick(0.5), pick(0.95), sorted.at(-1)!];
		console.log(`five exports took ${Date.now() - started} ms; /healthz answered ${sorted.length} times: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, slowest ${worst.toFixed(1)} ms`);
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(sorted.length).toBeGreaterThan(20);
		// 100 ms is the target. The margins cover two cores shared with other engineers' test runs
		// (a load average of 10 is common here): a scheduler pause can hit any single request, so
		// the slowest gets more room; rendering on the event loop blocked it for whole seconds.
		expect(median).toBeLessThan(100);
		expect(p95).toBeLessThan(250);
		expect(worst).toBeLessThan(1500);
	}, 120_000);

	it('refuses exports beyond the queue (503 busy) and past the size cap (413 too-large)', async () => {
		const server = await start({ PLUMBLINE_EXPORT_WORKERS: '1', PLUMBLINE_EXPORT_QUEUE: '0', PLUMBLINE_EXPORT_MAX_BYTES: '262144' });
		const workshop = await createWorkshop(server, 'Busy');
		const carla = await facilitate(server, workshop);
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		clients.push(writer);
		await synced(writer);
		await fillHeadline(writer, 60); // ≈ 120 KiB: under the size cap
		const get = (format: string) => fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/${format}`, { headers: { authorization: `Bearer ${carla.token}` } });
		await eventually(async () => expect((await (await get('md')).text()).length).toBeGreaterThan(120_000), 10_000);

		const answers = await Promise.all([get('pdf'), get('pdf'), get('pdf')]);
		const statuses = answers.map((r) => r.status).sort();
		expect(statuses[0]).toBe(200);
		expect(statuses).toContain(503);
		const busy = answers.find((r) => r.status === 503)!;
		expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('busy');

		await fillHeadline(writer, 120); // now ≈ 360 KiB: past the cap
		await eventually(async () => {
			const big = await get('pdf');
			expect(big.status).toBe(413);
			expect(((await big.json()) as { error: { code: string } }).error.code).toBe('too-large');
		}, 10_000);
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/plumbline_jobs_refused_total\{reason="busy"\} [1-9]/);
		expect(metrics).toMatch(/plumbline_jobs_refused_total\{reason="too-large"\} [1-9]/);
	}, 60_000);
	it('stops an export past the time cap (503 job-timeout), then serves the next one', async () => {
		// The big export must outlast the cap on a fast, quiet machine (≈ 8 MiB of text: several
		// seconds) while the small one after it gets through on a loaded one (where a small PDF
		// on a fresh worker once took more than a second): a 2 s cap, and the small export asked
		// again should the first ask meet a machine too busy.
		const server = await start({ PLUMBLINE_EXPORT_WORKERS: '1', PLUMBLINE_EXPORT_TIMEOUT_MS: '2000' });
		const workshop = await createWorkshop(server, 'Slow');
		const carla = await facilitate(server, workshop);
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		clients.push(writer);
		await synced(writer);
		for (let i = 0; i < 6; i++) await fillHeadline(writer, 700);
		const get = (format: string) => fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/${format}`, { headers: { authorization: `Bearer ${carla.token}` } });
		await eventually(async () => expect((await (await get('md')).text()).length).toBeGreaterThan(8_000_000), 30_000);
		const slow = await get('pdf'); // ≈ 8 s uncapped on a quiet 2-core machine
		expect(slow.status).toBe(503);
		expect(((await slow.json()) as { error: { code: string } }).error.code).toBe('job-timeout');
		// A fresh worker takes the next job.
		const small = await createWorkshop(server, 'Small');
		const facilitator = await facilitate(server, small);
		// A GET changes nothing, so asking again is safe.
		await eventually(async () => {
			const next = await fetch(`${server.url}/api/workshops/${small.workshopId}/export/pdf`, { headers: { authorization: `Bearer ${facilitator.token}` } });
			expect(next.status).toBe(200);
		}, 30_000);
		expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/plumbline_jobs_refused_total\{reason="timeout"\} [1-9]/);
	}, 60_000);
});

describe('quotas', () => {
	it('limits saved versions per workshop (409) and their bytes (413)', async () => {
		const server = await start({ PLUMBLINE_MAX_VERSIONS: '3', PLUMBLINE_MAX_VERSION_BYTES: '1048576' });
		const workshop = await createWorkshop(server, 'Versions');
		const carla = await facilitate(server, workshop);
		for (const name of ['one', 'two', 'three']) expect((await intent(server, workshop.workshopId, carla.token, { type: 'version.save', name })).status).toBe(200);
		const fourth = await intent(server, workshop.workshopId, carla.token, { type: 'version.save', name: 'four' });
		expect(fourth.status).toBe(409);
		expect(fourth.body.error!.code).toBe('too-many-versions');

		const big = await createWorkshop(server, 'Big versions');
		const facilitator = await facilitate(server, big);
		const writer = connect(server, big.workshopId, 'content', facilitator.token);
		clients.push(writer);
		await synced(writer);
		await fillHeadline(writer, 200); // ≈ 400 KiB per version
		const markdown = () => fetch(`${server.url}/api/workshops/${big.workshopId}/export/md`, { headers: { authorization: `Bearer ${facilitator.token}` } });
		await eventually(async () => expect((await (await markdown()).text()).length).toBeGreaterThan(400_000), 10_000);
		for (const name of ['a', 'b']) expect((await intent(server, big.workshopId, facilitator.token, { type: 'version.save', name })).status).toBe(200);
		const third = await intent(server, big.workshopId, facilitator.token, { type: 'version.save', name: 'c' });
		expect(third.status).toBe(413);
		expect(third.body.error!.code).toBe('versions-too-large');

		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toContain('plumbline_quota_refusals_total{quota="too-many-versions"} 1');
		expect(metrics).toContain('plumbline_quota_refusals_total{quota="versions-too-large"} 1');
	}, 60_000);

	it('limits private notes per person per round (409)', async () => {
		const server = await start({ PLUMBLINE_MAX_PRIVATE_NOTES: '3' });
		const workshop = await createWorkshop(server, 'Notes');
		const carla = await facilitate(server, workshop);
		const anna = await join(server, workshop, 'Anna', 'sales');
		expect((await intent(server, workshop.workshopId, carla.token, { type: 'brainstorm.start' })).status).toBe(200);
		const add = (token: string, text: string) => intent(server, workshop.workshopId, token, { type: 'brainstorm.addNote', column: 'pains', text });
		for (let i = 0; i < 3; i++) expect((await add(anna.token, `note ${i}`)).status).toBe(200);
		const fourth = await add(anna.token, 'one too many');
		expect(fourth.status).toBe(409);
		expect(fourth.body.error!.code).toBe('too-many-notes');
		// The quota is per person: others still write.
		expect((await add(carla.token, 'mine')).status).toBe(200);
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toContain('plumbline_quota_refusals_total{quota="too-many-notes"} 1');
	});

	it('limits workshop creations and imports per address (429)', async () => {
		const server = await start({ PLUMBLINE_WORKSHOPS_PER_HOUR: '3', PLUMBLINE_IMPORTS_PER_HOUR: '2' });
		const source = await createWorkshop(server, 'Source');
		const carla = await facilitate(server, source);
		const archive = await (await fetch(`${server.url}/api/workshops/${source.workshopId}/export/json`, { headers: { authorization: `Bearer ${carla.token}` } })).text();
		for (let i = 0; i < 2; i++) expect((await api(server, '/api/workshops', { title: `W${i}` })).status).toBe(201);
		const refused = await api<{ error: { code: string } }>(server, '/api/workshops', { title: 'one too many' });
		expect(refused.status).toBe(429);
		expect(refused.body.error.code).toBe('too-many-workshops');

		for (let i = 0; i < 2; i++) expect((await api(server, '/api/workshops/import', archive)).status).toBe(201);
		const third = await api<{ error: { code: string } }>(server, '/api/workshops/import', archive);
		expect(third.status).toBe(429);
		expect(third.body.error.code).toBe('too-many-imports');
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toContain('plumbline_quota_refusals_total{quota="too-many-workshops"} 1');
		expect(metrics).toContain('plumbline_quota_refusals_total{quota="too-many-imports"} 1');
	});
});

describe('storage before control', () => {
	/** Make the named storage methods fail (PLUMBLINE_TEST_FAULTS), or none. */
	const failStorage = (server: RunningServer, ...methods: string[]) => {
		const file = path.join(server.dataDir, 'fail-storage');
		if (methods.length) fs.writeFileSync(file, methods.join('\n'));
		else fs.rmSync(file, { force: true });
	};

	it('a failed storage write leaves control unchanged: no version listed, nobody removed, no note counted', async () => {
		const server = await start({ PLUMBLINE_TEST_FAULTS: '1' });
		const workshop = await createWorkshop(server, 'Faults');
		const carla = await facilitate(server, workshop);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const watcher = connect(server, workshop.workshopId, 'control', carla.token);
		clients.push(watcher);
		await synced(watcher);
		const control = () => readControl(watcher.doc);
		const send = (token: string, body: Record<string, unknown>) => intent(server, workshop.workshopId, token, body);
		expect((await send(carla.token, { type: 'brainstorm.start' })).status).toBe(200);
		await eventually(() => expect(control().privateRound?.active).toBe(true));
		const changes: string[] = [];
		watcher.doc.on('update', () => changes.push(JSON.stringify(control())));

		failStorage(server, 'insertVersion', 'insertPrivateNote', 'revokeSessions');
		const saved = await send(carla.token, { type: 'version.save', name: 'Before launch' });
		const noted = await send(anna.token, { type: 'brainstorm.addNote', column: 'pains', text: 'Downtime costs us' });
		const removed = await send(carla.token, { type: 'participant.remove', participantId: anna.participantId });
		expect([saved.status, noted.status, removed.status]).toEqual([503, 503, 503]);
		expect(saved.body.error!.code).toBe('not-saved');
		// An intent that needs no failing storage still goes through, and is the only change seen.
		expect((await send(carla.token, { type: 'timer.start', minutes: 5 })).status).toBe(200);
		await eventually(() => expect(control().timer).not.toBeNull());
		expect(control().versions).toEqual([]);
		expect(control().privateRound?.count).toBe(0);
		expect(control().participants.find((p) => p.id === anna.participantId)?.removed).toBeFalsy();
		expect(changes.every((c) => !c.includes('Before launch'))).toBe(true);
		// What control says holds in storage too: Anna is still admitted.
		expect((await api(server, `/api/workshops/${workshop.workshopId}`, undefined, { authorization: `Bearer ${anna.token}` })).status).toBe(200);

		failStorage(server);
		expect((await send(carla.token, { type: 'version.save', name: 'Before launch' })).status).toBe(200);
		expect((await send(anna.token, { type: 'brainstorm.addNote', column: 'pains', text: 'Downtime costs us' })).status).toBe(200);
		expect((await send(carla.token, { type: 'participant.remove', participantId: anna.participantId })).status).toBe(200);
		await eventually(() => {
			expect(control().versions.map((v) => v.name)).toEqual(['Before launch']);
			expect(control().privateRound?.count).toBe(1);
			expect(control().participants.find((p) => p.id === anna.participantId)?.removed).toBe(true);
		});
		const version = control().versions[0]!;
		expect((await api(server, `/api/workshops/${workshop.workshopId}/versions/${version.id}`, undefined, { authorization: `Bearer ${carla.token}` })).status).toBe(200);
		expect((await api(server, `/api/workshops/${workshop.workshopId}`, undefined, { authorization: `Bearer ${anna.token}` })).status).toBe(403); // 403 `removed`: removal is a ban
	}, 30_000);
});
