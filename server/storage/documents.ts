/**
 * The document store on either database: a snapshot per document plus an append-only
 * log of updates, compacted into the snapshot now and then.
 */
import { sql, type Kysely } from 'kysely';
import * as Y from 'yjs';
import type { Database } from './schema.js';
import type { DocumentStore, StoredDoc } from './storage.js';

/** Rows per INSERT: far below either database's limit on bound parameters. */
const APPEND_CHUNK = 500;

export const bytes = (data: Uint8Array): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
export const buffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export class KyselyDocumentStore implements DocumentStore {
	/**
	 * `shared`: other instances write the same documents (PostgreSQL), so compaction
	 * merges with what is stored under a per-document lock instead of replacing it.
	 */
	constructor(
		private readonly db: Kysely<Database>,
		private readonly shared: boolean
	) {}

	async loadDoc(name: string): Promise<StoredDoc> {
		// One statement, one snapshot of the database: the log read belongs to the snapshot read.
		const { rows } = await sql<{ kind: string; data: Uint8Array }>`
			SELECT 's' AS kind, data, 0 AS seq FROM doc_snapshots WHERE doc = ${name}
			UNION ALL SELECT 'u', data, seq FROM doc_updates WHERE doc = ${name} ORDER BY kind, seq`.execute(this.db);
		const snapshot = rows.find((r) => r.kind === 's');
		return { snapshot: snapshot ? bytes(snapshot.data) : null, updates: rows.filter((r) => r.kind === 'u').map((r) => bytes(r.data)) };
	}

	async appendUpdates(name: string, updates: Uint8Array[]): Promise<void> {
		if (updates.length === 0) return;
		const rows = updates.map((update) => ({ doc: name, data: buffer(update) }));
		if (rows.length <= APPEND_CHUNK) {
			await this.db.insertInto('docUpdates').values(rows).execute();
			return;
		}
		await this.db.transaction().execute(async (trx) => {
			for (let i = 0; i < rows.length; i += APPEND_CHUNK) await trx.insertInto('docUpdates').values(rows.slice(i, i + APPEND_CHUNK)).execute();
		});
	}

	async compactDoc(name: string, snapshot: Uint8Array): Promise<void> {
		await this.db.transaction().execute(async (trx) => {
			if (!this.shared) {
				// One writer, whose snapshot holds everything: replace.
				await putSnapshot(trx, name, snapshot);
				await trx.deleteFrom('docUpdates').where('doc', '=', name).execute();
				return;
			}
			// Another instance may have appended updates this one never received (Redis was down):
			// the new snapshot is the union of `snapshot` and everything stored, and only the log
			// entries read here are deleted. Compactions of one document run one at a time.
			await sql`SELECT pg_advisory_xact_lock(hashtext(${`doc:${name}`}))`.execute(trx);
			const stored = await trx.selectFrom('docSnapshots').select('data').where('doc', '=', name).executeTakeFirst();
			const log = await trx.selectFrom('docUpdates').select(['seq', 'data']).where('doc', '=', name).orderBy('seq').execute();
			const doc = new Y.Doc({ gc: true });
			Y.transact(doc, () => {
				if (stored) Y.applyUpdate(doc, bytes(stored.data));
				for (const row of log) Y.applyUpdate(doc, bytes(row.data));
				Y.applyUpdate(doc, snapshot);
			});
			const merged = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			await putSnapshot(trx, name, merged);
			// One array parameter, however long the log grew (the IN list would hit the parameter limit).
			const seqs = log.map((r) => r.seq);
			if (seqs.length > 0) await trx.deleteFrom('docUpdates').where(sql<boolean>`seq = ANY(${seqs}::bigint[])`).execute();
		});
	}
}

async function putSnapshot(db: Kysely<Database>, name: string, snapshot: Uint8Array): Promise<void> {
	await db
		.insertInto('docSnapshots')
		.values({ doc: name, data: buffer(snapshot) })
		.onConflict((oc) => oc.column('doc').doUpdateSet({ data: (eb) => eb.ref('excluded.data') }))
		.execute();
}
