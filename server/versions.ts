/**
 * Versions: a named, immutable copy of both documents, identified by the
 * SHA-256 of what it exports. Signatures bind that hash.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { buildExport, type WorkshopMeta } from '../src/lib/doc/export.js';
import { docName, readControl } from '../src/lib/doc/schema.js';
import { signableJson, type ExportData } from '../src/lib/domain/export/model.js';
import type { Rooms } from './rooms.js';
import type { Storage, VersionRecord } from './storage/storage.js';

export interface Snapshot {
	content: Uint8Array;
	control: Uint8Array;
	data: ExportData;
	hash: string;
}

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


/** Read access to saved versions and to the state of the signatures, for routes. */
export class Versions {
	constructor(
		private readonly storage: Storage,
		private readonly rooms: Rooms
	) {}

	/** Every signature, with whether the workshop has changed since the signed version. */
	async signoffStatus(workshop: WorkshopMeta & { id: string }) {
		const { hash, signoffs } = await withBothDocs(this.rooms, workshop.id, (content, control) => ({
			hash: hashExport(buildExport(content, control, workshop, new Date())),
			signoffs: readControl(control).signoffs
		}));
		return { currentHash: hash, signoffs: signoffs.map((s) => ({ ...s, changedSinceSigned: s.versionHash !== hash })) };
	}

	async view(workshop: WorkshopMeta & { id: string }, versionId: string, now = new Date()) {
		const version = await this.storage.getVersion(workshop.id, versionId);
		return version ? { id: version.id, name: version.name, hash: version.hash, data: versionExport(version, workshop, now) } : null;
	}
}
