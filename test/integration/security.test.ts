/** Web security: headers on the pages, cross-site requests refused, join-code guessing slowed down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, JoinResponse } from '../../src/lib/api.js';
import { JOIN_CODE_ALPHABET } from '../../src/lib/domain/joinCode.js';
import { startServer, type RunningServer } from '../support/server.js';
import { api, createWorkshop } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ env: { PLUMBLINE_JOIN_FAILURES_PER_MINUTE: '1' } });
});

afterAll(async () => {
	await server.stop();
});

describe('web security', () => {
	it('sends a strict policy and the protective headers on every page', async () => {
		const workshop = await createWorkshop(server);
		for (const path of ['/', `/w/${workshop.workshopId}/join`, `/w/${workshop.workshopId}/facilitate`]) {
			const response = await fetch(server.url + path);
			expect(response.status, path).toBe(200);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp, path).toContain("default-src 'self'");
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).toContain("object-src 'none'");
			expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+'/);
			expect(response.headers.get('x-frame-options')).toBe('DENY');
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('referrer-policy')).toBe('same-origin');
		}
	});

	it('refuses state-changing requests from another site', async () => {
		const response = await api<ApiErrorBody>(server, '/api/workshops', { title: 'x' }, { origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(response.body.error.code).toBe('forbidden-origin');
		expect((await api(server, '/api/workshops', { title: 'x' }, { origin: server.url })).status).toBe(201);
	});

	it('sets the session cookie HttpOnly and SameSite, and never echoes the facilitator key hash', async () => {
		const workshop = await createWorkshop(server);
		const joined = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey });
		const cookie = joined.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		const page = await fetch(`${server.url}/w/${workshop.workshopId}`, { headers: { cookie: cookie.split(';')[0]! } });
		expect(await page.text()).not.toContain(workshop.facilitatorKey);
	});
});

describe('join-code guessing', () => {
	it('stops an address after its hourly budget of distinct wrong codes, and says when to retry', async () => {
		const workshop = await createWorkshop(server);
		const guess = (code: string) => api<ApiErrorBody>(server, '/api/join', { code, name: 'Eve', team: 'sales' });
		// The same wrong code again costs nothing (a person retyping), malformed codes neither.
		for (let i = 0; i < 5; i++) expect((await guess('KMXKMX')).status).toBe(404);
		for (let i = 0; i < 5; i++) expect((await guess('KMX')).status).toBe(400);
		// 1 a minute over an hour: 60 distinct wrong codes, one of them KMXKMX.
		const wrong = Array.from({ length: 59 }, (_, i) => `KM${JOIN_CODE_ALPHABET[i % 23]}${JOIN_CODE_ALPHABET[Math.floor(i / 23)]}XY`);
		for (const code of wrong.filter((code) => code !== workshop.joinCode)) expect((await guess(code)).status).toBe(404);
		const blocked = await guess('KMXKMX');
		expect(blocked.status).toBe(429);
		expect(blocked.body.error.code).toBe('too-many-attempts');
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
		// Even the right code waits: otherwise guessing would simply go on.
		expect((await guess(workshop.joinCode)).status).toBe(429);
	});
});
