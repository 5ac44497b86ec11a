/** Glossary and timeline under concurrent editing: two real clients converge on one plan. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { content } from '../../src/lib/doc/schema.js';
import { defaultMilestones, resolveDate } from '../../src/lib/domain/timeline.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';
import type { CreateWorkshopResponse } from '../../src/lib/api.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

describe('agreements and ramp-up', () => {
	it('a workshop starts with its launch date and time zone in the campaign', async () => {
		const { body } = await api<CreateWorkshopResponse>(server, '/api/workshops', { title: 'Q1', launchDate: '2027-02-01', timeZone: 'Europe/Stockholm' });
		const anna = await join(server, body, 'Anna', 'sales');
		const client = connect(server, body.workshopId, 'content', anna.token);
		await synced(client);
		await eventually(() => expect(content.campaign.read(client.doc)).toEqual({ launchDate: '2027-02-01', endDate: '', timeZone: 'Europe/Stockholm' }));
		client.destroy();
		const bad = await api<{ error: { code: string } }>(server, '/api/workshops', { title: 'Q1', timeZone: 'Mars/Olympus' });
		expect(bad.body.error.code).toBe('invalid-time-zone');
	});

	it('two clients edit the glossary and the timeline at the same time and converge', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const a = connect(server, workshop.workshopId, 'content', anna.token);
		const b = connect(server, workshop.workshopId, 'content', elif.token);
		await Promise.all([synced(a), synced(b)]);

		content.glossary(a.doc).add({ id: 'g1', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, marketingSays: '', salesSays: 'VOR', weSay: '', definition: '', example: '' });
		await eventually(() => expect(content.glossary(b.doc).get('g1')).toBeDefined());

		// Both type into the same term and edit different fields of the same milestone, offline from each other.
		a.provider.disconnect();
		content.glossary(a.doc).text('g1', 'weSay')!.insert(0, 'vehicle off road');
		content.glossary(b.doc).text('g1', 'weSay')!.insert(0, '(VOR) ');
		content.glossary(b.doc).text('g1', 'marketingSays')!.insert(0, 'downtime');
		const plan = defaultMilestones();
		content.timeline(a.doc).add({ id: 'm1', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, time: '09:00', durationMinutes: 60, ownerTeam: 'sales', callToAction: '', targets: '', materials: '', materialsStatus: 'todo', ...plan[0]! });
		content.campaign.write(b.doc, { launchDate: '2027-03-01', endDate: '2027-05-31', timeZone: 'Europe/Stockholm' });
		a.provider.connect();

		await eventually(() => expect(content.timeline(b.doc).get('m1')).toBeDefined());
		content.timeline(a.doc).update('m1', { offsetDays: -21 });
		content.timeline(b.doc).text('m1', 'callToAction')!.insert(0, 'Read the one-pager');

		await eventually(() => {
			expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
			expect(content.glossary(a.doc).list()).toEqual(content.glossary(b.doc).list());
			expect(content.timeline(a.doc).list()).toEqual(content.timeline(b.doc).list());
		});
		const term = content.glossary(a.doc).get('g1')!;
		expect(term.weSay).toContain('vehicle off road');
		expect(term.weSay).toContain('(VOR)');
		expect(term.marketingSays).toBe('downtime');
		const milestone = content.timeline(a.doc).get('m1')!;
		expect(milestone).toMatchObject({ offsetDays: -21, callToAction: 'Read the one-pager' });
		expect(resolveDate(milestone, content.campaign.read(a.doc))).toBe('2027-02-08');
		a.destroy();
		b.destroy();
	});
});
