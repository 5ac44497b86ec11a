/**
 * Published results, end to end on the real server: a room with one leader
 * votes and rates; nothing published lets anyone subtract the leader's ballot
 * out; the archive carries the results (never ballots) into a new workshop;
 * saved versions follow the export policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { claims, content, lineFragment, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

const auth = (who: JoinResponse) => ({ authorization: `Bearer ${who.token}` });

async function controlOf(workshopId: string, who: JoinResponse): Promise<ControlState> {
	const reader = connect(server, workshopId, 'control', who.token);
	await synced(reader);
	const state = readControl(reader.doc);
	reader.destroy();
	return state;
}

async function room() {
	const workshop = await createWorkshop(server, 'Results room');
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'other' })).body;
	const people = {
		anna: await join(server, workshop, 'Anna', 'sales'),
		bjorn: await join(server, workshop, 'Björn', 'sales'),
		elif: await join(server, workshop, 'Elif', 'marketing'),
		farid: await join(server, workshop, 'Farid', 'marketing'),
		ines: await join(server, workshop, 'Ines Duarte', 'leadership'),
		kim: await join(server, workshop, 'Kim', 'observer')
	};
	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	writer.doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);
		content.phrasings(writer.doc).add({ id: 'alt', authorId: people.anna.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
		claims.add(writer.doc, 'k1');
		const claim = new Y.XmlElement('paragraph');
		claim.insert(0, [new Y.XmlText('If we miss a breakdown, the repair is on us')]);
		lineFragment(writer.doc, 'claim-k1').insert(0, [claim]);
	});
	await writer.written();
	const intent = (who: JoinResponse, body: Record<string, unknown>) =>
		api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, auth(who));
	return { workshop, carla, people, writer, intent };
}

describe('published results', () => {
	it('a lone leader’s ballot and scores cannot be subtracted out; the archive carries the results into a new workshop, never ballots', async () => {
		const { workshop, carla, people, writer, intent } = await room();
		expect((await intent(carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
		const voteId = (await controlOf(workshop.workshopId, carla)).votes[0]!.id;
		const choice: Array<[JoinResponse, string]> = [
			[people.anna, 'alt'],
			[people.bjorn, 'alt'],
			[people.elif, 'current'],
			[people.farid, 'current'],
			[people.ines, 'alt']
		];
		for (const [who, option] of choice) expect((await intent(who, { type: 'vote.cast', voteId, allocation: { [option]: 1 } })).status).toBe(200);
		expect((await intent(carla, { type: 'vote.close', voteId })).status).toBe(200);
		expect((await intent(carla, { type: 'vote.reveal', voteId })).status).toBe(200);
		expect((await intent(carla, { type: 'vote.adopt', voteId, optionId: 'alt' })).status).toBe(200);

		expect((await intent(carla, { type: 'rating.open' })).status).toBe(200);
		const roundId = (await controlOf(workshop.workshopId, carla)).ratings[0]!.id;
		const rate = (who: JoinResponse, conversation: number) =>
			intent(who, { type: 'rating.cast', roundId, scores: { k1: { true: 4, consistent: 4, deliverable: 5, conversation } } });
		for (const [who, score] of [[people.anna, 1], [people.bjorn, 2], [people.elif, 5], [people.farid, 5], [people.ines, 3]] as const) expect((await rate(who, score)).status).toBe(200);
		expect((await intent(carla, { type: 'rating.reveal', roundId })).status).toBe(200);

		// What anyone in the room can read: Ines is only ever inside a group of three.
		const seen = await controlOf(workshop.workshopId, people.kim);
		const vote = seen.votes[0]!;
		expect(vote.results!.totals).toEqual({ current: 2, alt: 3 });
		expect(vote.results!.groups.map((g) => [g.teams, g.voters])).toEqual([
			[['sales'], 2],
			[['marketing', 'leadership'], 3]
		]);
		const cell = seen.ratings[0]!.results!.claims[0]!.criteria.conversation;
		expect(cell.groups.map((g) => [g.teams, g.n, g.mean])).toEqual([
			[['sales'], 2, 1.5],
			[['marketing', 'leadership'], 3, 13 / 3]
		]);
		expect(cell.byTeam).toEqual({ sales: 1.5, marketing: null, leadership: null, other: null });
		expect(cell.contested).toBe(true);
		expect(seen.ratings[0]!.results!.claims[0]!.criteria.true.contested).toBe(false);

		// The documents say the same sentence.
		const markdown = await (await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/md`, { headers: auth(carla) })).text();
		expect(markdown).toContain('Works in a conversation: sales doubt it (1.5), marketing with leadership are sure (4.3)');
		expect(markdown).toContain('Sales and marketing with leadership favour different options');
		expect(markdown).toContain('Marketing and leadership are shown together');

		// The archive: results as published, no ballot, no voter, no named list.
		const archive = await (await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/json`, { headers: auth(carla) })).text();
		for (const person of Object.values(people)) expect(archive).not.toContain(person.participantId);
		expect(JSON.parse(archive).results.votes[0].ballots).toBeNull();
		const imported = await api<CreateWorkshopResponse>(server, '/api/workshops/import', archive);
		expect(imported.status).toBe(201);
		const newCarla = (await api<JoinResponse>(server, `/api/workshops/${imported.body.workshopId}/facilitate`, { key: imported.body.facilitatorKey, name: 'Carla', team: 'other' })).body;
		const copy = await controlOf(imported.body.workshopId, newCarla);
		expect(copy.votes).toEqual([{ ...vote, ballots: null }]);
		expect(copy.ratings.map((r) => r.results)).toEqual(seen.ratings.map((r) => r.results));
		const copied = await (await fetch(`${server.url}/api/workshops/${imported.body.workshopId}/export/md`, { headers: auth(newCarla) })).text();
		const section = (md: string, from: string, to: string) => md.slice(md.indexOf(from), md.indexOf(to));
		expect(section(copied, '## Agreed language', '## Who took part')).toBe(section(markdown, '## Agreed language', '## Who took part'));
		writer.destroy();
	});

	it('a saved version is readable only by those the export policy lets take the document away', async () => {
		const { workshop, carla, people, writer, intent } = await room();
		expect((await intent(people.anna, { type: 'version.save', name: 'Draft 1' })).status).toBe(200);
		const versionId = (await controlOf(workshop.workshopId, carla)).versions[0]!.id;
		const view = async (who: JoinResponse) => (await api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/versions/${versionId}`, undefined, auth(who))).status;

		// Default policy "leaders": facilitators and the leadership team.
		expect(await view(carla)).toBe(200);
		expect(await view(people.ines)).toBe(200);
		expect(await view(people.anna)).toBe(403);
		expect(await view(people.kim)).toBe(403);
		expect((await intent(carla, { type: 'export.setPolicy', policy: 'participants' })).status).toBe(200);
		await eventually(async () => expect(await view(people.anna)).toBe(200));
		expect(await view(people.kim)).toBe(403);
		expect((await intent(carla, { type: 'export.setPolicy', policy: 'everyone' })).status).toBe(200);
		await eventually(async () => expect(await view(people.kim)).toBe(200));
		writer.destroy();
	});
});
