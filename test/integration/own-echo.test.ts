/**
 * A busy room batches its broadcasts (past 75 people a batching window opens): a batch that
 * holds several people's edits must still never bring a laptop its own edits back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type WebSocket from 'ws';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { createWorkshop, join, rawSocket } from '../support/clients.js';

const PEOPLE = 100;
const ROUNDS = 6;

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A protocol client that keeps its own document apart and reads every update it receives as bytes. */
interface Person {
	ws: WebSocket;
	doc: Y.Doc;
	marker: string;
	/** Markers found in each received update message (one set per message). */
	received: Set<string>[];
	synced: boolean;
}

const MARKER = /§p(\d+)§/g;

async function enter(workshopId: string, token: string, index: number): Promise<Person> {
	const ws = await rawSocket(server, `/sync/${workshopId}/content?token=${token}`);
	if (!('send' in ws)) throw new Error(`refused: ${ws.refused}`);
	const person: Person = { ws, doc: new Y.Doc(), marker: `§p${index}§`, received: [], synced: false };
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(data);
		if (decoding.readVarUint(decoder) !== 0) return;
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (step === 0) ws.send(syncMessage(1, Y.encodeStateAsUpdate(person.doc, payload)));
		else if (step === 1) person.synced = true;
		// The markers are plain UTF-8 inside the update's string content.
		if (step === 2) person.received.push(new Set(Buffer.from(payload).toString('utf8').match(MARKER) ?? []));
	});
	ws.send(syncMessage(0, Y.encodeStateVector(person.doc)));
	return person;
}

function edit(person: Person): void {
	let update: Uint8Array | null = null;
	person.doc.once('update', (u: Uint8Array) => (update = u));
	const text = person.doc.getText('notes');
	text.insert(text.length, person.marker);
	person.ws.send(syncMessage(2, update!));
}

it('in a busy room, no client receives its own edits back, though batches hold several people\'s', async () => {
	const workshop = await createWorkshop(server);
	const tokens = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => join(server, workshop, `P${i}`, i % 2 ? 'sales' : 'marketing')));
	const people = await Promise.all(tokens.map((joined, i) => enter(workshop.workshopId, joined.token, i)));
	try {
		await eventually(() => expect(people.every((p) => p.synced)).toBe(true), 10_000);
		// Everyone types at once, round after round: the server reads many sockets per turn and batches them.
		for (let round = 0; round < ROUNDS; round++) {
			for (const person of people) edit(person);
			await new Promise((resolve) => setImmediate(resolve));
		}
		// Every edit of everyone else arrives...
		await eventually(() => {
			for (const person of people) {
				const seen = new Set(person.received.flatMap((markers) => [...markers].filter((marker) => marker !== person.marker)));
				expect(seen.size).toBe(PEOPLE - 1);
			}
		}, 15_000);
		// ...in batches of several people (so this room did batch)...
		expect(people.some((p) => p.received.some((markers) => markers.size > 1))).toBe(true);
		// ...and none of a person's own.
		for (const person of people) expect(person.received.filter((markers) => markers.has(person.marker))).toEqual([]);
	} finally {
		for (const person of people) person.ws.close();
	}
}, 60_000);
