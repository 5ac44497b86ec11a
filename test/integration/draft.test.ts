/**
 * The Draft stage's data under concurrency: five real clients edit lines, claims
 * and notes on a seeded random schedule with disconnects, then must converge to
 * one proposition, one board and one contribution balance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROPOSITION_LINES, allLineIds, charactersByClient, claims, content, lineFragment, lineText, readAuthors, readControl } from '../../src/lib/doc/schema.js';
import { contributionBalance } from '../../src/lib/domain/contribution.js';
import { DEFAULT_COLUMNS, placeNote } from '../../src/lib/domain/board.js';
import type { JoinResponse } from '../../src/lib/api.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced, type SyncClient } from '../support/clients.js';
import { seeded } from '../support/random.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

function typeAt(doc: Y.Doc, lineId: string, text: string, rand: ReturnType<typeof seeded>): void {
	const fragment = lineFragment(doc, lineId);
	doc.transact(() => {
		if (fragment.length === 0) {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText()]);
			fragment.insert(0, [paragraph]);
		}
		const paragraph = fragment.get(rand.int(fragment.length)) as Y.XmlElement;
		const node = paragraph.get(0) as Y.XmlText;
		if (rand.chance(0.2) && node.length > 2) node.delete(rand.int(node.length - 1), 1);
		else node.insert(rand.int(node.length + 1), text);
	});
}

interface Person {
	join: JoinResponse;
	content: SyncClient;
	control: SyncClient;
}

function snapshot(person: Person) {
	const doc = person.content.doc;
	return {
		lines: Object.fromEntries(allLineIds(doc).map((id) => [id, lineText(doc, id)])),
		claims: claims.ids(doc),
		notes: content.notes(doc).list(),
		balance: contributionBalance(
			charactersByClient(doc, allLineIds(doc)),
			readAuthors(person.control.doc),
			content.notes(doc).list().map((n) => n.authorTeam)
		)
	};
}

describe('draft convergence', () => {
	it.each([1, 2, 3])('five clients on a random schedule with disconnects converge (seed %i)', async (seed) => {
		const rand = seeded(seed);
		const workshop = await createWorkshop(server);
		const teams = ['sales', 'marketing', 'sales', 'leadership', 'marketing'];
		const people: Person[] = [];
		for (const [i, team] of teams.entries()) {
			const joined = await join(server, workshop, `Person ${i}`, team);
			people.push({
				join: joined,
				content: connect(server, workshop.workshopId, 'content', joined.token),
				control: connect(server, workshop.workshopId, 'control', joined.token)
			});
		}
		await Promise.all(people.flatMap((p) => [synced(p.content), synced(p.control)]));

		const lineIds = PROPOSITION_LINES.map((l) => l.id);
		for (let step = 0; step < 300; step++) {
			const person = rand.pick(people);
			const doc = person.content.doc;
			const notes = content.notes(doc);
			const action = rand.int(100);
			if (action < 40) typeAt(doc, rand.pick([...lineIds, ...claims.ids(doc).map((id) => `claim-${id}`)]), rand.pick(['a', 'bc', ' ', 'Ω', 'truck ']), rand);
			else if (action < 50) notes.add({ id: `n${seed}-${step}`, authorId: person.join.participantId, authorTeam: person.join.team, createdAt: step, column: rand.pick(DEFAULT_COLUMNS).id, text: `note ${step}`, order: rand.next(), lineId: '' });
			else if (action < 60) {
				const list = notes.list();
				if (list.length) {
					const target = rand.pick(list);
					const text = notes.text(target.id, 'text');
					text?.insert(rand.int(text.length + 1), 'x');
				}
			} else if (action < 68) {
				const list = notes.list();
				if (list.length) {
					const target = rand.pick(list);
					notes.update(target.id, placeNote(list, target.id, rand.pick(DEFAULT_COLUMNS).id, rand.int(4), DEFAULT_COLUMNS));
				}
			} else if (action < 72) {
				const own = notes.list().filter((n) => n.authorId === person.join.participantId);
				if (own.length) notes.remove(rand.pick(own).id);
			} else if (action < 78) claims.add(doc, `c${seed}-${step}`, rand.int(3));
			else if (action < 82) {
				const ids = claims.ids(doc);
				if (ids.length) claims.move(doc, rand.pick(ids), rand.int(ids.length));
			} else if (action < 86) {
				const list = notes.list();
				if (list.length) notes.update(rand.pick(list).id, { lineId: rand.pick(lineIds) });
			} else if (action < 93) {
				person.content.provider.disconnect();
			} else {
				person.content.provider.connect();
			}
			if (rand.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, rand.int(8)));
		}

		for (const person of people) person.content.provider.connect();
		await eventually(
			() => {
				const first = Y.encodeStateVector(people[0]!.content.doc);
				for (const person of people) expect(Y.encodeStateVector(person.content.doc)).toEqual(first);
			},
			15_000
		);
		// Author attributions reach every client's control document too.
		await eventually(() => {
			const expected = snapshot(people[0]!);
			for (const person of people.slice(1)) expect(snapshot(person)).toEqual(expected);
			expect(expected.balance.teams.find((t) => t.team === 'unknown')).toBeUndefined();
		}, 10_000);

		const result = snapshot(people[0]!);
		expect(result.balance.teams.map((t) => t.team).sort()).toEqual(['leadership', 'marketing', 'sales']);
		for (const person of people) {
			person.content.destroy();
			person.control.destroy();
		}
	});
});

describe('board columns', () => {
	it('the facilitator renames a column through an intent; participants may not', async () => {
		const workshop = await createWorkshop(server);
		const facilitator = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey });
		const anna = await join(server, workshop, 'Anna', 'sales');
		const path = `/api/workshops/${workshop.workshopId}/intents`;
		const intent = { type: 'board.renameColumn', columnId: 'pains', title: '  Customer pains  ' };

		const denied = await api<{ error: { code: string } }>(server, path, intent, { authorization: `Bearer ${anna.token}` });
		expect(denied.status).toBe(403);
		expect(denied.body.error.code).toBe('forbidden');

		const anonymous = await api<{ error: { code: string } }>(server, path, intent);
		expect(anonymous.status).toBe(401);

		for (const [bad, code] of [
			[{ ...intent, columnId: 'nope' }, 'unknown-column'],
			[{ ...intent, title: '' }, 'invalid-title'],
			[{ type: 'stage.delete' }, 'unknown-intent']
		] as const) {
			const response = await api<{ error: { code: string } }>(server, path, bad, { authorization: `Bearer ${facilitator.body.token}` });
			expect(response.status).toBe(400);
			expect(response.body.error.code).toBe(code);
		}

		const done = await api(server, path, intent, { authorization: `Bearer ${facilitator.body.token}` });
		expect(done.status).toBe(200);
		const reader = connect(server, workshop.workshopId, 'control', anna.token);
		await synced(reader);
		await eventually(() => expect(readControl(reader.doc).columns.find((c) => c.id === 'pains')?.title).toBe('Customer pains'));
		reader.destroy();
	});
});
