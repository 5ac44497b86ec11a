/** The JSON API against the real built server: answers, errors with stable codes, cookies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { JOIN_CODE_ALPHABET } from '../../src/lib/domain/joinCode.js';
import { startServer, type RunningServer } from '../support/server.js';
import { api, createWorkshop, join, joinByLink } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

describe('creating a workshop', () => {
	it('returns the id, a readable join code and both links', async () => {
		const { status, body } = await api<CreateWorkshopResponse>(server, '/api/workshops', {
			title: 'Q1 launch',
			product: 'Fleetwise Uptime Guarantee',
			customer: 'Fleet operations managers',
			launchDate: '2027-02-01'
		});
		expect(status).toBe(201);
		expect(body.workshopId).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(body.joinCode).toHaveLength(6);
		for (const ch of body.joinCode) expect(JOIN_CODE_ALPHABET).toContain(ch);
		expect(body.joinUrl).toMatch(new RegExp(`^${server.url}/w/${body.workshopId}/join#invite=[A-Za-z0-9_-]{22}$`));
		expect(body.facilitatorUrl).toBe(`${server.url}/w/${body.workshopId}/facilitate#key=${body.facilitatorKey}`);
	});

	it('refuses bad input with a stable code', async () => {
		const cases: Array<[unknown, number, string]> = [
			['{not json', 400, 'invalid-json'],
			[{}, 400, 'invalid-title'],
			[{ title: '   ' }, 400, 'invalid-title'],
			[{ title: 'x'.repeat(121) }, 400, 'invalid-title'],
			[{ title: 'ok', product: 'p'.repeat(201) }, 400, 'invalid-field'],
			[{ title: 'ok', launchDate: '2027-02-30' }, 400, 'invalid-launch-date'],
			[{ title: 'ok', launchDate: 'tomorrow' }, 400, 'invalid-launch-date'],
			[[1, 2], 400, 'invalid-title']
		];
		for (const [body, status, code] of cases) {
			const response = await api<ApiErrorBody>(server, '/api/workshops', body);
			expect(response.status, JSON.stringify(body)).toBe(status);
			expect(response.body.error.code).toBe(code);
			expect(response.body.error.message.length).toBeGreaterThan(10);
		}
	});
});

describe('joining', () => {
	it('joins by code in any case and with a dash, and sets an HttpOnly session cookie', async () => {
		const workshop = await createWorkshop(server);
		const typed = `${workshop.joinCode.slice(0, 3)}-${workshop.joinCode.slice(3)}`.toLowerCase();
		const { status, body, headers } = await api<JoinResponse>(server, '/api/join', { code: typed, name: '  Anna  Lindqvist ', team: 'sales' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ workshopId: workshop.workshopId, name: 'Anna Lindqvist', team: 'sales', role: 'participant' });
		const cookie = headers.get('set-cookie')!;
		expect(cookie).toContain(`plumbline_${workshop.workshopId}=`);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
	});

	it('joins from a join link, and as an observer', async () => {
		const workshop = await createWorkshop(server);
		const { status, body } = await joinByLink(server, workshop, 'Kim', 'observer');
		expect(status).toBe(200);
		expect(body).toMatchObject({ role: 'observer', team: null });
	});

	it('refuses wrong codes, names and teams with clear messages', async () => {
		const workshop = await createWorkshop(server);
		const cases: Array<[string, unknown, number, string]> = [
			['/api/join', { code: 'KMXKMX', name: 'A', team: 'sales' }, 404, 'unknown-code'],
			['/api/join', { code: '12', name: 'A', team: 'sales' }, 400, 'invalid-code'],
			['/api/join', { code: workshop.joinCode, name: '', team: 'sales' }, 400, 'invalid-name'],
			['/api/join', { code: workshop.joinCode, name: 'A', team: 'facilitator' }, 400, 'invalid-team'],
			['/api/join', { code: workshop.joinCode, name: 'A', team: '__proto__' }, 400, 'invalid-team'],
			['/api/workshops/nope/join', { name: 'A', team: 'sales' }, 404, 'unknown-workshop'],
			[`/api/workshops/${workshop.workshopId}/join`, { name: 'A', team: 'sales' }, 403, 'invalid-invitation']
		];
		for (const [path, body, status, code] of cases) {
			const response = await api<ApiErrorBody>(server, path, body);
			expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(status);
			expect(response.body.error.code).toBe(code);
		}
		const unknown = await api<ApiErrorBody>(server, '/api/join', { code: 'KMXKMX', name: 'A', team: 'sales' });
		expect(unknown.body.error.message).toContain('KMX-KMX');
	});

	it('makes a facilitator only with the right key', async () => {
		const workshop = await createWorkshop(server);
		const wrong = await api<ApiErrorBody>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: 'guess' });
		expect(wrong.status).toBe(403);
		expect(wrong.body.error.code).toBe('wrong-key');
		const right = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' });
		expect(right.status).toBe(200);
		expect(right.body.role).toBe('facilitator');
	});
});

describe('sessions on HTTP', () => {
	it('answers 401 for a missing, forged or foreign session, and the workshop for a valid one', async () => {
		const workshop = await createWorkshop(server);
		const other = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const eve = await join(server, other, 'Eve', 'sales');
		const path = `/api/workshops/${workshop.workshopId}`;

		expect((await api<ApiErrorBody>(server, path)).status).toBe(401);
		expect((await api<ApiErrorBody>(server, path, undefined, { authorization: 'Bearer v1.e30.AAAA' })).status).toBe(401);
		expect((await api<ApiErrorBody>(server, path, undefined, { authorization: `Bearer ${eve.token}` })).status).toBe(401);
		expect((await api<ApiErrorBody>(server, '/api/workshops/nope', undefined, { authorization: `Bearer ${anna.token}` })).status).toBe(404);

		const ok = await api<{ workshop: { title: string; joinCode: string }; me: { name: string } }>(server, path, undefined, {
			cookie: `plumbline_${workshop.workshopId}=${anna.token}`
		});
		expect(ok.status).toBe(200);
		expect(ok.body.me.name).toBe('Anna');
		expect(ok.body.workshop.joinCode).toBe(workshop.joinCode);
		expect(JSON.stringify(ok.body)).not.toContain('facilitatorKey');
	});

	it('serves the create and join buttons disabled until the page\'s script runs (a click before would reload the page and lose what was typed)', async () => {
		const home = await (await fetch(server.url)).text();
		expect(home).toMatch(/<button type="submit" disabled[^>]*>Create workshop<\/button>/);
		expect(home).toMatch(/<button type="submit" disabled[^>]*>Join<\/button>/);
	});

	it('sends a browser without a session from the workshop page to the join page, and an unknown workshop to a 404 page', async () => {
		const workshop = await createWorkshop(server);
		const page = await fetch(`${server.url}/w/${workshop.workshopId}`, { redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe(`/w/${workshop.workshopId}/join`);
		const missing = await fetch(`${server.url}/w/doesNotExist`);
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('We could not find that workshop');
	});
});
