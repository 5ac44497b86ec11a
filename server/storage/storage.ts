/**
 * What the server keeps, behind two small interfaces: the document store (Yjs
 * documents as a snapshot plus an append log; what rooms load and store) and the
 * record store (workshops, people, sessions, notes, ballots, ratings, versions).
 * SQLite (sqlite.ts, the embedded default) and PostgreSQL (postgres.ts, when
 * DATABASE_URL is set) open the same Kysely implementations (documents.ts,
 * records.ts) over one schema (schema.ts). Every method is async so that a
 * networked database fits.
 */
import type { ConversationLog, HandoffLog, MetricValue } from '../../src/lib/domain/fieldLogs.js';
import type { Role } from '../../src/lib/domain/teams.js';
import type { BallotsTable, ParticipantsTable, PrivateNotesTable, RatingsTable, SessionsTable, VersionsTable, WorkshopsTable } from './schema.js';

// The records the server works with are the tables' rows (schema.ts, the one definition),
// with JSON columns parsed and a column named for what it holds.
export type WorkshopRecord = WorkshopsTable;
export type ParticipantRecord = ParticipantsTable;
export type SessionRecord = SessionsTable;

/** A note written in a private brainstorm round: on the server only, until revealed. */
export type PrivateNoteRecord = Omit<PrivateNotesTable, 'columnId'> & { column: string };

/** One person's ballot in one vote; a re-vote replaces it (one row per person per vote). */
export type BallotRecord = Omit<BallotsTable, 'allocation'> & {
	/** option id → dots */
	allocation: Record<string, number>;
};

/** One person's scores in one rating round: claim id → criterion → 1–5. */
export type RatingRecord = Omit<RatingsTable, 'scores'> & { scores: Record<string, Record<string, number>> };

/** A saved version: both documents as they were, and the SHA-256 of their signable export. Immutable. */
export type VersionRecord = VersionsTable;

/** A document as stored: the last compacted snapshot plus the updates appended since. */
export interface StoredDoc {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
}

/** Yjs documents by name: what a room loads and stores (the size of Hocuspocus's database extension). */
export interface DocumentStore {
	loadDoc(name: string): Promise<StoredDoc>;
	/** Appends in one atomic write; resolves once durable. */
	appendUpdates(name: string, updates: Uint8Array[]): Promise<void>;
	/**
	 * Replaces the document's snapshot and log with one snapshot, atomically. Never loses
	 * what is stored: on shared storage (PostgreSQL) `snapshot` is merged with the stored
	 * state (another instance may have written what this one has not seen); SQLite has one
	 * writer, whose `snapshot` already holds everything.
	 */
	compactDoc(name: string, snapshot: Uint8Array): Promise<void>;
}

export interface RecordStore extends FieldStore {
	/** 'code-taken' when the join code already belongs to another workshop. */
	insertWorkshop(workshop: WorkshopRecord): Promise<'ok' | 'code-taken'>;
	getWorkshop(id: string): Promise<WorkshopRecord | null>;
	getWorkshopByCode(joinCode: string): Promise<WorkshopRecord | null>;
	/** The product and target customer, edited in the room after creation. */
	setWorkshopFrame(id: string, frame: Pick<WorkshopRecord, 'product' | 'customer'>): Promise<void>;

	insertParticipant(participant: ParticipantRecord): Promise<void>;
	/** The room's people (field members not counted: they have their own cap). */
	countParticipants(workshopId: string): Promise<number>;
	getParticipant(id: string): Promise<ParticipantRecord | null>;
	setParticipantRole(id: string, role: Role): Promise<void>;

	insertSession(session: SessionRecord): Promise<void>;
	getSession(id: string): Promise<SessionRecord | null>;
	/** Revoke every session of a participant; returns how many were live. */
	revokeSessions(participantId: string, at: number): Promise<number>;
	/** Undo a removal: the participant's revoked sessions are valid again; returns how many. */
	restoreSessions(participantId: string): Promise<number>;

	insertPrivateNote(note: PrivateNoteRecord): Promise<void>;
	/** A workshop's private notes, oldest first; only one author's when `authorId` is given. */
	listPrivateNotes(workshopId: string, authorId?: string): Promise<PrivateNoteRecord[]>;
	deletePrivateNotes(ids: readonly string[]): Promise<void>;

	/** Insert or replace; returns how many people have a ballot in this vote now. */
	putBallot(ballot: BallotRecord): Promise<number>;
	getBallot(voteId: string, voterId: string): Promise<BallotRecord | null>;
	listBallots(voteId: string): Promise<BallotRecord[]>;
	/** Insert or replace; returns how many people have rated in this round now. */
	putRating(rating: RatingRecord): Promise<number>;
	getRating(roundId: string, raterId: string): Promise<RatingRecord | null>;
	listRatings(roundId: string): Promise<RatingRecord[]>;

	insertVersion(version: VersionRecord): Promise<void>;
	getVersion(workshopId: string, id: string): Promise<VersionRecord | null>;
	/** How many versions a workshop has stored and their bytes (content + control), for its quota. */
	versionUsage(workshopId: string): Promise<{ count: number; bytes: number }>;

	/** Remove a workshop and everything of it: people, sessions, documents, ballots, ratings, versions, field records. */
	deleteWorkshop(id: string): Promise<void>;
	/** Ids of workshops created before `time` (retention). */
	workshopsCreatedBefore(time: number): Promise<string[]>;

	/**
	 * Run `fn` while nothing else runs under `key`, across every instance sharing this
	 * storage (one process on SQLite: `fn` at once; callers queue in process themselves).
	 */
	exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A conversation or hand-off log from the field, as stored: one row per (workshop, id); the id is made on the device. */
export type FieldLogRecord = { workshopId: string; updatedAt: number } & ({ kind: 'conversation'; log: ConversationLog } | { kind: 'handoff'; log: HandoffLog });

/** A metric value: one per (workshop, metric, date), the last written wins. */
export interface MetricValueRecord extends MetricValue {
	workshopId: string;
	authorId: string;
	recordedAt: number;
}

/**
 * The field's records (issue 21). Part of RecordStore once implemented on both databases;
 * deleted with the workshop.
 */
/** A field member as the facilitator sees them (GET /api/workshops/:id/field/members). */
export interface FieldMemberRecord {
	id: string;
	name: string;
	team: ParticipantRecord['team'];
	joinedAt: number;
	conversations: number;
	handoffs: number;
	/** Their sessions were revoked by `field.removeMember`. */
	removed: boolean;
}

export interface FieldStore {
	/** Insert, or replace the record with the same (workshop, id): callers check authorship and the edit window first. */
	putFieldLog(record: FieldLogRecord): Promise<void>;
	getFieldLog(workshopId: string, id: string): Promise<FieldLogRecord | null>;
	deleteFieldLog(workshopId: string, id: string): Promise<void>;
	/** Oldest `at` first; one kind when given; only those written at or after `updatedSince` when given (a view's catch-up). */
	listFieldLogs(workshopId: string, filter?: { kind?: FieldLogRecord['kind']; updatedSince?: number }): Promise<FieldLogRecord[]>;
	/** How many logs a workshop holds, and how many of them one author wrote (quotas). */
	countFieldLogs(workshopId: string, authorId?: string): Promise<number>;
	/** Delete every log one author wrote in a workshop (a removed field member's, discarded); how many of each kind went. */
	deleteFieldLogsBy(workshopId: string, authorId: string): Promise<{ conversations: number; handoffs: number }>;
	/** The people who joined with the field link, oldest first, with their logs counted (one grouped query) and whether they were removed. */
	listFieldMembers(workshopId: string): Promise<FieldMemberRecord[]>;
	/** Upsert by (workshop, metric, date), in one transaction. */
	putMetricValues(values: readonly MetricValueRecord[]): Promise<void>;
	listMetricValues(workshopId: string): Promise<MetricValueRecord[]>;
	/** How many values a workshop holds (its quota, and fieldCounts after an upsert). */
	countMetricValues(workshopId: string): Promise<number>;
}

/** An open database: its two stores. */
export interface Storage {
	documents: DocumentStore;
	records: RecordStore;
	/** The migrations applied when it was opened (`npm run migrate` reports them). */
	migrated: number[];
	/** Resolves when storage answers (readiness). */
	ping(): Promise<void>;
	close(): Promise<void>;
}
