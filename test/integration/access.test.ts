/**
 * Nobody is locked out who should be in, and nobody gets in who should not (issue #18, 9–11).
 * Root causes: one budget of ten wrong codes per address per minute refused even the right
 * code and the facilitator link to everyone behind that address; a removed person could
 * join again by link or code as someone new; any Host was served (DNS rebinding).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiErrorBody, CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { readControl } from '../../src/lib/doc/schema.js';
import { JOIN_CODE_ALPHABET } from '../../src/lib/domain/joinCode.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, closed, connect, createWorkshop, joinByLink, rawSocket, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	// Client addresses come from X-Forwarded-For, so one test can be a hotel network and a guesser.
	server = await startServer({ env: { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1', PLUMBLINE_HOSTS: 'plumbline.lan' } });
});

afterAll(async () => {
	await server.stop();
});

const from = (address: string) => ({ 'x-forwarded-for': address });

function byCode(code: string, name: string, address: string, headers: Record<string, string> = {}) {
	return api<JoinResponse & ApiErrorBody>(server, '/api/join', { code, name, team: 'sales' }, { ...from(address), ...headers });
}

async function facilitate(workshop: CreateWorkshopResponse, address = '127.0.0.1'): Promise<{ status: number; body: JoinResponse }> {
	return api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' }, from(address));
}

function intent(workshop: CreateWorkshopResponse, token: string, body: Record<string, unknown>) {
	return api<{ applied?: string; error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${token}` });
}

/** A code of the join alphabet that is not `code`: the i-th of many distinct wrong guesses. */
function wrongCode(i: number, code: string): string {
	const alphabet = JOIN_CODE_ALPHABET;
	let guess = '';
	for (let n = i + 1, k = 0; k < 6; k++, n = Math.floor(n / alphabet.length)) guess += alphabet[n % alphabet.length];
	return guess === code ? wrongCode(i + 100_000, code) : guess;
}

describe('lock-outs', () => {
	it('lets fifty people behind one address in within a minute though fifteen mistype, while a guesser gets nowhere', async () => {
		const workshop = await createWorkshop(server);
		const hotel = '203.0.113.7';
		const started = Date.now();
		const people = Array.from({ length: 50 }, async (_, i) => {
			const name = `Guest ${i}`;
			if (i < 15) {
				// A slip of one character, the same slip again, then a transposition.
				const code = workshop.joinCode;
				const slip = wrongCode(i, code);
				const swapped = code[1]! + code[0]! + code.slice(2);
				for (const typed of [slip, slip, swapped === code ? wrongCode(i + 50, code) : swapped]) {
					const answer = await byCode(typed, name, hotel);
					expect(answer.status, `${name} typing ${typed}`).toBe(404);
				}
			}
			const joined = await byCode(workshop.joinCode.toLowerCase(), name, hotel);
			expect(joined.status, `${name}: ${JSON.stringify(joined.body)}`).toBe(200);
		});
		await Promise.all(people);
		expect(Date.now() - started).toBeLessThan(60_000);

		// A guesser on another network: distinct codes until refused, then even the right code is refused.
		const guesser = '198.51.100.9';
		let guesses = 0;
		for (;;) {
			const batch = await Promise.all(Array.from({ length: 20 }, (_, k) => byCode(wrongCode(1000 + guesses + k, workshop.joinCode), 'Eve', guesser)));
			guesses += batch.length;
			const refused = batch.filter((answer) => answer.status === 429);
			expect(batch.every((answer) => answer.status === 404 || answer.status === 429)).toBe(true);
			if (refused.length > 0) {
				expect(refused[0]!.body.error.code).toBe('too-many-attempts');
				expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(55 * 60);
				break;
			}
			// The default budget: 10 a minute, counted over an hour.
			expect(guesses).toBeLessThanOrEqual(600);
		}
		expect(guesses).toBeGreaterThanOrEqual(600);
		expect((await byCode(workshop.joinCode, 'Eve', guesser)).status).toBe(429);
		expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/plumbline_messages_rejected_total\{reason="too-many-attempts"\} [1-9]/);

		// Links carry unguessable secrets and are never limited, even from the guesser's network.
		const link = await joinByLink(server, workshop, 'Farid', 'marketing', from(guesser));
		expect(link.status).toBe(200);
		expect((await facilitate(workshop, guesser)).status).toBe(200);
		// A link without its secret, or with another, is not an invitation.
		for (const invite of [undefined, '', 'x'.repeat(22)]) {
			const bare = await api<ApiErrorBody>(server, `/api/workshops/${workshop.workshopId}/join`, { name: 'Eve', team: 'sales', invite }, from(guesser));
			expect(bare.status).toBe(403);
			expect(bare.body.error.code).toBe('invalid-invitation');
		}
		const control = await api<{ participants: unknown[] }>(server, `/api/workshops/${workshop.workshopId}`, undefined, { authorization: `Bearer ${link.body.token}` });
		expect(control.status).toBe(200);
	}, 90_000);
});

describe('removal is a ban', () => {
	it("refuses a removed person's rejoin by link and by code until the facilitator re-admits them", async () => {
		const workshop = await createWorkshop(server);
		const carla = (await facilitate(workshop)).body;
		const anna = (await byCode(workshop.joinCode, 'Anna', '192.0.2.10')).body;
		const cookie = { cookie: `plumbline_${workshop.workshopId}=${anna.token}` };

		expect((await intent(workshop, carla.token, { type: 'participant.remove', participantId: anna.participantId })).status).toBe(200);

		// Her browser still holds its (now revoked) session cookie; a script would send the token.
		for (const credentials of [cookie, { authorization: `Bearer ${anna.token}` }]) {
			const again = await byCode(workshop.joinCode, 'Anna again', '192.0.2.10', credentials);
			expect(again.status).toBe(403);
			expect(again.body.error.code).toBe('removed');
			const viaLink = await joinByLink(server, workshop, 'Anna again', 'sales', credentials);
			expect(viaLink.status).toBe(403);
		}
		// Her laptop reconnecting learns why (4403, shown as "removed"), not a bare refusal shown as "Offline".
		const socket = await rawSocket(server, `/sync/${workshop.workshopId}/control?token=${anna.token}`);
		if (!(socket instanceof WebSocket)) throw new Error(`refused with ${socket.refused}`);
		expect((await closed(socket)).code).toBe(4403);
		const page = await fetch(`${server.url}/w/${workshop.workshopId}/join`, { headers: cookie });
		expect(await page.text()).toContain('You were removed from this workshop');
		expect(readControl(await controlOf(workshop, carla.token)).participants.filter((p) => p.name.startsWith('Anna'))).toHaveLength(1);

		// Only the facilitator can re-admit; then her own session works again, and so do link and code.
		expect((await intent(workshop, anna.token, { type: 'participant.readmit', participantId: anna.participantId })).status).toBe(403);
		expect((await intent(workshop, carla.token, { type: 'participant.readmit', participantId: anna.participantId })).status).toBe(200);
		expect((await intent(workshop, carla.token, { type: 'participant.readmit', participantId: anna.participantId })).body.error?.code).toBe('unknown-participant');
		expect((await api(server, `/api/workshops/${workshop.workshopId}`, undefined, { authorization: `Bearer ${anna.token}` })).status).toBe(200);
		const back = connect(server, workshop.workshopId, 'control', anna.token);
		await synced(back);
		await eventually(() => expect(readControl(back.doc).participants.find((p) => p.id === anna.participantId)?.removed).toBeFalsy());
		back.destroy();
		expect((await byCode(workshop.joinCode, 'Anna', '192.0.2.10', cookie)).status).toBe(200);
		expect((await joinByLink(server, workshop, 'Anna', 'sales', cookie)).status).toBe(200);
	});
});

async function controlOf(workshop: CreateWorkshopResponse, token: string) {
	const client = connect(server, workshop.workshopId, 'control', token);
	await synced(client);
	const doc = client.doc;
	client.provider.destroy();
	return doc;
}

describe('DNS rebinding', () => {
	function withHost(path: string, host: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
		return new Promise((resolve, reject) => {
			const request = http.request(server.url + path, { method, headers: { host, 'content-type': 'application/json' } }, (response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
			});
			request.on('error', reject);
			request.end(body);
		});
	}

	it('refuses a foreign Host on pages, the API and the sync endpoint, and serves loopback, IP literals and configured names', async () => {
		const workshop = await createWorkshop(server);
		for (const host of ['evil.example', `evil.example:${server.port}`, `localhost.evil.example:${server.port}`]) {
			for (const [path, method, body] of [
				['/', 'GET', undefined],
				['/healthz', 'GET', undefined],
				[`/w/${workshop.workshopId}/join`, 'GET', undefined],
				['/api/workshops', 'POST', JSON.stringify({ title: 'rebound' })],
				['/api/join', 'POST', JSON.stringify({ code: workshop.joinCode, name: 'Eve', team: 'sales' })]
			] as const) {
				const answer = await withHost(path, host, method, body);
				expect(answer.status, `${method} ${path} as ${host}`).toBe(403);
				expect(JSON.parse(answer.body).error.code).toBe('forbidden-host');
			}
			const socket = await rawSocket(server, `/sync/${workshop.workshopId}/content`, { host });
			expect(socket, host).toMatchObject({ refused: 403 });
			expect((socket as { body: string }).body).toContain('forbidden-host');
		}
		expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/plumbline_messages_rejected_total\{reason="forbidden-host"\} [1-9]/);
		for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`, `192.168.1.20:${server.port}`, `plumbline.lan:${server.port}`, 'PLUMBLINE.LAN']) {
			expect((await withHost('/healthz', host)).status, host).toBe(200);
			expect((await withHost('/api/workshops', host, 'POST', JSON.stringify({ title: 'ok' }))).status, host).toBe(201);
		}
	});
});
