/**
 * A big document that is not in memory: a newcomer is answered from the stored snapshot
 * before the room has applied it into its Y.Doc, and what people write while it loads is
 * neither lost nor reordered, for anyone, nor in storage.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { connect, createWorkshop, join, synced, type SyncClient } from '../support/clients.js';
import type { CreateWorkshopResponse } from '../../src/lib/api.js';

let server: RunningServer;
const clients: SyncClient[] = [];

beforeAll(async () => {
	server = await startServer();
});

afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});

afterAll(async () => {
	await server?.stop();
});

/** Big enough (≥ 256 KiB) that the room keeps it compacted and answers newcomers from the snapshot. */
function bigDocument(inserts: number): Uint8Array {
	const doc = new Y.Doc();
	const text = doc.getText('notes');
	let state = 7;
	const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	for (let i = 0; i < inserts; i++) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
	return Y.encodeStateAsUpdate(doc);
}

async function roomsInMemory(): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	return Number(/^plumbline_rooms (\S+)$/m.exec(text)?.[1]);
}

function open(workshop: CreateWorkshopResponse, token: string, doc = new Y.Doc()): SyncClient {
	const client = connect(server, workshop.workshopId, 'content', token, doc);
	clients.push(client);
	return client;
}

/** Store `update` as the workshop's content and wait until the room left memory (compacted on the way out). */
async function stored(workshop: CreateWorkshopResponse, token: string, update: Uint8Array): Promise<void> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const writer = open(workshop, token, doc);
	await synced(writer);
	await writer.written(20_000);
	clients.splice(clients.indexOf(writer), 1);
	writer.destroy();
	await eventually(async () => expect(await roomsInMemory()).toBe(0), 10_000);
}

it('writes made while a big stored document loads reach everyone, in order, and storage', async () => {
	const workshop = await createWorkshop(server);
	const [writer, newcomer, later] = await Promise.all(['Wes', 'Nina', 'Lou'].map((name, i) => join(server, workshop, name, i % 2 ? 'sales' : 'marketing')));
	const update = bigDocument(20_000);
	expect(update.length).toBeGreaterThan(256 * 1024);
	await stored(workshop, writer!.token, update);

	// The room is cold. A newcomer and a returning writer arrive together; the writer types at once.
	const returning = new Y.Doc();
	Y.applyUpdate(returning, update);
	const fresh = open(workshop, newcomer!.token);
	const typist = open(workshop, writer!.token, returning);
	await new Promise<void>((resolve) => typist.provider.once('status', () => resolve()));
	const text = returning.getText('notes');
	// Each edit builds on the one before: applied out of order, Yjs would hold the later ones back.
	for (const word of ['one ', 'two ', 'three ']) text.insert(text.length, word);
	text.delete(0, 5);

	const expected = () => text.toString();
	expect(expected().endsWith('one two three ')).toBe(true);
	await eventually(() => expect(fresh.doc.getText('notes').toString()).toBe(expected()), 20_000);
	await synced(typist);
	await typist.written(20_000);

	// Someone joining now gets the same; and so does whoever loads it from storage next.
	const third = open(workshop, later!.token);
	await eventually(() => expect(third.doc.getText('notes').toString()).toBe(expected()), 20_000);
	while (clients.length) clients.pop()!.destroy();
	await eventually(async () => expect(await roomsInMemory()).toBe(0), 10_000);
	const reloaded = open(workshop, later!.token);
	await eventually(() => expect(reloaded.doc.getText('notes').toString()).toBe(expected()), 20_000);
}, 120_000);

it('a newcomer to a big stored document gets all of it, and the room then serves everyone', async () => {
	const workshop = await createWorkshop(server);
	const [writer, first, second] = await Promise.all(['Wes', 'Nina', 'Lou'].map((name, i) => join(server, workshop, name, i % 2 ? 'sales' : 'marketing')));
	const update = bigDocument(20_000);
	await stored(workshop, writer!.token, update);
	const reference = new Y.Doc();
	Y.applyUpdate(reference, update);
	const expected = reference.getText('notes').toString();

	const newcomer = open(workshop, first!.token);
	await synced(newcomer, 20_000);
	await eventually(() => expect(newcomer.doc.getText('notes').toString()).toBe(expected), 20_000);
	// Its own edit, made once synced, reaches the next person (the room applied the snapshot meanwhile).
	newcomer.doc.getText('notes').insert(0, 'hello ');
	const next = open(workshop, second!.token);
	await eventually(() => expect(next.doc.getText('notes').toString()).toBe(`hello ${expected}`), 20_000);
}, 120_000);
