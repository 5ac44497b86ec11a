/**
 * The canvas over the real server: concurrent moves of one note settle on one
 * place everywhere, a frame arrives with its notes in one piece, and junk written
 * by a modified client is read as nothing rather than breaking anyone's board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canvas, content, readControl, type Cluster } from '../../src/lib/doc/schema.js';
import { DEFAULT_COLUMNS } from '../../src/lib/domain/board.js';
import { BOARD_LIMIT, clusterMembers, frameAround, layoutNodes, nodeKey, translate } from '../../src/lib/domain/canvas.js';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
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

async function people(workshop: CreateWorkshopResponse, count: number): Promise<{ join: JoinResponse; client: SyncClient }[]> {
	const out = [];
	for (let i = 0; i < count; i++) {
		const joined = await join(server, workshop, `Person ${i}`, i % 2 ? 'marketing' : 'sales');
		out.push({ join: joined, client: connect(server, workshop.workshopId, 'content', joined.token) });
	}
	await Promise.all(out.map((p) => synced(p.client)));
	return out;
}

function addNotes(doc: Y.Doc, author: JoinResponse, count: number): string[] {
	const ids = Array.from({ length: count }, (_, i) => `note-${i}`);
	doc.transact(() => {
		for (const [i, id] of ids.entries()) {
			content.notes(doc).add({ id, authorId: author.participantId, authorTeam: author.team, createdAt: i, column: DEFAULT_COLUMNS[0]!.id, order: i, lineId: '', text: `Insight ${i}` });
		}
	});
	return ids;
}

/** What a person's canvas shows: every card's place, every frame, every drawable connector. */
function board(doc: Y.Doc) {
	const nodes = layoutNodes(content.notes(doc).list(), DEFAULT_COLUMNS, [], canvas.places(doc));
	return { nodes: nodes.map((n) => [n.key, n.rect.x, n.rect.y]), frames: canvas.readClusters(doc), connectors: canvas.connectors(doc).list() };
}

async function converged(docs: Y.Doc[]) {
	await eventually(() => {
		const first = board(docs[0]!);
		for (const doc of docs.slice(1)) expect(board(doc)).toEqual(first);
	}, 10_000);
}

describe('canvas', () => {
	it('two people dragging the same note at once leave it in one place on every screen', async () => {
		const workshop = await createWorkshop(server);
		const [a, b, c] = await people(workshop, 3);
		addNotes(a!.client.doc, a!.join, 3);
		await converged([a!.client.doc, b!.client.doc, c!.client.doc]);
		const key = nodeKey('note', 'note-0');
		const rand = seeded(11);

		// While connected, both drag at the same moment, many times over.
		for (let round = 0; round < 30; round++) {
			for (let step = 0; step < 5; step++) {
				canvas.place(a!.client.doc, [[key, { x: rand.int(2000), y: rand.int(2000) }]]);
				canvas.place(b!.client.doc, [[key, { x: -rand.int(2000), y: -rand.int(2000) }]]);
			}
			if (rand.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, rand.int(5)));
		}
		// And once while one of them is offline.
		b!.client.provider.disconnect();
		canvas.place(a!.client.doc, [[key, { x: 111, y: 222 }]]);
		canvas.place(b!.client.doc, [[key, { x: 333, y: 444 }]]);
		b!.client.provider.connect();

		await converged([a!.client.doc, b!.client.doc, c!.client.doc]);
		const place = canvas.places(c!.client.doc).get(key);
		expect([{ x: 111, y: 222 }, { x: 333, y: 444 }]).toContainEqual(place);
		for (const p of [a, b, c]) p!.client.destroy();
	});

	it('moving a frame carries its notes, arriving whole on every client', async () => {
		const workshop = await createWorkshop(server);
		const [a, b, c] = await people(workshop, 3);
		const doc = a!.client.doc;
		const ids = addNotes(doc, a!.join, 4);
		// Three notes side by side, the fourth far away.
		canvas.place(doc, ids.map((id, i) => [nodeKey('note', id), i < 3 ? { x: i * 260, y: 0 } : { x: 3000, y: 3000 }] as const));
		const cards = () => layoutNodes(content.notes(b!.client.doc).list(), DEFAULT_COLUMNS, [], canvas.places(b!.client.doc));
		await converged([a!.client.doc, b!.client.doc]);
		const frame: Cluster = { id: 'f1', authorId: a!.join.participantId, authorTeam: a!.join.team, createdAt: 1, title: 'Downtime stories', rect: frameAround(cards().slice(0, 3).map((n) => n.rect))! };
		canvas.clusters(doc).add(frame);
		await converged([a!.client.doc, b!.client.doc, c!.client.doc]);
		expect(clusterMembers(canvas.readClusters(b!.client.doc)[0]!.rect, cards()).map((n) => n.id)).toEqual(ids.slice(0, 3));

		// C watches: whenever the frame has moved, its notes have moved with it (one transaction).
		const torn: string[] = [];
		c!.client.doc.on('afterTransaction', () => {
			const moved = canvas.readClusters(c!.client.doc)[0]?.rect.x !== frame.rect.x;
			const notesMoved = canvas.places(c!.client.doc).get(nodeKey('note', ids[0]!))?.x !== 0;
			if (moved !== notesMoved) torn.push('frame and notes apart');
		});

		// B drags the frame by (500, 300): frame and members in one transaction.
		const bDoc = b!.client.doc;
		const members = clusterMembers(canvas.readClusters(bDoc)[0]!.rect, cards());
		bDoc.transact(() => {
			canvas.place(bDoc, members.map((n) => [n.key, translate(n.rect, 500, 300)] as const));
			canvas.clusters(bDoc).update('f1', { rect: translate(frame.rect, 500, 300) });
		});
		await converged([a!.client.doc, b!.client.doc, c!.client.doc]);
		const places = canvas.places(c!.client.doc);
		expect(ids.slice(0, 3).map((id) => places.get(nodeKey('note', id)))).toEqual([0, 1, 2].map((i) => ({ x: i * 260 + 500, y: 300 })));
		expect(places.get(nodeKey('note', ids[3]!))).toEqual({ x: 3000, y: 3000 });
		expect(torn).toEqual([]);

		// Deleting the frame keeps its notes where they are.
		canvas.clusters(bDoc).remove('f1');
		await converged([a!.client.doc, b!.client.doc, c!.client.doc]);
		expect(canvas.places(a!.client.doc).get(nodeKey('note', ids[0]!))).toEqual({ x: 500, y: 300 });
		expect(content.notes(a!.client.doc).list()).toHaveLength(4);
		for (const p of [a, b, c]) p!.client.destroy();
	});

	it("junk from a modified client is read as nothing, and a deleted note's connectors go with it", async () => {
		const workshop = await createWorkshop(server);
		const [a, b] = await people(workshop, 2);
		const doc = a!.client.doc;
		const ids = addNotes(doc, a!.join, 3);
		// Raw writes that bypass every accessor's checks.
		doc.transact(() => {
			const places = doc.getMap('canvas.places');
			places.set(nodeKey('note', ids[0]!), { x: Number.NaN, y: 5 });
			places.set(nodeKey('note', ids[1]!), { x: 1e308, y: -1e308 });
			places.set(nodeKey('note', ids[2]!), 'over there');
			const rect = new Y.Map<unknown>();
			rect.set('title', 42);
			rect.set('rect', { x: 'a', y: null, w: -1, h: Infinity });
			doc.getMap('canvas.clusters').set('bad', rect);
			const connectors = canvas.connectors(doc);
			connectors.add({ id: 'loop', authorId: '', authorTeam: null, createdAt: 1, from: nodeKey('note', ids[0]!), to: nodeKey('note', ids[0]!), label: '' });
			connectors.add({ id: 'ab', authorId: '', authorTeam: null, createdAt: 2, from: nodeKey('note', ids[0]!), to: nodeKey('note', ids[1]!), label: 'answers' });
			connectors.add({ id: 'ba', authorId: '', authorTeam: null, createdAt: 3, from: nodeKey('note', ids[1]!), to: nodeKey('note', ids[0]!), label: 'contradicts' });
			connectors.add({ id: 'ghost', authorId: '', authorTeam: null, createdAt: 4, from: nodeKey('note', 'gone'), to: 'nonsense', label: '' });
		});
		await converged([a!.client.doc, b!.client.doc]);
		const places = canvas.places(b!.client.doc);
		expect(places.has(nodeKey('note', ids[0]!))).toBe(false);
		expect(places.get(nodeKey('note', ids[1]!))).toEqual({ x: BOARD_LIMIT, y: -BOARD_LIMIT });
		expect(places.has(nodeKey('note', ids[2]!))).toBe(false);
		const [frame] = canvas.readClusters(b!.client.doc);
		expect(frame).toMatchObject({ id: 'bad', title: '' });
		expect(Number.isFinite(frame!.rect.w) && Number.isFinite(frame!.rect.x)).toBe(true);

		content.removeNote(b!.client.doc, ids[0]!);
		await converged([a!.client.doc, b!.client.doc]);
		expect(canvas.connectors(a!.client.doc).list().map((c) => c.id)).toEqual(['ghost']);
		for (const p of [a, b]) p!.client.destroy();
	});

	it("'bring everyone here' carries the facilitator's canvas view, checked", async () => {
		const workshop = await createWorkshop(server);
		const { body: facilitator } = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' });
		const send = (payload: Record<string, unknown>) =>
			api(server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'stage.bringEveryone', ...payload }, { authorization: `Bearer ${facilitator.token}` });
		expect((await send({ view: { x: 'left', y: 0, zoom: 1 } })).status).toBe(400);
		expect((await send({ view: { x: 120, y: -40, zoom: 99 } })).status).toBe(200);
		const control = connect(server, workshop.workshopId, 'control', facilitator.token);
		await synced(control);
		await eventually(() => expect(readControl(control.doc).summon?.view).toEqual({ x: 120, y: -40, zoom: 2.5 }));
		control.destroy();
	});
});
