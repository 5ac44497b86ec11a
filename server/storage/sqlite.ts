/**
 * The embedded default: one SQLite file in DATA_DIR, through node:sqlite
 * (opened with its durability pragmas in sqlite-driver.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
	BallotRecord,
	PrivateNoteRecord,
	ParticipantRecord,
	RatingRecord,
	SessionRecord,
	VersionRecord,
	Storage,
	StoredDoc,
	WorkshopRecord
} from './storage.js';
import { isUniqueViolation, openSqlite, prepare, transaction, type SqliteDatabase } from './sqlite-driver.js';
import type { Role } from '../../src/lib/domain/teams.js';
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

/** Versioned schema: append a migration, never edit an applied one. */
const MIGRATIONS: string[] = [
	`CREATE TABLE workshops (
		id TEXT PRIMARY KEY,
		join_code TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL,
		product TEXT NOT NULL,
		customer TEXT NOT NULL,
		launch_date TEXT NOT NULL,
		facilitator_key_hash TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE participants (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		name TEXT NOT NULL,
		team TEXT,
		role TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX participants_by_workshop ON participants(workshop_id);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		participant_id TEXT NOT NULL REFERENCES participants(id),
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		revoked_at INTEGER
	);
	CREATE TABLE doc_snapshots (
		doc TEXT PRIMARY KEY,
		data BLOB NOT NULL
	);
	CREATE TABLE doc_updates (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		doc TEXT NOT NULL,
		data BLOB NOT NULL
	);
	CREATE INDEX doc_updates_by_doc ON doc_updates(doc, seq);`,
	`CREATE TABLE private_notes (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		author_id TEXT NOT NULL REFERENCES participants(id),
		author_team TEXT,
		column_id TEXT NOT NULL,
		text TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX private_notes_by_workshop ON private_notes(workshop_id, created_at);
	CREATE INDEX sessions_by_participant ON sessions(participant_id);`,
	// The primary keys make "one ballot per person per vote" a rule of the database.
	`CREATE TABLE ballots (
		vote_id TEXT NOT NULL,
		voter_id TEXT NOT NULL REFERENCES participants(id),
		team TEXT,
		allocation TEXT NOT NULL,
		cast_at INTEGER NOT NULL,
		PRIMARY KEY (vote_id, voter_id)
	);
	CREATE TABLE ratings (
		round_id TEXT NOT NULL,
		rater_id TEXT NOT NULL REFERENCES participants(id),
		team TEXT,
		scores TEXT NOT NULL,
		cast_at INTEGER NOT NULL,
		PRIMARY KEY (round_id, rater_id)
	);`,
	`CREATE TABLE versions (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		name TEXT NOT NULL,
		author_id TEXT NOT NULL REFERENCES participants(id),
		created_at INTEGER NOT NULL,
		hash TEXT NOT NULL,
		content BLOB NOT NULL,
		control BLOB NOT NULL
	);
	CREATE INDEX versions_by_workshop ON versions(workshop_id, created_at);`
];

/** Apply the migrations not applied yet; returns the versions applied now. */
function migrateSqlite(db: SqliteDatabase): number[] {
	db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
	const applied = new Set(prepare<[], { version: number }>(db, 'SELECT version FROM schema_migrations').all().map((r) => r.version));
	const now: number[] = [];
	MIGRATIONS.forEach((sql, index) => {
		const version = index + 1;
		if (applied.has(version)) return;
		transaction(db, () => {
			db.exec(sql);
			prepare(db, 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
		})();
		now.push(version);
	});
	return now;
}

export class SqliteStorage implements Storage {
	private readonly db: SqliteDatabase;
	private readonly statements;
	private readonly appendMany: (name: string, updates: Uint8Array[]) => void;
	private readonly replaceLog: (name: string, snapshot: Uint8Array) => void;
	private readonly deleteMany: (ids: readonly string[]) => void;
	private readonly deleteAll: (id: string) => void;

	constructor(file: string) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		this.db = openSqlite(file);
		this.migrated = migrateSqlite(this.db);
		const db = this.db;
		this.statements = {
			insertWorkshop: prepare(db,
				`INSERT INTO workshops (id, join_code, title, product, customer, launch_date, facilitator_key_hash, created_at)
				 VALUES (@id, @joinCode, @title, @product, @customer, @launchDate, @facilitatorKeyHash, @createdAt)`
			),
			workshopById: prepare<[string], WorkshopRow>(db, 'SELECT * FROM workshops WHERE id = ?'),
			workshopByCode: prepare<[string], WorkshopRow>(db, 'SELECT * FROM workshops WHERE join_code = ?'),
			insertParticipant: prepare(db,
				`INSERT INTO participants (id, workshop_id, name, team, role, created_at)
				 VALUES (@id, @workshopId, @name, @team, @role, @createdAt)`
			),
			participantById: prepare<[string], ParticipantRow>(db, 'SELECT * FROM participants WHERE id = ?'),
			countParticipants: prepare<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?'),
			workshopsBefore: prepare<[number], { id: string }>(db, 'SELECT id FROM workshops WHERE created_at < ?'),
			insertSession: prepare(db,
				`INSERT INTO sessions (id, workshop_id, participant_id, created_at, expires_at, revoked_at)
				 VALUES (@id, @workshopId, @participantId, @createdAt, @expiresAt, @revokedAt)`
			),
			sessionById: prepare<[string], SessionRow>(db, 'SELECT * FROM sessions WHERE id = ?'),
			revokeSessions: prepare(db, 'UPDATE sessions SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL'),
			restoreSessions: prepare(db, 'UPDATE sessions SET revoked_at = NULL WHERE participant_id = ? AND revoked_at IS NOT NULL'),
			setRole: prepare(db, 'UPDATE participants SET role = ? WHERE id = ?'),
			insertPrivateNote: prepare(db,
				`INSERT INTO private_notes (id, workshop_id, author_id, author_team, column_id, text, created_at)
				 VALUES (@id, @workshopId, @authorId, @authorTeam, @column, @text, @createdAt)`
			),
			privateNotes: prepare<[string], PrivateNoteRow>(db, 'SELECT * FROM private_notes WHERE workshop_id = ? ORDER BY created_at, id'),
			privateNotesBy: prepare<[string, string], PrivateNoteRow>(db,
				'SELECT * FROM private_notes WHERE workshop_id = ? AND author_id = ? ORDER BY created_at, id'
			),
			deletePrivateNote: prepare(db, 'DELETE FROM private_notes WHERE id = ?'),
			putBallot: prepare(db,
				`INSERT INTO ballots (vote_id, voter_id, team, allocation, cast_at) VALUES (@voteId, @voterId, @team, @allocation, @castAt)
				 ON CONFLICT (vote_id, voter_id) DO UPDATE SET allocation = excluded.allocation, team = excluded.team, cast_at = excluded.cast_at`
			),
			countBallots: prepare<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM ballots WHERE vote_id = ?'),
			getBallot: prepare<[string, string], BallotRow>(db, 'SELECT * FROM ballots WHERE vote_id = ? AND voter_id = ?'),
			listBallots: prepare<[string], BallotRow>(db, 'SELECT * FROM ballots WHERE vote_id = ? ORDER BY cast_at, voter_id'),
			putRating: prepare(db,
				`INSERT INTO ratings (round_id, rater_id, team, scores, cast_at) VALUES (@roundId, @raterId, @team, @scores, @castAt)
				 ON CONFLICT (round_id, rater_id) DO UPDATE SET scores = excluded.scores, team = excluded.team, cast_at = excluded.cast_at`
			),
			countRatings: prepare<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM ratings WHERE round_id = ?'),
			getRating: prepare<[string, string], RatingRow>(db, 'SELECT * FROM ratings WHERE round_id = ? AND rater_id = ?'),
			listRatings: prepare<[string], RatingRow>(db, 'SELECT * FROM ratings WHERE round_id = ? ORDER BY cast_at, rater_id'),
			insertVersion: prepare(db,
				`INSERT INTO versions (id, workshop_id, name, author_id, created_at, hash, content, control)
				 VALUES (@id, @workshopId, @name, @authorId, @createdAt, @hash, @content, @control)`
			),
			getVersion: prepare<[string, string], VersionRow>(db,
				'SELECT * FROM versions WHERE workshop_id = ? AND id = ?'
			),
			versionUsage: prepare<[string], { count: number; bytes: number }>(db,
				'SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(content) + LENGTH(control)), 0) AS bytes FROM versions WHERE workshop_id = ?'
			),
			snapshot: prepare<[string], { data: Uint8Array }>(db, 'SELECT data FROM doc_snapshots WHERE doc = ?'),
			updates: prepare<[string], { data: Uint8Array }>(db, 'SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq'),
			appendUpdate: prepare(db, 'INSERT INTO doc_updates (doc, data) VALUES (?, ?)'),
			deleteUpdates: prepare(db, 'DELETE FROM doc_updates WHERE doc = ?'),
			putSnapshot: prepare(db,
				'INSERT INTO doc_snapshots (doc, data) VALUES (?, ?) ON CONFLICT(doc) DO UPDATE SET data = excluded.data'
			)
		};
		this.appendMany = transaction(db, (name: string, updates: Uint8Array[]) => {
			for (const update of updates) this.statements.appendUpdate.run(name, update);
		});
		// Children first: the foreign keys would refuse the other order.
		const erase = [
			'DELETE FROM ballots WHERE voter_id IN (SELECT id FROM participants WHERE workshop_id = @id)',
			'DELETE FROM ratings WHERE rater_id IN (SELECT id FROM participants WHERE workshop_id = @id)',
			'DELETE FROM private_notes WHERE workshop_id = @id',
			'DELETE FROM versions WHERE workshop_id = @id',
			'DELETE FROM sessions WHERE workshop_id = @id',
			'DELETE FROM participants WHERE workshop_id = @id',
			"DELETE FROM doc_updates WHERE doc IN (@id || '/content', @id || '/control')",
			"DELETE FROM doc_snapshots WHERE doc IN (@id || '/content', @id || '/control')",
			'DELETE FROM workshops WHERE id = @id'
		].map((sql) => prepare(db, sql));
		this.deleteAll = transaction(db, (id: string) => {
			for (const statement of erase) statement.run({ id });
		});
		this.deleteMany = transaction(db, (ids: readonly string[]) => {
			for (const id of ids) this.statements.deletePrivateNote.run(id);
		});
		this.replaceLog = transaction(db, (name: string, snapshot: Uint8Array) => {
			this.statements.putSnapshot.run(name, snapshot);
			this.statements.deleteUpdates.run(name);
		});
	}

	/** The migrations applied when this file was opened (`npm run migrate` reports them). */
	readonly migrated: number[];

	async insertWorkshop(workshop: WorkshopRecord): Promise<'ok' | 'code-taken'> {
		try {
			this.statements.insertWorkshop.run(workshop);
			return 'ok';
		} catch (error) {
			if (isUniqueViolation(error, 'join_code')) {
				return 'code-taken';
			}
			throw error;
		}
	}

	async getWorkshop(id: string): Promise<WorkshopRecord | null> {
		return toWorkshop(this.statements.workshopById.get(id));
	}

	async getWorkshopByCode(joinCode: string): Promise<WorkshopRecord | null> {
		return toWorkshop(this.statements.workshopByCode.get(joinCode));
	}

	async insertParticipant(participant: ParticipantRecord): Promise<void> {
		this.statements.insertParticipant.run(participant);
	}

	async getParticipant(id: string): Promise<ParticipantRecord | null> {
		return toParticipant(this.statements.participantById.get(id));
	}

	async insertSession(session: SessionRecord): Promise<void> {
		this.statements.insertSession.run(session);
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		return toSession(this.statements.sessionById.get(id));
	}

	async setParticipantRole(id: string, role: Role): Promise<void> {
		this.statements.setRole.run(role, id);
	}

	async revokeSessions(participantId: string, at: number): Promise<number> {
		return this.statements.revokeSessions.run(at, participantId).changes;
	}

	async restoreSessions(participantId: string): Promise<number> {
		return this.statements.restoreSessions.run(participantId).changes;
	}

	async insertPrivateNote(note: PrivateNoteRecord): Promise<void> {
		this.statements.insertPrivateNote.run(note);
	}

	async listPrivateNotes(workshopId: string, authorId?: string): Promise<PrivateNoteRecord[]> {
		const rows = authorId === undefined ? this.statements.privateNotes.all(workshopId) : this.statements.privateNotesBy.all(workshopId, authorId);
		return rows.map(toPrivateNote);
	}

	async deletePrivateNotes(ids: readonly string[]): Promise<void> {
		this.deleteMany(ids);
	}

	async putBallot(ballot: BallotRecord): Promise<number> {
		this.statements.putBallot.run({ ...ballot, allocation: JSON.stringify(ballot.allocation) });
		return this.statements.countBallots.get(ballot.voteId)!.n;
	}

	async getBallot(voteId: string, voterId: string): Promise<BallotRecord | null> {
		const row = this.statements.getBallot.get(voteId, voterId);
		return row ? toBallot(row) : null;
	}

	async listBallots(voteId: string): Promise<BallotRecord[]> {
		return this.statements.listBallots.all(voteId).map(toBallot);
	}

	async putRating(rating: RatingRecord): Promise<number> {
		this.statements.putRating.run({ ...rating, scores: JSON.stringify(rating.scores) });
		return this.statements.countRatings.get(rating.roundId)!.n;
	}

	async getRating(roundId: string, raterId: string): Promise<RatingRecord | null> {
		const row = this.statements.getRating.get(roundId, raterId);
		return row ? toRating(row) : null;
	}

	async listRatings(roundId: string): Promise<RatingRecord[]> {
		return this.statements.listRatings.all(roundId).map(toRating);
	}

	async insertVersion(version: VersionRecord): Promise<void> {
		this.statements.insertVersion.run(version);
	}

	async getVersion(workshopId: string, id: string): Promise<VersionRecord | null> {
		return toVersion(this.statements.getVersion.get(workshopId, id));
	}

	async versionUsage(workshopId: string): Promise<{ count: number; bytes: number }> {
		const row = this.statements.versionUsage.get(workshopId)!;
		return { count: Number(row.count), bytes: Number(row.bytes) };
	}

	async loadDoc(name: string): Promise<StoredDoc> {
		const snapshot = this.statements.snapshot.get(name);
		const updates = this.statements.updates.all(name);
		return { snapshot: snapshot ? new Uint8Array(snapshot.data) : null, updates: updates.map((u) => new Uint8Array(u.data)) };
	}

	async appendUpdates(name: string, updates: Uint8Array[]): Promise<void> {
		if (updates.length > 0) this.appendMany(name, updates);
	}

	async compactDoc(name: string, snapshot: Uint8Array): Promise<void> {
		this.replaceLog(name, snapshot);
	}

	async countParticipants(workshopId: string): Promise<number> {
		return this.statements.countParticipants.get(workshopId)!.n;
	}

	async deleteWorkshop(id: string): Promise<void> {
		this.deleteAll(id);
	}

	async workshopsCreatedBefore(time: number): Promise<string[]> {
		return this.statements.workshopsBefore.all(time).map((r) => r.id);
	}

	/** One process owns the file, and intents queue per workshop in it: nothing to lock across processes. */
	async exclusive<T>(_key: string, fn: () => Promise<T>): Promise<T> {
		return fn();
	}

	async ping(): Promise<void> {
		prepare(this.db, 'SELECT 1').get();
	}

	async close(): Promise<void> {
		if (this.db.isOpen) this.db.close();
	}
}
