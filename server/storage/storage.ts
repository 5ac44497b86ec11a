/**
 * What the server keeps, behind one small interface: SQLite (embedded default)
 * implements it today; PostgreSQL will be one more file beside it.
 * Every method is async so that a networked implementation fits the same shape.
 */
import type { Role, Team } from '../../src/lib/domain/teams.js';

export interface WorkshopRecord {
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

export interface ParticipantRecord {
	id: string;
	workshopId: string;
	name: string;
	team: Team | null;
	role: Role;
	createdAt: number;
}

export interface SessionRecord {
	id: string;
	workshopId: string;
	participantId: string;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
}

/** A document as stored: the last compacted snapshot plus the updates appended since. */
export interface StoredDoc {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
}

export interface Storage {
	/** 'code-taken' when the join code already belongs to another workshop. */
	insertWorkshop(workshop: WorkshopRecord): Promise<'ok' | 'code-taken'>;
	getWorkshop(id: string): Promise<WorkshopRecord | null>;
	getWorkshopByCode(joinCode: string): Promise<WorkshopRecord | null>;

	insertParticipant(participant: ParticipantRecord): Promise<void>;
	getParticipant(id: string): Promise<ParticipantRecord | null>;

	insertSession(session: SessionRecord): Promise<void>;
	getSession(id: string): Promise<SessionRecord | null>;

	loadDoc(name: string): Promise<StoredDoc>;
	/** Appends in one atomic write; resolves once durable. */
	appendUpdates(name: string, updates: Uint8Array[]): Promise<void>;
	/** Replaces the document's snapshot and whole log with `snapshot`, atomically. */
	compactDoc(name: string, snapshot: Uint8Array): Promise<void>;

	close(): Promise<void>;
}
