/**
 * The sync endpoint against the real built server, with y-websocket providers in Node.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, Awareness } from 'y-protocols/awareness.js';
import { lineFragment, lineText, readControl } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { closed, connect, createWorkshop, join, rawSocket, synced, type SyncClient } from '../support/clients.js';

let server: RunningServer;
const clients: SyncClient[] = [];

function track(client: SyncClient): SyncClient {
	clients.push(client);
	return client;
}

function typeInto(doc: Y.Doc, lineId: string, text: string): void {
	const fragment = lineFragment(doc, lineId);
	doc.transact(() => {
		let paragraph = fragment.get(0) as Y.XmlElement | undefined;
		if (!paragraph) {
			paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText()]);
			fragment.insert(0, [paragraph]);
		}
		const textNode = paragraph.get(0) as Y.XmlText;
		textNode.insert(textNode.length, text);
	});
}

beforeAll(async () => {
	server = await startServer();
});

afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});

afterAll(async () => {
	await server.stop();
});

describe('co-editing', () => {
	it('two clients converge on concurrent edits', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna Lindqvist', 'sales');
		const elif = await join(server, workshop, 'Elif Kaya', 'marketing');
		const a = track(connect(server, workshop.workshopId, 'content', anna.token));
		const b = track(connect(server, workshop.workshopId, 'content', elif.token));
		await Promise.all([synced(a), synced(b)]);

		typeInto(a.doc, 'headline', 'Keep every truck on the road');
		typeInto(b.doc, 'oneLiner', 'Fleetwise predicts breakdowns.');
		typeInto(b.doc, 'headline', '!');

		await eventually(() => {
			expect(lineText(a.doc, 'headline')).toBe(lineText(b.doc, 'headline'));
			expect(lineText(a.doc, 'headline')).toContain('Keep every truck on the road');
			expect(lineText(a.doc, 'headline')).toContain('!');
			expect(lineText(a.doc, 'oneLiner')).toBe('Fleetwise predicts breakdowns.');
		});
		expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
	});

	it('a late joiner receives the full state', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const a = track(connect(server, workshop.workshopId, 'content', anna.token));
		await synced(a);
		typeInto(a.doc, 'headline', 'No more surprise breakdowns');
		typeInto(a.doc, 'need', 'They lose revenue every time a truck is off the road');

		const late = await join(server, workshop, 'Björn Sato', 'sales');
		const b = track(connect(server, workshop.workshopId, 'content', late.token));
		await synced(b);
		await eventually(() => {
			expect(lineText(b.doc, 'headline')).toBe('No more surprise breakdowns');
			expect(lineText(b.doc, 'need')).toBe('They lose revenue every time a truck is off the road');
		});
	});

	it('the control document carries the agenda and the roster, written by the server', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const c = track(connect(server, workshop.workshopId, 'control', anna.token));
		await synced(c);
		await eventually(() => {
			const control = readControl(c.doc);
			expect(control.agenda.map((s) => s.id)).toEqual(['frame', 'draft', 'language', 'stress-test', 'agreements', 'ramp-up', 'sign-off']);
			expect(control.currentStageId).toBe('frame');
			expect(control.participants.map((p) => [p.name, p.team, p.role])).toEqual([['Anna', 'sales', 'participant']]);
		});
	});
});

describe('room life cycle', () => {
	it('unloads documents from memory once the last client has left', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const a = connect(server, workshop.workshopId, 'content', anna.token);
		const c = connect(server, workshop.workshopId, 'control', anna.token);
		await Promise.all([synced(a), synced(c)]);
		const open = async () => ((await (await fetch(`${server.url}/api/health`)).json()) as { openDocuments: number }).openDocuments;
		expect(await open()).toBeGreaterThanOrEqual(2);
		a.destroy();
		c.destroy();
		await eventually(async () => expect(await open()).toBe(0));
	});
});

describe('rights', () => {
	it("an observer's and a participant's writes to control never reach anyone", async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const kim = await join(server, workshop, 'Kim Larsen', 'observer');
		const writer = track(connect(server, workshop.workshopId, 'control', anna.token));
		const observer = track(connect(server, workshop.workshopId, 'control', kim.token));
		await Promise.all([synced(writer), synced(observer)]);

		writer.doc.getMap('room').set('frozen', true);
		observer.doc.getMap('room').set('currentStageId', 'sign-off');
		// Once the server has handled both writes, a fresh reader sees neither, nor does either writer.
		await Promise.all([writer.processed(), observer.processed()]);
		const reader = track(connect(server, workshop.workshopId, 'control', anna.token));
		await synced(reader);
		const seen = readControl(reader.doc);
		expect(seen.frozen).toBe(false);
		expect(seen.currentStageId).toBe('frame');
		expect(readControl(observer.doc).frozen).toBe(false);
		expect(readControl(writer.doc).currentStageId).toBe('frame');
	});

	it("an observer's writes to content are dropped", async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const kim = await join(server, workshop, 'Kim', 'observer');
		const observer = track(connect(server, workshop.workshopId, 'content', kim.token));
		const participant = track(connect(server, workshop.workshopId, 'content', anna.token));
		await Promise.all([synced(observer), synced(participant)]);

		typeInto(observer.doc, 'headline', 'observer text');
		typeInto(participant.doc, 'oneLiner', 'participant text');
		await eventually(() => expect(lineText(observer.doc, 'oneLiner')).toBe('participant text'));
		expect(lineText(participant.doc, 'headline')).toBe('');
	});

	it('a forged awareness identity is overwritten with the session identity', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna Lindqvist', 'sales');
		const elif = await join(server, workshop, 'Elif Kaya', 'marketing');
		const forger = track(connect(server, workshop.workshopId, 'content', anna.token));
		const watcher = track(connect(server, workshop.workshopId, 'content', elif.token));
		await Promise.all([synced(forger), synced(watcher)]);

		forger.provider.awareness.setLocalStateField('user', { id: elif.participantId, name: 'Jon Okafor (CMO)', team: 'leadership', color: '#000' });

		await eventually(() => {
			const state = watcher.provider.awareness.getStates().get(forger.doc.clientID) as { user?: Record<string, unknown> } | undefined;
			expect(state?.user).toEqual({ id: anna.participantId, name: 'Anna Lindqvist', team: 'sales', role: 'participant', color: '#0072B2' });
		});
	});

	it("a connection cannot overwrite another connection's presence", async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const victim = track(connect(server, workshop.workshopId, 'content', elif.token));
		const watcher = track(connect(server, workshop.workshopId, 'content', anna.token));
		await Promise.all([synced(victim), synced(watcher)]);
		// An initial state has clock 0, which y-protocols peers ignore; a real editor sets a field at once.
		victim.provider.awareness.setLocalStateField('cursor', null);
		await eventually(() => expect(watcher.provider.awareness.getStates().has(victim.doc.clientID)).toBe(true));

		// A hand-made awareness update claiming the victim's client id, with a higher clock.
		const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
		if (!('send' in ws)) throw new Error('refused');
		const fake = new Awareness(new Y.Doc());
		fake.clientID = victim.doc.clientID;
		const clock = 10;
		fake.meta.set(victim.doc.clientID, { clock, lastUpdated: Date.now() });
		fake.states.set(victim.doc.clientID, { cursor: 'hijacked' });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(fake, [victim.doc.clientID]));
		ws.send(encoding.toUint8Array(encoder));
		// A marker sent right after on the same socket: once the watcher has it, the fake was processed too.
		const own = new Awareness(new Y.Doc());
		own.setLocalStateField('marker', true);
		const marker = encoding.createEncoder();
		encoding.writeVarUint(marker, 1);
		encoding.writeVarUint8Array(marker, encodeAwarenessUpdate(own, [own.clientID]));
		ws.send(encoding.toUint8Array(marker));
		await eventually(() => expect(watcher.provider.awareness.getStates().has(own.clientID)).toBe(true));

		const seen = watcher.provider.awareness.getStates().get(victim.doc.clientID) as { cursor?: unknown; user?: { id: string } };
		expect(seen.cursor).toBeNull();
		expect(seen.user?.id).not.toBe(anna.participantId);
		own.destroy();
		ws.close();
		fake.destroy();
	});
});

describe('refusals', () => {
	it('refuses unknown workshops, missing, forged and foreign sessions before opening a socket', async () => {
		const workshop = await createWorkshop(server);
		const other = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const stranger = await join(server, other, 'Eve', 'sales');
		const [payloadPart] = anna.token.split('.').slice(1);
		const tampered = `v1.${payloadPart}.${'A'.repeat(43)}`;

		const cases: Array<[string, number]> = [
			[`/sync/doesNotExist123/content?token=${anna.token}`, 404],
			[`/sync/${workshop.workshopId}/content`, 401],
			[`/sync/${workshop.workshopId}/content?token=${tampered}`, 401],
			[`/sync/${workshop.workshopId}/content?token=garbage`, 401],
			[`/sync/${workshop.workshopId}/content?token=${stranger.token}`, 401],
			[`/sync/${workshop.workshopId}/secrets?token=${anna.token}`, 400]
		];
		for (const [path, status] of cases) {
			const result = await rawSocket(server, path);
			expect(result, path).toMatchObject({ refused: status });
			if ('body' in result) expect(JSON.parse(result.body).error.code, path).toEqual(expect.any(String));
		}
	});

	it('refuses a browser upgrade from another site', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const result = await rawSocket(server, `/sync/${workshop.workshopId}/content`, {
			origin: 'https://evil.example',
			cookie: `plumbline_${workshop.workshopId}=${anna.token}`
		});
		expect(result).toMatchObject({ refused: 403 });
	});
});

describe('bad messages', () => {
	it('closes a connection that sends invalid protocol with 4400, and the room keeps syncing', async () => {
		const workshop = await createWorkshop(server);
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const a = track(connect(server, workshop.workshopId, 'content', anna.token));
		const b = track(connect(server, workshop.workshopId, 'content', elif.token));
		await Promise.all([synced(a), synced(b)]);

		const garbage: Array<[string, Uint8Array | string]> = [
			['unknown type', new Uint8Array([42, 1, 2, 3])],
			['truncated sync', new Uint8Array([0, 2, 200])],
			['corrupt update', new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255])],
			['text frame', 'hello'],
			['empty', new Uint8Array([])]
		];
		for (const [label, bytes] of garbage) {
			const ws = await rawSocket(server, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
			if (!('send' in ws)) throw new Error('refused');
			const done = closed(ws);
			ws.send(bytes);
			expect((await done).code, label).toBe(4400);
		}

		typeInto(a.doc, 'headline', 'still syncing');
		await eventually(() => expect(lineText(b.doc, 'headline')).toBe('still syncing'));
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
	});

	it('closes a connection whose message is over the size limit with 1009, and the room keeps syncing', async () => {
		const small = await startServer({ env: { PLUMBLINE_MAX_MESSAGE_BYTES: '4096' } });
		try {
			const workshop = await createWorkshop(small);
			const anna = await join(small, workshop, 'Anna', 'sales');
			const elif = await join(small, workshop, 'Elif', 'marketing');
			const a = track(connect(small, workshop.workshopId, 'content', anna.token));
			const b = track(connect(small, workshop.workshopId, 'content', elif.token));
			await Promise.all([synced(a), synced(b)]);

			const ws = await rawSocket(small, `/sync/${workshop.workshopId}/content?token=${anna.token}`);
			if (!('send' in ws)) throw new Error('refused');
			const done = closed(ws);
			ws.send(new Uint8Array(10_000));
			expect((await done).code).toBe(1009);

			typeInto(b.doc, 'headline', 'unaffected');
			await eventually(() => expect(lineText(a.doc, 'headline')).toBe('unaffected'));
		} finally {
			await small.stop();
		}
	});
});
