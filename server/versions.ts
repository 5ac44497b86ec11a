/**
 * Versions: a named, immutable copy of both documents, identified by the
 * SHA-256 of what it exports. Signatures bind that hash.
 *
 * The export a hash is taken of changes shape as the product grows, so each
 * version and signature records the scheme its hash was made with, and
 * "changed since signed" is decided here only (`changedSince`).
 *
 * Building an export of a large workshop is heavy: it runs in the job pool
 * (jobs/pool.ts); here only the documents are encoded, on the event loop.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import * as Y from 'yjs';
import type { WorkshopMeta } from '../src/lib/doc/export.js';
import { docName, readControl, type Signoff } from '../src/lib/doc/schema.js';
import { signable, signableJson, type ExportData } from '../src/lib/domain/export/model.js';
import { ok, type Result } from './result.js';
import type { JobPool } from './jobs/pool.js';
import type { EncodedDocs } from './jobs/work.js';
import type { Rooms } from './rooms.js';
import type { RecordStore, VersionRecord } from './storage/storage.js';

export interface Snapshot {
	content: Uint8Array;
	control: Uint8Array;
	data: ExportData;
	hash: string;
}

/**
 * The hashing in force. 1: the first reader (text between "<" and ">" was lost);
 * 2: lines read through the editor's schema; 3: the same content as RFC 8785
 * canonical JSON, so the hash no longer hangs on the order the code builds keys in;
 * 4: milestones carry their time of day (under 2 and 3 they did not, so it is left out).
 * A version or signature without `hashScheme` was made with 1. Bump this whenever
 * buildExport's output for the same documents, or its serialisation, changes, so
 * older signatures are re-derived, not compared.
 */
export const HASH_SCHEME = 4;

/** The SHA-256 of an export's signable content under `scheme` (2 and 3 can be recomputed; 1's reader is gone). */
export function hashExport(data: ExportData, scheme: number = HASH_SCHEME): string {
	// Up to scheme 2 the serialisation was JSON.stringify, keys in the order they were built.
	const shaped = scheme >= 4 ? data : withoutTimes(data);
	const body = scheme >= 3 ? canonicalize(signable(shaped))! : signableJson(shaped);
	return createHash('sha256').update(body).digest('hex');
}

/** The export as schemes 2 and 3 saw it: milestones without a time of day. */
function withoutTimes(data: ExportData): ExportData {
	return { ...data, timeline: data.timeline.map(({ time: _time, ...rest }) => rest as ExportData['timeline'][number]) };
}

/** Schemes whose stored hashes today's code can recompute from the stored documents. */
export function recomputable(scheme: number): boolean {
	return scheme >= 2 && scheme <= HASH_SCHEME;
}

/** Run `fn` with both documents of a workshop loaded at the same time. */
export async function withBothDocs<T>(rooms: Rooms, workshopId: string, fn: (content: Y.Doc, control: Y.Doc) => T): Promise<T> {
	const contentRoom = await rooms.acquire(docName(workshopId, 'content'));
	try {
		const controlRoom = await rooms.acquire(docName(workshopId, 'control'));
		try {
			return fn(contentRoom.doc, controlRoom.doc);
		} finally {
			rooms.release(controlRoom);
		}
	} finally {
		rooms.release(contentRoom);
	}
}

/** Both documents as they are now, encoded for a job, with the signatures `control` holds. */
export function encodeBoth(rooms: Rooms, workshopId: string): Promise<{ docs: EncodedDocs; signoffs: Signoff[] }> {
	return withBothDocs(rooms, workshopId, (content, control) => ({
		docs: { content: Y.encodeStateAsUpdate(content), control: Y.encodeStateAsUpdate(control) },
		signoffs: readControl(control).signoffs
	}));
}

/** The workshop as it is now, ready to be stored as a version. */
export async function snapshot(rooms: Rooms, pool: JobPool, workshopId: string, meta: WorkshopMeta, now: Date): Promise<Result<Snapshot>> {
	const { docs } = await encodeBoth(rooms, workshopId);
	const built = await pool.run({ kind: 'data', docs, meta: metaOf(meta), now: now.getTime() });
	return built.ok ? ok({ ...docs, ...built.value }) : built;
}

/** Only what an export reads of a workshop, so nothing else crosses to a worker. */
export function metaOf(meta: WorkshopMeta): WorkshopMeta {
	return { title: meta.title, product: meta.product, customer: meta.customer };
}

/** Rebuilt hashes kept, at most; a rebuild costs one export of a stored version. */
const REBUILT_MAX = 500;

/** Read access to saved versions and to the state of the signatures, for routes. */
export class Versions {
	/** Version (and workshop meta) → its current-scheme hash. Versions are immutable. */
	private readonly rebuilt = new Map<string, string | null>();

	constructor(
		private readonly storage: RecordStore,
		private readonly rooms: Rooms,
		private readonly pool: JobPool
	) {}

	/** A stored version's export data (as it was then) and its current-scheme hash. */
	versionData(version: VersionRecord, meta: WorkshopMeta, now: Date): Promise<Result<{ data: ExportData; hash: string }>> {
		return this.pool.run({ kind: 'data', docs: { content: version.content, control: version.control }, meta: metaOf(meta), now: now.getTime() });
	}

	/**
	 * For each signature, the current-scheme hash of what it signed (null when its
	 * version is gone). A signature of the current scheme carries it; an older one
	 * is compared through its version rebuilt with today's code, since its stored
	 * hash was taken of a differently shaped export.
	 */
	async signedHashes(workshop: WorkshopMeta & { id: string }, signoffs: readonly Signoff[]): Promise<Result<(string | null)[]>> {
		const hashes: (string | null)[] = [];
		for (const signoff of signoffs) {
			const hash = await this.signedHash(workshop, signoff);
			if (!hash.ok) return hash;
			hashes.push(hash.value);
		}
		return ok(hashes);
	}

	private async signedHash(workshop: WorkshopMeta & { id: string }, signoff: Signoff): Promise<Result<string | null>> {
		const scheme = signoff.hashScheme ?? 1;
		if (scheme === HASH_SCHEME) return ok(signoff.versionHash);
		// The title, product and customer are read from the workshop as it is now: part of the key.
		const key = JSON.stringify([workshop.id, signoff.versionId, workshop.title, workshop.product, workshop.customer]);
		if (this.rebuilt.has(key)) return ok(this.rebuilt.get(key)!);
		const version = await this.storage.getVersion(workshop.id, signoff.versionId);
		let rebuilt: string | null = null;
		if (version) {
			const built = await this.versionData(version, workshop, new Date());
			if (!built.ok) return built;
			// A stored version that no longer hashes to what was signed is not what was signed.
			const intact = !recomputable(scheme) || hashExport(built.value.data, scheme) === signoff.versionHash;
			rebuilt = intact ? built.value.hash : null;
		}
		if (this.rebuilt.size >= REBUILT_MAX) this.rebuilt.delete(this.rebuilt.keys().next().value!);
		this.rebuilt.set(key, rebuilt);
		return ok(rebuilt);
	}

	/** Every signature, with whether the workshop has changed since the signed version. */
	async signoffStatus(workshop: WorkshopMeta & { id: string }) {
		const { docs, signoffs } = await encodeBoth(this.rooms, workshop.id);
		const current = await this.pool.run({ kind: 'data', docs, meta: metaOf(workshop), now: Date.now() });
		if (!current.ok) return current;
		const signed = await this.signedHashes(workshop, signoffs);
		if (!signed.ok) return signed;
		const hash = current.value.hash;
		return ok({ currentHash: hash, hashScheme: HASH_SCHEME, signoffs: signoffs.map((s, i) => ({ ...s, changedSinceSigned: signed.value[i] !== hash })) });
	}

	/**
	 * A saved version's content, with whether it verifies: its stored documents, rebuilt and
	 * hashed under the scheme it was saved with, give the hash stored with it (null for
	 * scheme 1, whose reader is gone).
	 */
	async view(workshop: WorkshopMeta & { id: string }, versionId: string, now = new Date()) {
		const version = await this.storage.getVersion(workshop.id, versionId);
		if (!version) return ok(null);
		const built = await this.versionData(version, workshop, now);
		if (!built.ok) return built;
		const hashScheme = await this.schemeOf(workshop.id, versionId);
		const verified = recomputable(hashScheme) ? hashExport(built.value.data, hashScheme) === version.hash : null;
		return ok({ id: version.id, name: version.name, hash: version.hash, hashScheme, verified, data: built.value.data });
	}

	/** The scheme a version's hash was made with, as `control` lists it. */
	private async schemeOf(workshopId: string, versionId: string): Promise<number> {
		const room = await this.rooms.acquire(docName(workshopId, 'control'));
		try {
			return readControl(room.doc).versions.find((v) => v.id === versionId)?.hashScheme ?? 1;
		} finally {
			this.rooms.release(room);
		}
	}
}
