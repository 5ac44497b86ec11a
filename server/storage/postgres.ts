/**
 * Storage on PostgreSQL (the `pg` client), chosen when DATABASE_URL is set: what
 * several instances share. Same tables and migration numbers as the SQLite file;
 * the constraints that make a rule (one ballot per person per vote) live here too,
 * so two instances cannot both accept what one would refuse.
 */
import pg from 'pg';
import * as Y from 'yjs';
import type {
	BallotRecord,
	ParticipantRecord,
	PrivateNoteRecord,
	RatingRecord,
	SessionRecord,
	Storage,
	StoredDoc,
	VersionRecord,
	WorkshopRecord
} from './storage.js';
import type { Role } from '../../src/lib/domain/teams.js';
import { log } from '../log.js';
import {
	toBallot,
	toParticipant,
	toPrivateNote,
	toRating,
	toSession,
	toVersion,
	toWorkshop,
	type BallotRow,
	type ParticipantRow,
	type PrivateNoteRow,
	type RatingRow,
	type SessionRow,
	type VersionRow,
	type WorkshopRow
} from './rows.js';

/** Versioned schema, numbered as SQLite's: append a migration, never edit an applied one. */
export const PG_MIGRATIONS: string[] = [
	`CREATE TABLE workshops (
		id TEXT PRIMARY KEY,
		join_code TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL,
		product TEXT NOT NULL,
		customer TEXT NOT NULL,
		launch_date TEXT NOT NULL,
		facilitator_key_hash TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE TABLE participants (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		name TEXT NOT NULL,
		team TEXT,
		role TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX participants_by_workshop ON participants(workshop_id);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		participant_id TEXT NOT NULL REFERENCES participants(id),
		created_at BIGINT NOT NULL,
		expires_at BIGINT NOT NULL,
		revoked_at BIGINT
	);
	CREATE TABLE doc_snapshots (
		doc TEXT PRIMARY KEY,
		data BYTEA NOT NULL
	);
	CREATE TABLE doc_updates (
		seq BIGSERIAL PRIMARY KEY,
		doc TEXT NOT NULL,
		data BYTEA NOT NULL
	);
	CREATE INDEX doc_updates_by_doc ON doc_updates(doc, seq);`,
	`CREATE TABLE private_notes (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		author_id TEXT NOT NULL REFERENCES participants(id),
		author_team TEXT,
		column_id TEXT NOT NULL,
		text TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX private_notes_by_workshop ON private_notes(workshop_id, created_at);
	CREATE INDEX sessions_by_participant ON sessions(participant_id);`,
	`CREATE TABLE ballots (
		vote_id TEXT NOT NULL,
		voter_id TEXT NOT NULL REFERENCES participants(id),
		team TEXT,
		allocation TEXT NOT NULL,
		cast_at BIGINT NOT NULL,
		PRIMARY KEY (vote_id, voter_id)
	);
	CREATE TABLE ratings (
		round_id TEXT NOT NULL,
		rater_id TEXT NOT NULL REFERENCES participants(id),
		team TEXT,
		scores TEXT NOT NULL,
		cast_at BIGINT NOT NULL,
		PRIMARY KEY (round_id, rater_id)
	);`,
	`CREATE TABLE versions (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		name TEXT NOT NULL,
		author_id TEXT NOT NULL REFERENCES participants(id),
		created_at BIGINT NOT NULL,
		hash TEXT NOT NULL,
		content BYTEA NOT NULL,
		control BYTEA NOT NULL
	);
	CREATE INDEX versions_by_workshop ON versions(workshop_id, created_at);`
];

/** Any constant: instances starting together migrate one at a time. */
const MIGRATION_LOCK = 7_406_113;

// BIGINT (timestamps) arrives as a string by default; every value here fits a double.
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
};

export interface PostgresOptions {
	/** Connections for queries. */
	poolSize?: number;
	/** A query that takes longer fails (and a room's write is retried): nothing waits forever on a stuck database. */
	queryTimeoutMs?: number;
}

/** Apply the migrations not applied yet; returns the versions applied now. */
export async function migratePostgres(url: string): Promise<number[]> {
	const client = new pg.Client({ connectionString: url, types });
	await client.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
		const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
		const applied = new Set(rows.map((r) => r.version));
		const now: number[] = [];
		for (const [index, sql] of PG_MIGRATIONS.entries()) {
			const version = index + 1;
			if (applied.has(version)) continue;
			await client.query('BEGIN');
			try {
				await client.query(sql);
				await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
			now.push(version);
		}
		return now;
	} finally {
		await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
		await client.end();
	}
}

/** Runs `fn` inside one transaction on one connection. */
async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

const bytes = (data: Buffer): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
const buffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export class PostgresStorage implements Storage {
	private readonly pool: pg.Pool;
	/** Locks get their own connections: a holder's queries then never wait behind other holders. */
	private readonly lockPool: pg.Pool;

	private constructor(url: string, options: PostgresOptions) {
		const common = { connectionString: url, types, connectionTimeoutMillis: 5000, query_timeout: options.queryTimeoutMs ?? 10_000 };
		this.pool = new pg.Pool({ ...common, max: options.poolSize ?? 10 });
		this.lockPool = new pg.Pool({ ...common, max: 10, query_timeout: undefined });
		// An idle connection that the server drops (restart, failover) must not crash the process;
		// the pool opens a new one on the next query.
		for (const pool of [this.pool, this.lockPool]) pool.on('error', (error) => log.warn(`PostgreSQL connection lost: ${error.message}`));
	}

	/** Connect, migrate, and answer once the database does. */
	static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
		await migratePostgres(url);
		return new PostgresStorage(url, options);
	}

	async insertWorkshop(w: WorkshopRecord): Promise<'ok' | 'code-taken'> {
		const result = await this.pool.query(
			`INSERT INTO workshops (id, join_code, title, product, customer, launch_date, facilitator_key_hash, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (join_code) DO NOTHING`,
			[w.id, w.joinCode, w.title, w.product, w.customer, w.launchDate, w.facilitatorKeyHash, w.createdAt]
		);
		return result.rowCount === 1 ? 'ok' : 'code-taken';
	}

	async getWorkshop(id: string): Promise<WorkshopRecord | null> {
		return toWorkshop((await this.pool.query<WorkshopRow>('SELECT * FROM workshops WHERE id = $1', [id])).rows[0]);
	}

	async getWorkshopByCode(joinCode: string): Promise<WorkshopRecord | null> {
		return toWorkshop((await this.pool.query<WorkshopRow>('SELECT * FROM workshops WHERE join_code = $1', [joinCode])).rows[0]);
	}

	async insertParticipant(p: ParticipantRecord): Promise<void> {
		await this.pool.query('INSERT INTO participants (id, workshop_id, name, team, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
			p.id,
			p.workshopId,
			p.name,
			p.team,
			p.role,
			p.createdAt
		]);
	}

	async countParticipants(workshopId: string): Promise<number> {
		const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM participants WHERE workshop_id = $1', [workshopId]);
		return rows[0]!.n;
	}

	async getParticipant(id: string): Promise<ParticipantRecord | null> {
		return toParticipant((await this.pool.query<ParticipantRow>('SELECT * FROM participants WHERE id = $1', [id])).rows[0]);
	}

	async setParticipantRole(id: string, role: Role): Promise<void> {
		await this.pool.query('UPDATE participants SET role = $1 WHERE id = $2', [role, id]);
	}

	async insertSession(s: SessionRecord): Promise<void> {
		await this.pool.query(
			'INSERT INTO sessions (id, workshop_id, participant_id, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)',
			[s.id, s.workshopId, s.participantId, s.createdAt, s.expiresAt, s.revokedAt]
		);
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		return toSession((await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])).rows[0]);
	}

	async revokeSessions(participantId: string, at: number): Promise<number> {
		const result = await this.pool.query('UPDATE sessions SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL', [at, participantId]);
		return result.rowCount ?? 0;
	}

	async restoreSessions(participantId: string): Promise<number> {
		const result = await this.pool.query('UPDATE sessions SET revoked_at = NULL WHERE participant_id = $1 AND revoked_at IS NOT NULL', [participantId]);
		return result.rowCount ?? 0;
	}

	async insertPrivateNote(n: PrivateNoteRecord): Promise<void> {
		await this.pool.query(
			'INSERT INTO private_notes (id, workshop_id, author_id, author_team, column_id, text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
			[n.id, n.workshopId, n.authorId, n.authorTeam, n.column, n.text, n.createdAt]
		);
	}

	async listPrivateNotes(workshopId: string, authorId?: string): Promise<PrivateNoteRecord[]> {
		const { rows } =
			authorId === undefined
				? await this.pool.query<PrivateNoteRow>('SELECT * FROM private_notes WHERE workshop_id = $1 ORDER BY created_at, id', [workshopId])
				: await this.pool.query<PrivateNoteRow>('SELECT * FROM private_notes WHERE workshop_id = $1 AND author_id = $2 ORDER BY created_at, id', [
						workshopId,
						authorId
					]);
		return rows.map(toPrivateNote);
	}

	async deletePrivateNotes(ids: readonly string[]): Promise<void> {
		if (ids.length > 0) await this.pool.query('DELETE FROM private_notes WHERE id = ANY($1)', [ids]);
	}

	async putBallot(b: BallotRecord): Promise<number> {
		// The primary key (vote_id, voter_id) is the rule: a second ballot replaces the first, on any instance.
		await this.pool.query(
			`INSERT INTO ballots (vote_id, voter_id, team, allocation, cast_at) VALUES ($1, $2, $3, $4, $5)
			 ON CONFLICT (vote_id, voter_id) DO UPDATE SET allocation = excluded.allocation, team = excluded.team, cast_at = excluded.cast_at`,
			[b.voteId, b.voterId, b.team, JSON.stringify(b.allocation), b.castAt]
		);
		const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM ballots WHERE vote_id = $1', [b.voteId]);
		return rows[0]!.n;
	}

	async getBallot(voteId: string, voterId: string): Promise<BallotRecord | null> {
		const row = (await this.pool.query<BallotRow>('SELECT * FROM ballots WHERE vote_id = $1 AND voter_id = $2', [voteId, voterId])).rows[0];
		return row ? toBallot(row) : null;
	}

	async listBallots(voteId: string): Promise<BallotRecord[]> {
		return (await this.pool.query<BallotRow>('SELECT * FROM ballots WHERE vote_id = $1 ORDER BY cast_at, voter_id', [voteId])).rows.map(toBallot);
	}

	async putRating(r: RatingRecord): Promise<number> {
		await this.pool.query(
			`INSERT INTO ratings (round_id, rater_id, team, scores, cast_at) VALUES ($1, $2, $3, $4, $5)
			 ON CONFLICT (round_id, rater_id) DO UPDATE SET scores = excluded.scores, team = excluded.team, cast_at = excluded.cast_at`,
			[r.roundId, r.raterId, r.team, JSON.stringify(r.scores), r.castAt]
		);
		const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM ratings WHERE round_id = $1', [r.roundId]);
		return rows[0]!.n;
	}

	async getRating(roundId: string, raterId: string): Promise<RatingRecord | null> {
		const row = (await this.pool.query<RatingRow>('SELECT * FROM ratings WHERE round_id = $1 AND rater_id = $2', [roundId, raterId])).rows[0];
		return row ? toRating(row) : null;
	}

	async listRatings(roundId: string): Promise<RatingRecord[]> {
		return (await this.pool.query<RatingRow>('SELECT * FROM ratings WHERE round_id = $1 ORDER BY cast_at, rater_id', [roundId])).rows.map(toRating);
	}

	async insertVersion(v: VersionRecord): Promise<void> {
		await this.pool.query(
			'INSERT INTO versions (id, workshop_id, name, author_id, created_at, hash, content, control) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
			[v.id, v.workshopId, v.name, v.authorId, v.createdAt, v.hash, buffer(v.content), buffer(v.control)]
		);
	}

	async getVersion(workshopId: string, id: string): Promise<VersionRecord | null> {
		return toVersion((await this.pool.query<VersionRow>('SELECT * FROM versions WHERE workshop_id = $1 AND id = $2', [workshopId, id])).rows[0]);
	}

	async versionUsage(workshopId: string): Promise<{ count: number; bytes: number }> {
		const { rows } = await this.pool.query<{ count: string; bytes: string }>(
			'SELECT COUNT(*) AS count, COALESCE(SUM(OCTET_LENGTH(content) + OCTET_LENGTH(control)), 0) AS bytes FROM versions WHERE workshop_id = $1',
			[workshopId]
		);
		return { count: Number(rows[0]!.count), bytes: Number(rows[0]!.bytes) };
	}

	async loadDoc(name: string): Promise<StoredDoc> {
		// One statement, one snapshot of the database: the log read belongs to the snapshot read.
		const { rows } = await this.pool.query<{ kind: string; data: Buffer }>(
			`SELECT 's' AS kind, data, 0::bigint AS seq FROM doc_snapshots WHERE doc = $1
			 UNION ALL SELECT 'u', data, seq FROM doc_updates WHERE doc = $1 ORDER BY kind, seq`,
			[name]
		);
		const snapshot = rows.find((r) => r.kind === 's');
		return { snapshot: snapshot ? bytes(snapshot.data) : null, updates: rows.filter((r) => r.kind === 'u').map((r) => bytes(r.data)) };
	}

	async appendUpdates(name: string, updates: Uint8Array[]): Promise<void> {
		if (updates.length === 0) return;
		await this.pool.query('INSERT INTO doc_updates (doc, data) SELECT $1, unnest($2::bytea[])', [name, updates.map(buffer)]);
	}

	/**
	 * Another instance may have appended updates this one never received (Redis was down):
	 * the new snapshot is the union of `snapshot` and everything stored, and only the log
	 * entries read here are deleted. Compactions of one document run one at a time.
	 */
	async compactDoc(name: string, snapshot: Uint8Array): Promise<void> {
		await transaction(this.pool, async (client) => {
			await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`doc:${name}`]);
			const stored = await client.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE doc = $1', [name]);
			const log = await client.query<{ seq: string; data: Buffer }>('SELECT seq::text, data FROM doc_updates WHERE doc = $1 ORDER BY seq', [name]);
			const doc = new Y.Doc({ gc: true });
			Y.transact(doc, () => {
				if (stored.rows[0]) Y.applyUpdate(doc, bytes(stored.rows[0].data));
				for (const row of log.rows) Y.applyUpdate(doc, bytes(row.data));
				Y.applyUpdate(doc, snapshot);
			});
			const merged = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			await client.query('INSERT INTO doc_snapshots (doc, data) VALUES ($1, $2) ON CONFLICT (doc) DO UPDATE SET data = excluded.data', [name, buffer(merged)]);
			if (log.rows.length > 0) await client.query('DELETE FROM doc_updates WHERE seq = ANY($1::bigint[])', [log.rows.map((r) => r.seq)]);
		});
	}

	async deleteWorkshop(id: string): Promise<void> {
		await transaction(this.pool, async (client) => {
			// Children first: the foreign keys would refuse the other order.
			for (const sql of [
				'DELETE FROM ballots WHERE voter_id IN (SELECT id FROM participants WHERE workshop_id = $1)',
				'DELETE FROM ratings WHERE rater_id IN (SELECT id FROM participants WHERE workshop_id = $1)',
				'DELETE FROM private_notes WHERE workshop_id = $1',
				'DELETE FROM versions WHERE workshop_id = $1',
				'DELETE FROM sessions WHERE workshop_id = $1',
				'DELETE FROM participants WHERE workshop_id = $1',
				"DELETE FROM doc_updates WHERE doc IN ($1 || '/content', $1 || '/control')",
				"DELETE FROM doc_snapshots WHERE doc IN ($1 || '/content', $1 || '/control')",
				'DELETE FROM workshops WHERE id = $1'
			]) {
				await client.query(sql, [id]);
			}
		});
	}

	async workshopsCreatedBefore(time: number): Promise<string[]> {
		return (await this.pool.query<{ id: string }>('SELECT id FROM workshops WHERE created_at < $1', [time])).rows.map((r) => r.id);
	}

	/**
	 * `fn` runs while no other instance runs anything under the same key (a session-level
	 * advisory lock; a crashed holder's connection ends and the lock with it).
	 */
	async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
		const client = await this.lockPool.connect();
		let broken = false;
		try {
			await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
			try {
				return await fn();
			} finally {
				await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => (broken = true));
			}
		} finally {
			// A connection whose unlock failed may still hold the lock: close it rather than reuse it.
			client.release(broken);
		}
	}

	async ping(): Promise<void> {
		await this.pool.query('SELECT 1');
	}

	async close(): Promise<void> {
		await Promise.all([this.pool.end(), this.lockPool.end()]);
	}
}
