/**
 * Ballots are the server's: a hostile client on raw HTTP and WebSocket cannot
 * vote twice, for someone else, over budget, after close, as an observer, or
 * read anyone's ballot; published results are aggregates only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { claims, content, lineFragment, readControl, type VoteState } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { resultsAgreement } from '../../src/lib/domain/voting.js';
import { claimSplits } from '../../src/lib/domain/ratings.js';
import { api, connect, createWorkshop, join, rawSocket, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

type Answer = { applied?: string; error?: { code: string; message: string } };

async function setup() {
	const workshop = await createWorkshop(server);
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
	const people = {
		anna: await join(server, workshop, 'Anna', 'sales'),
		bjorn: await join(server, workshop, 'Björn', 'sales'),
		elif: await join(server, workshop, 'Elif', 'marketing'),
		farid: await join(server, workshop, 'Farid', 'marketing'),
		ines: await join(server, workshop, 'Ines', 'leadership'),
		kim: await join(server, workshop, 'Kim', 'observer')
	};
	// The headline and one alternative, written through a real client.
	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	writer.doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);
		content.phrasings(writer.doc).add({ id: 'alt', authorId: people.anna.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: 'No more surprise breakdowns' });
	});
	await writer.written();
	return { workshop, carla, people, writer };
}

function intent(workshop: CreateWorkshopResponse, who: JoinResponse, body: Record<string, unknown>) {
	return api<Answer>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
}

async function votes(workshop: CreateWorkshopResponse, who: JoinResponse): Promise<VoteState[]> {
	const reader = connect(server, workshop.workshopId, 'control', who.token);
	await synced(reader);
	const list = readControl(reader.doc).votes;
	reader.destroy();
	return list;
}

describe('votes', () => {
	it('snapshots the candidates when the vote opens', async () => {
		const { workshop, carla, writer } = await setup();
		expect((await intent(workshop, carla, { type: 'vote.open', lineId: 'headline' })).status).toBe(200);
		content.phrasings(writer.doc).text('alt', 'text')!.insert(0, 'EDITED ');
		content.phrasings(writer.doc).add({ id: 'late', authorId: carla.participantId, authorTeam: 'sales', createdAt: 2, lineId: 'headline', text: 'Too late' });
		await writer.written();
		const [vote] = await votes(workshop, carla);
		expect(vote!.options.map((o) => [o.id, o.text])).toEqual([
			['current', 'Keep every truck on the road'],
			['alt', 'No more surprise breakdowns']
		]);
		writer.destroy();
	});

	it('refuses every hostile ballot, keeps one ballot per person, and publishes aggregates only', async () => {
		const { workshop, carla, people, writer } = await setup();
		expect((await intent(workshop, carla, { type: 'vote.open', lineId: 'headline', kind: 'dots', budget: 2 })).status).toBe(200);
		const [vote] = await votes(workshop, carla);
		const voteId = vote!.id;
		const cast = (who: JoinResponse, allocation: unknown, extra: Record<string, unknown> = {}) => intent(workshop, who, { type: 'vote.cast', voteId, allocation, ...extra });

		// Legitimate ballots; Anna changes her mind (re-vote replaces).
		expect((await cast(people.anna, { current: 1 })).status).toBe(200);
		expect((await cast(people.anna, { alt: 1 })).status).toBe(200);
		expect((await cast(people.bjorn, { alt: 1 })).status).toBe(200);
		expect((await cast(people.elif, { current: 1 })).status).toBe(200);
		expect((await cast(people.farid, { current: 1 })).status).toBe(200);
		expect((await cast(people.ines, { alt: 1 })).status).toBe(200);

		// Hostile attempts.
		const refused: Array<[string, Promise<{ status: number; body: Answer }>, number, string]> = [
			['over budget', cast(people.anna, { alt: 3 }), 400, 'invalid-ballot'],
			['stacked when not allowed', cast(people.anna, { alt: 2 }), 400, 'invalid-ballot'],
			['unknown option', cast(people.anna, { injected: 1 }), 400, 'invalid-ballot'],
			['negative dots', cast(people.anna, { alt: 3, current: -1 }), 400, 'invalid-ballot'],
			['observer', cast(people.kim, { alt: 1 }), 403, 'forbidden'],
			['unknown vote', intent(workshop, people.anna, { type: 'vote.cast', voteId: 'nope', allocation: { alt: 1 } }), 404, 'unknown-vote'],
			['participant reveals', intent(workshop, people.anna, { type: 'vote.reveal', voteId }), 403, 'forbidden']
		];
		for (const [label, pending, status, code] of refused) {
			const response = await pending;
			expect(response.status, label).toBe(status);
			expect(response.body.error?.code, label).toBe(code);
		}
		// Voting "as someone else": the body's voter id is ignored; the ballot is the token holder's.
		expect((await cast(people.anna, { alt: 1 }, { voterId: people.elif.participantId })).status).toBe(200);
		const mine = (who: JoinResponse) =>
			api<{ allocation: Record<string, number> | null }>(server, `/api/workshops/${workshop.workshopId}/votes/${voteId}/ballot`, undefined, { authorization: `Bearer ${who.token}` });
		expect((await mine(people.elif)).body.allocation).toEqual({ current: 1 });
		expect((await mine(people.kim)).body.allocation).toBeNull();

		// A write to control over the raw protocol (a forged "revealed" vote) is dropped.
		const ws = await rawSocket(server, `/sync/${workshop.workshopId}/control?token=${people.anna.token}`);
		if (!('send' in ws)) throw new Error('refused');
		const forged = new Y.Doc();
		forged.getMap('votes').set(voteId, { ...vote, status: 'revealed', results: { totals: { alt: 99 } } });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged));
		ws.send(encoding.toUint8Array(encoder));

		// While open: a count, no results.
		const open = (await votes(workshop, people.elif))[0]!;
		expect(open).toMatchObject({ status: 'open', voters: 5, results: null, ballots: null });

		expect((await intent(workshop, carla, { type: 'vote.close', voteId })).status).toBe(200);
		expect((await cast(people.bjorn, { current: 1 })).body.error?.code).toBe('vote-closed');
		expect((await intent(workshop, carla, { type: 'vote.reveal', voteId })).status).toBe(200);

		const revealed = (await votes(workshop, people.elif))[0]!;
		expect(revealed.results!.totals).toEqual({ current: 2, alt: 3 });
		expect(revealed.results!.voters).toBe(5);
		// Ines is the only leadership voter: her ballot is only ever shown pooled with marketing's,
		// so no published figure (total − sales − marketing) gives it away.
		expect(revealed.results!.groups).toEqual([
			{ teams: ['sales'], voters: 2, totals: { current: 0, alt: 2 } },
			{ teams: ['marketing', 'leadership'], voters: 3, totals: { current: 2, alt: 1 } }
		]);
		expect(resultsAgreement(revealed.results!, revealed)?.sentence).toBe(
			'Sales and marketing with leadership favour different options: sales “No more surprise breakdowns”, marketing with leadership “Keep every truck on the road” (67% apart).'
		);
		expect(revealed.ballots).toBeNull();
		// Nobody's id appears in what clients receive about the vote.
		const published = JSON.stringify(revealed);
		for (const person of Object.values(people)) expect(published).not.toContain(person.participantId);

		// Adopting writes the phrasing into the line and records the vote.
		expect((await intent(workshop, carla, { type: 'vote.adopt', voteId, optionId: 'alt' })).status).toBe(200);
		await eventually(() => expect(lineFragment(writer.doc, 'headline').toString()).toContain('No more surprise breakdowns'));
		expect((await votes(workshop, carla))[0]!.adopted?.optionId).toBe('alt');
		ws.close();
		writer.destroy();
	});

	it('a named vote publishes who voted what, and only after the reveal', async () => {
		const { workshop, carla, people, writer } = await setup();
		expect((await intent(workshop, carla, { type: 'vote.open', lineId: 'headline', kind: 'single', named: true })).status).toBe(200);
		const voteId = (await votes(workshop, carla))[0]!.id;
		expect((await intent(workshop, people.anna, { type: 'vote.cast', voteId, allocation: { alt: 1 } })).status).toBe(200);
		expect((await intent(workshop, people.elif, { type: 'vote.cast', voteId, allocation: { alt: 1, current: 1 } })).body.error?.code).toBe('invalid-ballot');
		expect((await votes(workshop, people.elif))[0]!.ballots).toBeNull();
		expect((await intent(workshop, carla, { type: 'vote.reveal', voteId })).status).toBe(200);
		expect((await votes(workshop, people.elif))[0]!.ballots).toEqual([{ name: 'Anna', team: 'sales', allocation: { alt: 1 } }]);
		writer.destroy();
	});
});

describe('rating rounds', () => {
	it('accepts valid scores only while open and publishes statistics, never scores', async () => {
		const { workshop, carla, people, writer } = await setup();
		writer.doc.transact(() => {
			for (const [id, text] of [
				['k1', 'Cuts vehicle-off-road time by 30%'],
				['k2', 'If we miss a breakdown, the repair is on us']
			] as const) {
				claims.add(writer.doc, id);
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(text)]);
				lineFragment(writer.doc, `claim-${id}`).insert(0, [paragraph]);
			}
		});
		content.scenarios(writer.doc).add({ id: 's1', authorId: people.anna.participantId, authorTeam: 'sales', createdAt: 1, title: 'First call', objection: 'We have OEM telematics' });
		await writer.written();
		expect((await intent(workshop, carla, { type: 'rating.open', scenarioIds: ['s1', 'invented'] })).status).toBe(200);
		const reader = connect(server, workshop.workshopId, 'control', people.elif.token);
		await synced(reader);
		const roundId = readControl(reader.doc).ratings[0]!.id;
		// Pinned to the scenario that exists; the invented id is dropped.
		expect(readControl(reader.doc).ratings[0]!.scenarioIds).toEqual(['s1']);
		const rate = (who: JoinResponse, scores: unknown) => intent(workshop, who, { type: 'rating.cast', roundId, scores });

		expect((await rate(people.anna, { k1: { true: 4, conversation: 1 }, k2: { true: 5 } })).status).toBe(200);
		expect((await rate(people.bjorn, { k1: { true: 4, conversation: 2 } })).status).toBe(200);
		expect((await rate(people.elif, { k1: { true: 4, conversation: 5 } })).status).toBe(200);
		expect((await rate(people.farid, { k1: { true: 5, conversation: 5 } })).status).toBe(200);
		for (const bad of [{ k1: { true: 6 } }, { k9: { true: 3 } }, { k1: { charm: 3 } }, {}]) {
			expect((await rate(people.anna, bad)).body.error?.code, JSON.stringify(bad)).toBe('invalid-scores');
		}
		expect((await rate(people.kim, { k1: { true: 3 } })).status).toBe(403);
		expect((await intent(workshop, carla, { type: 'rating.reveal', roundId })).status).toBe(200);
		expect((await rate(people.anna, { k1: { true: 1 } })).body.error?.code).toBe('round-closed');

		await eventually(() => expect(readControl(reader.doc).ratings[0]!.status).toBe('revealed'));
		const round = readControl(reader.doc).ratings[0]!;
		expect(round.results!.claims[0]!.claimId).toBe('k1');
		expect(round.results!.claims[0]!.criteria.conversation).toMatchObject({ n: 4, mean: 13 / 4, byTeam: { sales: 1.5, marketing: 5 }, contested: true });
		expect(round.results!.claims[0]!.criteria.true).toMatchObject({ byTeam: { sales: 4, marketing: 4.5 }, contested: false });
		expect(claimSplits(round.results!.claims[0]!)).toEqual(['Works in a conversation: sales doubt it (1.5), marketing are sure (5.0)']);
		const published = JSON.stringify(round);
		for (const person of Object.values(people)) expect(published).not.toContain(person.participantId);
		reader.destroy();
		writer.destroy();
	});
});
