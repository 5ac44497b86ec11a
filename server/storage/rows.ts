/**
 * Rows as both databases return them (the same tables and column names in SQLite and
 * PostgreSQL), and their records. Timestamps arrive as numbers from both; blobs as Buffers.
 */
import type {
	BallotRecord,
	ParticipantRecord,
	PrivateNoteRecord,
	RatingRecord,
	SessionRecord,
	VersionRecord,
	WorkshopRecord
} from './storage.js';

export interface WorkshopRow {
	id: string;
	join_code: string;
	title: string;
	product: string;
	customer: string;
	launch_date: string;
	facilitator_key_hash: string;
	created_at: number;
}

export interface ParticipantRow {
	id: string;
	workshop_id: string;
	name: string;
	team: string | null;
	role: string;
	created_at: number;
}

export interface SessionRow {
	id: string;
	workshop_id: string;
	participant_id: string;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
}

export interface PrivateNoteRow {
	id: string;
	workshop_id: string;
	author_id: string;
	author_team: string | null;
	column_id: string;
	text: string;
	created_at: number;
}

export interface BallotRow {
	vote_id: string;
	voter_id: string;
	team: string | null;
	allocation: string;
	cast_at: number;
}

export interface RatingRow {
	round_id: string;
	rater_id: string;
	team: string | null;
	scores: string;
	cast_at: number;
}

export interface VersionRow {
	id: string;
	workshop_id: string;
	name: string;
	author_id: string;
	created_at: number;
	hash: string;
	content: Buffer;
	control: Buffer;
}

export function toWorkshop(row: WorkshopRow | undefined): WorkshopRecord | null {
	if (!row) return null;
	return {
		id: row.id,
		joinCode: row.join_code,
		title: row.title,
		product: row.product,
		customer: row.customer,
		launchDate: row.launch_date,
		facilitatorKeyHash: row.facilitator_key_hash,
		createdAt: row.created_at
	};
}

export function toParticipant(row: ParticipantRow | undefined): ParticipantRecord | null {
	if (!row) return null;
	return {
		id: row.id,
		workshopId: row.workshop_id,
		name: row.name,
		team: row.team as ParticipantRecord['team'],
		role: row.role as ParticipantRecord['role'],
		createdAt: row.created_at
	};
}

export function toSession(row: SessionRow | undefined): SessionRecord | null {
	if (!row) return null;
	return {
		id: row.id,
		workshopId: row.workshop_id,
		participantId: row.participant_id,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		revokedAt: row.revoked_at
	};
}

export function toPrivateNote(row: PrivateNoteRow): PrivateNoteRecord {
	return {
		id: row.id,
		workshopId: row.workshop_id,
		authorId: row.author_id,
		authorTeam: row.author_team as PrivateNoteRecord['authorTeam'],
		column: row.column_id,
		text: row.text,
		createdAt: row.created_at
	};
}

export function toBallot(row: BallotRow): BallotRecord {
	return {
		voteId: row.vote_id,
		voterId: row.voter_id,
		team: row.team as BallotRecord['team'],
		allocation: JSON.parse(row.allocation) as BallotRecord['allocation'],
		castAt: row.cast_at
	};
}

export function toRating(row: RatingRow): RatingRecord {
	return {
		roundId: row.round_id,
		raterId: row.rater_id,
		team: row.team as RatingRecord['team'],
		scores: JSON.parse(row.scores) as RatingRecord['scores'],
		castAt: row.cast_at
	};
}

export function toVersion(row: VersionRow | undefined): VersionRecord | null {
	if (!row) return null;
	return {
		id: row.id,
		workshopId: row.workshop_id,
		name: row.name,
		authorId: row.author_id,
		createdAt: row.created_at,
		hash: row.hash,
		content: new Uint8Array(row.content),
		control: new Uint8Array(row.control)
	};
}
