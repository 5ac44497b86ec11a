/**
 * Breakout groups against the real server (issue #20): a group's draft is private to its members
 * and the facilitators until the reveal, over the raw protocol and every endpoint; a person moved
 * to another group loses the old draft at once; the reveal and the vote from the groups' versions
 * survive restarts; a group's draft survives SIGKILL like the main draft.
 */
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { currentBreakout, lineText, readControl, setLineText, type BreakoutRound, type DocKind } from '../../src/lib/doc/schema.js';
import { CloseCode } from '../../src/lib/protocol/wire.js';
import { eventually, startServer, tempDataDir, type RunningServer } from '../support/server.js';
import { api, closed, connect, createWorkshop, join, rawSocket, synced, type SyncClient } from '../support/clients.js';

interface Room {
	workshop: CreateWorkshopResponse;
	carla: JoinResponse;
	people: JoinResponse[];
	send(token: string, body: Record<string, unknown>): Promise<{ status: number; body: { applied?: string; error?: { code: string } } }>;
	control(): Promise<ReturnType<typeof readControl>>;
	round(): Promise<BreakoutRound>;
	/** The group `person` is in. */
	groupOf(round: BreakoutRound, person: JoinResponse): string;
}

const group = (id: string) => `group-${id}` as DocKind;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A workshop on the Draft stage with two sales and two marketing people, split into two mixed groups. */
async function breakoutRoom(server: () => RunningServer): Promise<Room> {
	const workshop = await createWorkshop(server());
	const carla = (await api<JoinResponse>(server(), `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla' })).body;
	const people = [];
	for (const [name, team] of [['Sam', 'sales'], ['Sue', 'sales'], ['Mia', 'marketing'], ['Max', 'marketing']] as const) people.push(await join(server(), workshop, name, team));
	const send = (token: string, body: Record<string, unknown>) =>
		api<{ applied?: string; error?: { code: string } }>(server(), `/api/workshops/${workshop.workshopId}/intents`, body, auth(token));
	const control = async () => {
		const reader = connect(server(), workshop.workshopId, 'control', carla.token);
		try {
			await synced(reader);
			return readControl(reader.doc);
		} finally {
			reader.destroy();
		}
	};
	expect((await send(carla.token, { type: 'stage.set', stageId: 'draft' })).status).toBe(200);
	expect((await send(carla.token, { type: 'breakout.open', groupCount: 2 })).body).toEqual({ applied: 'breakout.open' });
	return {
		workshop,
		carla,
		people,
		send,
		control,
		round: async () => currentBreakout(await control())!,
		groupOf: (round, person) => round.groups.find((g) => g.memberIds.includes(person.participantId))!.id
	};
}

/** A y-websocket update message, as a modified client would send it on its own. */
function updateMessage(fn: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	fn(doc);
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
	return encoding.toUint8Array(e);
}

async function readGroup(server: RunningServer, workshopId: string, groupId: string, token: string): Promise<SyncClient> {
	const client = connect(server, workshopId, group(groupId), token);
	await synced(client);
	return client;
}

describe('breakout groups', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server.stop();
	});

	it('keeps a group\'s draft from other groups until the reveal: upgrades refused, nothing in control or any endpoint', async () => {
		const room = await breakoutRoom(() => server);
		const id = room.workshop.workshopId;
		let round = await room.round();
		const [a, b] = [round.groups[0]!.id, round.groups[1]!.id];
		const inA = room.people.find((p) => room.groupOf(round, p) === a)!;
		const inB = room.people.find((p) => room.groupOf(round, p) === b)!;
		const observer = await join(server, room.workshop, 'Oz', 'observer');
		// While forming, nobody opens a group's document; an unknown group is not there at all.
		expect(await rawSocket(server, `/sync/${id}/group-${a}?token=${inA.token}`)).toMatchObject({ refused: 409 });
		expect(await rawSocket(server, `/sync/${id}/group-nosuchgroup?token=${room.carla.token}`)).toMatchObject({ refused: 404 });

		expect((await room.send(room.carla.token, { type: 'breakout.start', minutes: 15 })).status).toBe(200);
		const writer = await readGroup(server, id, b, inB.token);
		setLineText(writer.doc, 'headline', 'Secret of group B');
		await writer.written();

		// Group A's member and an observer cannot open B's draft over the raw protocol.
		for (const person of [inA, observer]) {
			const refused = await rawSocket(server, `/sync/${id}/group-${b}?token=${person.token}`);
			expect(refused).toMatchObject({ refused: 403 });
			expect(JSON.parse((refused as { body: string }).body).error.code).toBe('not-in-group');
		}
		// The facilitator visits any group, and sees who is there (presence as on the main draft, identity from the session).
		writer.provider.awareness.setLocalStateField('user', { name: 'Someone else' });
		const visit = await readGroup(server, id, b, room.carla.token);
		expect(lineText(visit.doc, 'headline')).toBe('Secret of group B');
		await eventually(() => {
			const names = [...visit.provider.awareness.getStates().values()].map((state) => (state as { user?: { name?: string } }).user?.name);
			expect(names).toContain(inB.name);
		});
		visit.destroy();

		// Progress in control is counts only; no endpoint shows B's text before the reveal.
		await eventually(async () => expect((await room.control()).breakouts[0]!.progress[b]?.chars).toBeGreaterThan(0), 10_000);
		expect(JSON.stringify(await room.control())).not.toContain('Secret of group B');
		const version = await room.send(room.carla.token, { type: 'version.save', name: 'Before the reveal' });
		expect(version.status).toBe(200);
		const versionId = (await room.control()).versions[0]!.id;
		const leaks = [
			...['md', 'json'].map((format) => `/api/workshops/${id}/export/${format}`),
			`/api/workshops/${id}/versions/${versionId}`,
			`/api/workshops/${id}`
		];
		for (const url of leaks) {
			const response = await fetch(server.url + url, { headers: auth(room.carla.token) });
			expect(response.status, url).toBe(200);
			expect(await response.text(), url).not.toContain('Secret of group B');
		}

		// After the reveal everyone reads every group's draft, and nobody writes it.
		expect((await room.send(room.carla.token, { type: 'breakout.reveal' })).status).toBe(200);
		round = await room.round();
		expect(round.versions!.find((v) => v.groupId === b)!.lines.find((l) => l.lineId === 'headline')!.text).toBe('Secret of group B');
		const late = await readGroup(server, id, b, observer.token);
		expect(lineText(late.doc, 'headline')).toBe('Secret of group B');
		setLineText(writer.doc, 'headline', 'Changed after the reveal');
		await writer.processed();
		const again = await readGroup(server, id, b, inA.token);
		expect(lineText(again.doc, 'headline')).toBe('Secret of group B');
		for (const client of [writer, late, again]) client.destroy();
	});

	it('takes a moved participant off the old group\'s draft at once: socket closed 4002, a write in flight dropped, a new upgrade refused', async () => {
		const room = await breakoutRoom(() => server);
		const id = room.workshop.workshopId;
		expect((await room.send(room.carla.token, { type: 'breakout.start', minutes: 15 })).status).toBe(200);
		const round = await room.round();
		const sam = room.people[0]!;
		const from = room.groupOf(round, sam);
		const to = round.groups.find((g) => g.id !== from)!.id;

		const ws = (await rawSocket(server, `/sync/${id}/group-${from}?token=${sam.token}`)) as WebSocket;
		expect(ws).toBeInstanceOf(WebSocket);
		ws.send(updateMessage((doc) => doc.getMap('probe').set('before', 'landed')));
		const witness = await readGroup(server, id, from, room.carla.token);
		await eventually(() => expect(witness.doc.getMap('probe').get('before')).toBe('landed'));

		// Sam's laptop has not read the close yet when it sends its next edit.
		const gone = closed(ws);
		ws.pause();
		expect((await room.send(room.carla.token, { type: 'breakout.move', participantId: sam.participantId, groupId: to })).status).toBe(200);
		ws.send(updateMessage((doc) => doc.getMap('probe').set('after', 'must not land')));
		ws.resume();
		expect((await gone).code).toBe(CloseCode.groupChanged);

		expect(await rawSocket(server, `/sync/${id}/group-${from}?token=${sam.token}`)).toMatchObject({ refused: 403 });
		const fresh = await readGroup(server, id, from, room.carla.token);
		expect(fresh.doc.getMap('probe').toJSON()).toEqual({ before: 'landed' });
		// The new group's draft is Sam's now.
		const mine = await readGroup(server, id, to, sam.token);
		for (const client of [witness, fresh, mine]) client.destroy();
	});
});

describe('breakout groups across restarts and crashes', () => {
	it('keeps the reveal and the vote from the groups\' versions through restarts mid-round, and the adopted winner in the room\'s draft', async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir });
		const current = () => server;
		try {
			const room = await breakoutRoom(current);
			const id = room.workshop.workshopId;
			expect((await room.send(room.carla.token, { type: 'breakout.start', minutes: 15 })).status).toBe(200);
			const round = await room.round();
			const headlines = ['Ship in a day', 'Launch without waiting'];
			for (const [i, g] of round.groups.entries()) {
				const member = room.people.find((p) => room.groupOf(round, p) === g.id)!;
				const client = await readGroup(server, id, g.id, member.token);
				setLineText(client.doc, 'headline', headlines[i]!);
				await client.written();
				client.destroy();
			}

			// Restart between the start and the reveal.
			await server.stop();
			server = await startServer({ dataDir });
			expect((await room.round()).status).toBe('drafting');
			expect((await room.send(room.carla.token, { type: 'breakout.reveal' })).body).toEqual({ applied: 'breakout.reveal' });
			const revealed = await room.round();
			expect(revealed.versions!.map((v) => v.lines.find((l) => l.lineId === 'headline')!.text)).toEqual(headlines);
			expect((await room.send(room.carla.token, { type: 'breakout.voteLine', lineId: 'headline', kind: 'single' })).body).toEqual({ applied: 'breakout.voteLine' });
			const vote = (await room.control()).votes.find((v) => v.breakoutId === revealed.id)!;
			const winner = vote.options.find((o) => o.text === headlines[1])!;
			for (const person of room.people.slice(0, 3)) {
				expect((await room.send(person.token, { type: 'vote.cast', voteId: vote.id, allocation: { [winner.id]: 1 } })).status).toBe(200);
			}

			// Restart between the vote and the adoption.
			await server.stop();
			server = await startServer({ dataDir });
			expect((await room.send(room.carla.token, { type: 'vote.close', voteId: vote.id })).status).toBe(200);
			expect((await room.send(room.carla.token, { type: 'vote.reveal', voteId: vote.id })).status).toBe(200);
			expect((await room.send(room.carla.token, { type: 'vote.adopt', voteId: vote.id, optionId: winner.id })).body).toEqual({ applied: 'vote.adopt' });

			const draft = connect(server, id, 'content', room.people[3]!.token);
			await synced(draft);
			await eventually(() => expect(lineText(draft.doc, 'headline')).toBe('Launch without waiting'));
			draft.destroy();
			const adopted = await room.round();
			expect(adopted.adoptions).toEqual([expect.objectContaining({ lineId: 'headline', source: 'vote', voteId: vote.id, text: 'Launch without waiting', groupIds: [revealed.groups[1]!.id] })]);
		} finally {
			await server.stop();
		}
	}, 60_000);

	it('keeps a group\'s draft through SIGKILL like the main draft', async () => {
		const dataDir = tempDataDir();
		let server = await startServer({ dataDir });
		const room = await breakoutRoom(() => server);
		const id = room.workshop.workshopId;
		expect((await room.send(room.carla.token, { type: 'breakout.start', minutes: 15 })).status).toBe(200);
		const round = await room.round();
		const groupId = round.groups[0]!.id;
		const members = room.people.filter((p) => room.groupOf(round, p) === groupId);
		const typists = await Promise.all(members.map((m) => readGroup(server, id, groupId, m.token)));
		const witness = await readGroup(server, id, groupId, room.carla.token);
		const seenAt = new Map<string, number>();
		witness.doc.getMap('edits').observe((event) => {
			for (const key of event.keysChanged) if (!seenAt.has(key)) seenAt.set(key, Date.now());
		});
		let typing = true;
		const loops = typists.map(async (client, i) => {
			for (let n = 0; typing; n++) {
				client.doc.getMap('edits').set(`c${i}-${n}`, n);
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		});
		await eventually(() => expect(seenAt.size).toBeGreaterThan(40), 10_000);
		const killedAt = Date.now();
		await server.kill();
		typing = false;
		await Promise.all(loops);

		const db = new DatabaseSync(path.join(dataDir, 'plumbline.sqlite'), { readOnly: true });
		const stored = new Y.Doc();
		const name = `${id}/group-${groupId}`;
		const snapshot = db.prepare('SELECT data FROM doc_snapshots WHERE doc = ?').get(name) as { data: Uint8Array } | undefined;
		if (snapshot) Y.applyUpdate(stored, new Uint8Array(snapshot.data));
		for (const row of db.prepare('SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq').all(name) as Array<{ data: Uint8Array }>) Y.applyUpdate(stored, new Uint8Array(row.data));
		db.close();
		const durable = [...seenAt].filter(([, at]) => at <= killedAt - 100).map(([key]) => key);
		expect(durable.length).toBeGreaterThan(20);
		expect(durable.filter((key) => !stored.getMap('edits').has(key))).toEqual([]);

		// After the restart the typists reconnect and their group's replicas converge.
		server = await startServer({ dataDir, port: server.port });
		try {
			const all = new Set(typists.flatMap((c) => [...c.doc.getMap('edits').keys()]));
			await eventually(() => {
				for (const client of [...typists, witness]) expect(client.doc.getMap('edits').size).toBe(all.size);
			}, 20_000);
		} finally {
			for (const client of [...typists, witness]) client.destroy();
			await server.stop();
		}
	}, 60_000);
});
