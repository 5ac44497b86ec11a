/**
 * The one definition of what the databases hold: every table as Kysely sees it, in
 * camelCase (CamelCasePlugin maps to the snake_case columns). Both dialects share it;
 * migrations.ts is the one list of changes that built it.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role, Team } from '../../src/lib/domain/teams.js';
import { DOC_KINDS, docName } from '../../src/lib/doc/schema.js';

export interface WorkshopsTable {
	id: string;
	joinCode: string;
	title: string;
	product: string;
	customer: string;
	/** ISO date (YYYY-MM-DD) or empty. */
	launchDate: string;
	/** SHA-256 of the facilitator key; the key itself is never stored. */
	facilitatorKeyHash: string;
	createdAt: number;
}

export interface ParticipantsTable {
	id: string;
	workshopId: string;
	name: string;
	team: Team | null;
	role: Role;
	createdAt: number;
}

export interface SessionsTable {
	id: string;
	workshopId: string;
	participantId: string;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
}

export interface PrivateNotesTable {
	id: string;
	workshopId: string;
	authorId: string;
	authorTeam: Team | null;
	columnId: string;
	text: string;
	createdAt: number;
}

export interface BallotsTable {
	voteId: string;
	voterId: string;
	team: Team | null;
	/** JSON: option id → dots. */
	allocation: string;
	castAt: number;
}

export interface RatingsTable {
	roundId: string;
	raterId: string;
	team: Team | null;
	/** JSON: claim id → criterion → 1–5. */
	scores: string;
	castAt: number;
}

export interface VersionsTable {
	id: string;
	workshopId: string;
	name: string;
	authorId: string;
	createdAt: number;
	hash: string;
	content: Uint8Array;
	control: Uint8Array;
}

/** A field log (issue 21): keyed by (workshop, id), the id made on the device; the log itself as JSON. */
export interface FieldLogsTable {
	workshopId: string;
	id: string;
	kind: 'conversation' | 'handoff';
	authorId: string;
	/** When it happened (the log's `at`): the order the view reads them in. */
	at: number;
	updatedAt: number;
	/** JSON: the ConversationLog or HandoffLog. */
	body: string;
}

/** One metric value per (workshop, metric, date): the last written wins. */
export interface MetricValuesTable {
	workshopId: string;
	metricId: string;
	date: string;
	value: number;
	source: 'entered' | 'csv';
	authorId: string;
	recordedAt: number;
}

export interface DocSnapshotsTable {
	doc: string;
	data: Uint8Array;
}

export interface DocUpdatesTable {
	seq: Generated<number>;
	doc: string;
	data: Uint8Array;
}

export interface Database {
	workshops: WorkshopsTable;
	participants: ParticipantsTable;
	sessions: SessionsTable;
	privateNotes: PrivateNotesTable;
	ballots: BallotsTable;
	ratings: RatingsTable;
	versions: VersionsTable;
	fieldLogs: FieldLogsTable;
	metricValues: MetricValuesTable;
	docSnapshots: DocSnapshotsTable;
	docUpdates: DocUpdatesTable;
}

export type WorkshopRow = Selectable<WorkshopsTable>;
export type PrivateNoteRow = Selectable<PrivateNotesTable>;
export type BallotRow = Selectable<BallotsTable>;
export type RatingRow = Selectable<RatingsTable>;
export type VersionRow = Selectable<VersionsTable>;
export type FieldLogRow = Selectable<FieldLogsTable>;
export type MetricValueRow = Selectable<MetricValuesTable>;
export type NewDocUpdate = Insertable<DocUpdatesTable>;

/** The stored documents of a workshop: deleted with it (documents are keyed by name, not by a foreign key). */
export function workshopDocs(workshopId: string): string[] {
	return DOC_KINDS.map((kind) => docName(workshopId, kind));
}
