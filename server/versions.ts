/**
 * Versions: a named, immutable copy of both documents, identified by the
 * SHA-256 of what it exports. Signatures bind that hash.
 *
 * The export a hash is taken of changes shape as the product grows, so each
 * version and signature records the scheme its hash was made with, and
 * "changed since signed" is decided here only (`changedSince`).
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { buildExport, type WorkshopMeta } from '../src/lib/doc/export.js';
import { docName, readControl, type Signoff } from '../src/lib/doc/schema.js';
import { signableJson, type ExportData } from '../src/lib/domain/export/model.js';
import type { Rooms } from './rooms.js';
import type { Storage, VersionRecord } from './storage/storage.js';

export interface Snapshot {
	content: Uint8Array;
	control: Uint8Array;
	data: ExportData;
	hash: string;
}

/**
 * The hashing in force: 2 since lines are read through the editor's schema
 * (text between "<" and ">" was lost before). A version or signature without
 * `hashScheme` was made with 1. Bump this whenever buildExport's output for the
 * same documents changes, so older signatures are re-derived, not compared.
 */
export const HASH_SCHEME = 2;

export function hashExport(data: ExportData): string {
	return createHash('sha256').update(signableJson(data)).digest('hex');
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

/** The workshop as it is now, ready to be stored as a version. */
export function snapshot(rooms: Rooms, workshopId: string, meta: WorkshopMeta, now: Date): Promise<Snapshot> {
	return withBothDocs(rooms, workshopId, (content, control) => {
		const data = buildExport(content, control, meta, now);
		return { content: Y.encodeStateAsUpdate(content), control: Y.encodeStateAsUpdate(control), data, hash: hashExport(data) };
	});
}

/** A stored version's export data (as it was then). */
export function versionExport(version: VersionRecord, meta: WorkshopMeta, now: Date): ExportData {
	const content = new Y.Doc();
	const control = new Y.Doc();
	Y.applyUpdate(content, version.content);
	Y.applyUpdate(control, version.control);
	const data = buildExport(content, control, meta, now);
	content.destroy();
	control.destroy();
	return data;
}


/** Rebuilt hashes kept, at most; a rebuild costs one export of a stored version. */
const REBUILT_MAX = 500;

/** Read access to saved versions and to the state of the signatures, for routes. */
export class Versions {
	/** Version (and workshop meta) → its current-scheme hash. Versions are immutable. */
	private readonly rebuilt = new Map<string, string | null>();

	constructor(
		private readonly storage: Storage,
		private readonly rooms: Rooms
	) {}

	/**
	 * For each signature, whether a document with current-scheme hash `hash`
	 * differs from what was signed. A signature of the current scheme compares
	 * hashes; an older one is compared through its version rebuilt with today's
	 * code, since its stored hash was taken of a differently shaped export.
	 */
	async changedSince(workshop: WorkshopMeta & { id: string }, signoffs: readonly Signoff[], hash: string): Promise<boolean[]> {
		return Promise.all(signoffs.map(async (s) => (await this.signedHash(workshop, s)) !== hash));
	}

	/** The current-scheme hash of what a signature signed; null when its version is gone. */
	private async signedHash(workshop: WorkshopMeta & { id: string }, signoff: Signoff): Promise<string | null> {
		if ((signoff.hashScheme ?? 1) === HASH_SCHEME) return signoff.versionHash;
		// The title, product and customer are read from the workshop as it is now: part of the key.
		const key = JSON.stringify([workshop.id, signoff.versionId, workshop.title, workshop.product, workshop.customer]);
		if (this.rebuilt.has(key)) return this.rebuilt.get(key)!;
		const version = await this.storage.getVersion(workshop.id, signoff.versionId);
		const rebuilt = version ? hashExport(versionExport(version, workshop, new Date())) : null;
		if (this.rebuilt.size >= REBUILT_MAX) this.rebuilt.delete(this.rebuilt.keys().next().value!);
		this.rebuilt.set(key, rebuilt);
		return rebuilt;
	}

	/** Every signature, with whether the workshop has changed since the signed version. */
	async signoffStatus(workshop: WorkshopMeta & { id: string }) {
		const { hash, signoffs } = await withBothDocs(this.rooms, workshop.id, (content, control) => ({
			hash: hashExport(buildExport(content, control, workshop, new Date())),
			signoffs: readControl(control).signoffs
		}));
		const changed = await this.changedSince(workshop, signoffs, hash);
		return { currentHash: hash, hashScheme: HASH_SCHEME, signoffs: signoffs.map((s, i) => ({ ...s, changedSinceSigned: changed[i]! })) };
	}

	async view(workshop: WorkshopMeta & { id: string }, versionId: string, now = new Date()) {
		const version = await this.storage.getVersion(workshop.id, versionId);
		return version ? { id: version.id, name: version.name, hash: version.hash, data: versionExport(version, workshop, now) } : null;
	}
}
