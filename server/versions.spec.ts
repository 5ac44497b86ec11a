import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { buildExport } from '../src/lib/doc/export.js';
import { controlWriters, docName, lineFragment, setLineText } from '../src/lib/doc/schema.js';
import { Exports } from './export/index.js';
import { JobPool } from './jobs/pool.js';
import { Rooms } from './rooms.js';
import { openSqlite } from './storage/sqlite.js';
import type { RecordStore, Storage, VersionRecord } from './storage/storage.js';
import { HASH_SCHEME, Versions, hashExport, withBothDocs } from './versions.js';
import { sampleExport } from '../src/lib/domain/export/sample.js';
import fixture from './fixtures/version-scheme-2.json' with { type: 'json' };
import type { Authenticated } from './workshops.js';

const dirs: string[] = [];
const opened: Storage[] = [];
afterEach(async () => {
	for (const storage of opened.splice(0)) await storage.close();
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const workshop = { id: 'w1', joinCode: 'ABC', title: 'Q1 launch', product: 'Fleetwise', customer: 'Fleets', launchDate: '', facilitatorKeyHash: '', createdAt: 0 };
const typed = 'Costs < $10 a month & saves > 3 hours — "fast" 🚀 <b>not bold</b>';

/** Rooms on SQLite; versions kept in memory (their table wants real participants), counting reads. */
async function setup() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-versions-'));
	dirs.push(dir);
	const sqlite = await openSqlite(path.join(dir, 'test.sqlite'));
	opened.push(sqlite);
	const saved = new Map<string, VersionRecord>();
	const reads = { count: 0 };
	const storage: RecordStore = Object.assign(Object.create(sqlite.records) as RecordStore, {
		getVersion: async (_workshopId: string, id: string) => {
			reads.count++;
			return saved.get(id) ?? null;
		}
	});
	const rooms = new Rooms(sqlite.documents, { flushMs: 5, compactAfter: 100 });
	// No compiled worker beside the sources: the pool runs its jobs inline here.
	const jobs = new JobPool({ workers: 1, queue: 4, timeoutMs: 10_000, maxInputBytes: 64 * 1024 * 1024 });
	const versions = new Versions(storage, rooms, jobs);
	const exports = new Exports(rooms, storage, versions, jobs);
	const content = (fn: (doc: Y.Doc) => void) => rooms.withDoc(docName(workshop.id, 'content'), fn);
	const control = (fn: (doc: Y.Doc) => void) => rooms.withDoc(docName(workshop.id, 'control'), fn);

	/** Save and sign the workshop as it is; `oldWay` stores a hash of a differently shaped export and no scheme, as before schemes. */
	async function saveAndSign(id: string, oldWay: boolean) {
		const snap = await withBothDocs(rooms, workshop.id, (c, k) => {
			const data = buildExport(c, k, workshop, new Date());
			// The old reader lost everything between "<" and ">".
			const old = { ...data, proposition: { ...data.proposition, headline: data.proposition.headline.replace(/<[^>]*>/g, '') } };
			return { content: Y.encodeStateAsUpdate(c), control: Y.encodeStateAsUpdate(k), hash: hashExport(oldWay ? old : data) };
		});
		saved.set(id, { id, workshopId: workshop.id, name: id, authorId: 'p1', createdAt: 1, ...snap });
		const scheme = oldWay ? {} : { hashScheme: HASH_SCHEME };
		await control((doc) => {
			controlWriters.addVersion(doc, { id, name: id, authorName: 'Anna', authorTeam: 'sales', createdAt: 1, hash: snap.hash, ...scheme });
			controlWriters.sign(doc, { signerId: 'ines', signerName: 'Ines', versionId: id, versionHash: snap.hash, signedAt: 2, ...scheme });
		});
		return snap.hash;
	}
	const status = async () => {
		const result = await versions.signoffStatus(workshop);
		if (!result.ok) throw new Error(result.error.message);
		return result.value;
	};
	const exportMd = async () => {
		const auth = { workshop, participant: { id: 'carla', role: 'facilitator', team: 'sales', name: 'Carla' } } as unknown as Authenticated;
		const file = await exports.render(auth, 'md');
		if (!file.ok) throw new Error('export refused');
		return file.value.body.toString('utf8');
	};
	/** The scheme-2 fixture as the workshop's documents, a stored version and a signature of it; `stored` replaces the stored documents. */
	async function signFixture(stored?: Uint8Array) {
		const fromFixture = Buffer.from(fixture.content, 'base64');
		await content((doc) => Y.applyUpdate(doc, fromFixture));
		const record = { id: 'v2', workshopId: workshop.id, name: 'v2', authorId: 'p1', createdAt: 1, hash: fixture.hash, content: stored ?? fromFixture, control: Buffer.from(fixture.control, 'base64') };
		saved.set('v2', record);
		await control((doc) => {
			controlWriters.addVersion(doc, { id: 'v2', name: 'v2', authorName: 'Anna', authorTeam: 'sales', createdAt: 1, hash: fixture.hash, hashScheme: 2 });
			controlWriters.sign(doc, { signerId: 'ines', signerName: 'Ines', versionId: 'v2', versionHash: fixture.hash, signedAt: 2, hashScheme: 2 });
		});
	}
	return { rooms, reads, content, saveAndSign, signFixture, status, exportMd, versions };
}

/** The fixture's documents with one word of the headline changed: what a tampered row would hold. */
function tamperedFixture(): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Buffer.from(fixture.content, 'base64'));
	setLineText(doc, 'headline', 'Costs < $99 a month');
	return Y.encodeStateAsUpdate(doc);
}

describe('hash schemes', () => {
	it('3 is SHA-256 over RFC 8785 canonical JSON: key order does not change it, as it did under 2', () => {
		const doc = new Y.Doc();
		setLineText(doc, 'headline', typed);
		const data = buildExport(doc, new Y.Doc(), workshop, new Date());
		const reordered = Object.fromEntries(Object.entries(data).reverse()) as typeof data;
		expect(HASH_SCHEME).toBe(4);
		expect(hashExport(reordered)).toBe(hashExport(data));
		expect(hashExport(reordered, 2)).not.toBe(hashExport(data, 2));
		expect(hashExport(data)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('4 binds the time of each milestone; 3, made before exports carried it, hashes as it did', () => {
		const data = sampleExport();
		const later = structuredClone(data);
		later.timeline[0]!.time = '17:45';
		expect(hashExport(later)).not.toBe(hashExport(data));
		expect(hashExport(later, 3)).toBe(hashExport(data, 3));
		const { time: _time, ...before } = data.timeline[0]!;
		expect(hashExport(data, 3)).toBe(hashExport({ ...data, timeline: [before as (typeof data.timeline)[number], ...data.timeline.slice(1)] }, 3));
	});

	it('a stored scheme-2 version still hashes, under scheme 2, to the hash saved with it', () => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Buffer.from(fixture.content, 'base64'));
		const data = buildExport(doc, new Y.Doc(), fixture.meta, new Date());
		expect(fixture.hashScheme).toBe(2);
		expect(hashExport(data, 2)).toBe(fixture.hash);
		expect(hashExport(data, 3)).not.toBe(fixture.hash);
	});
});

describe('changed since signed', () => {
	it('a signature made before hash schemes (old hash, no scheme) reads as unchanged, then as changed after an edit', async () => {
		const { rooms, reads, content, saveAndSign, status, exportMd } = await setup();
		await content((doc) => setLineText(doc, 'headline', typed));
		const oldHash = await saveAndSign('v1', true);

		const before = await status();
		expect(before.currentHash).not.toBe(oldHash);
		expect(before.signoffs).toEqual([expect.objectContaining({ versionHash: oldHash, changedSinceSigned: false })]);
		expect(await exportMd()).toContain('this document is that version.');
		expect(reads.count).toBe(1); // rebuilt once, then cached

		await content((doc) => ((lineFragment(doc, 'headline').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Now: '));
		expect((await status()).signoffs[0]!.changedSinceSigned).toBe(true);
		expect(await exportMd()).toContain('this document has changed since.');
		expect(reads.count).toBe(1);
		await rooms.closeAll();
	});

	it('a signature of the current scheme compares hashes without rebuilding the version', async () => {
		const { rooms, reads, content, saveAndSign, status, exportMd } = await setup();
		await content((doc) => setLineText(doc, 'headline', typed));
		const hash = await saveAndSign('v2', false);

		const before = await status();
		expect(before.currentHash).toBe(hash);
		expect(before.signoffs).toEqual([expect.objectContaining({ versionHash: hash, hashScheme: HASH_SCHEME, changedSinceSigned: false })]);
		expect(await exportMd()).toContain('this document is that version.');

		await content((doc) => setLineText(doc, 'headline', `${typed}!`));
		expect((await status()).signoffs[0]!.changedSinceSigned).toBe(true);
		expect(await exportMd()).toContain('this document has changed since.');
		expect(reads.count).toBe(0);
		await rooms.closeAll();
	});
});

describe('signatures of scheme 2', () => {
	it('verify: unchanged while the workshop is that version, changed after an edit', async () => {
		const { rooms, reads, content, signFixture, status, versions } = await setup();
		await signFixture();
		const before = await status();
		expect(before.hashScheme).toBe(HASH_SCHEME);
		expect(before.currentHash).not.toBe(fixture.hash);
		expect(before.signoffs).toEqual([expect.objectContaining({ versionHash: fixture.hash, hashScheme: 2, changedSinceSigned: false })]);
		const view = await versions.view(workshop, 'v2');
		expect(view.ok && view.value).toMatchObject({ hashScheme: 2, verified: true });

		await content((doc) => setLineText(doc, 'headline', 'Something else'));
		expect((await status()).signoffs[0]!.changedSinceSigned).toBe(true);
		expect(reads.count).toBe(2); // one rebuild for the status (then cached), one read for the view
		await rooms.closeAll();
	});

	it('a stored version altered after signing fails verification and never reads as unchanged', async () => {
		const { rooms, content, signFixture, status, versions } = await setup();
		await signFixture(tamperedFixture());
		// The workshop is the tampered content now: without the check it would read as "unchanged".
		await content((doc) => setLineText(doc, 'headline', 'Costs < $99 a month'));
		expect((await status()).signoffs[0]!.changedSinceSigned).toBe(true);
		const view = await versions.view(workshop, 'v2');
		expect(view.ok && view.value).toMatchObject({ hashScheme: 2, verified: false });
		await rooms.closeAll();
	});
});
