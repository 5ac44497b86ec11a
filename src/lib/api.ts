/**
 * Shapes of the JSON API shared by routes, the UI and scripts.
 * Every error is `{ error: { code, message } }` with a stable code.
 */
import type { Role, Team } from './domain/teams.js';
import type { FieldCounts, FieldPhase } from './doc/control.js';
import type { ConversationLog, HandoffLog } from './domain/fieldLogs.js';
import type { FieldView } from './domain/fieldView.js';
import type { LeadQuality } from './domain/leadQuality.js';
import type { MetricSeries } from './domain/metricSeries.js';

export interface ApiErrorBody {
	error: { code: string; message: string };
}

export interface CreateWorkshopResponse {
	workshopId: string;
	joinCode: string;
	joinUrl: string;
	facilitatorUrl: string;
	facilitatorKey: string;
}

export interface JoinResponse {
	workshopId: string;
	participantId: string;
	name: string;
	team: Team | null;
	role: Role;
	token: string;
	expiresAt: number;
}

/** Cookie name per workshop, so one browser can be in several workshops at once. */
export function sessionCookieName(workshopId: string): string {
	return `plumbline_${workshopId}`;
}

export function joinPath(workshopId: string): string {
	return `/w/${workshopId}/join`;
}

/**
 * An invitation link: the join page plus the workshop's invitation secret. Like the
 * facilitator key, the secret sits in the fragment, away from logs and Referer headers.
 */
export function invitePath(workshopId: string, invite: string): string {
	return `${joinPath(workshopId)}#invite=${invite}`;
}

/** The key sits in the fragment so it never reaches server logs or Referer headers. */
export function facilitatorPath(workshopId: string, key: string): string {
	return `/w/${workshopId}/facilitate#key=${key}`;
}

export function isApiError(body: unknown): body is ApiErrorBody {
	return typeof body === 'object' && body !== null && 'error' in body;
}

/** What a participant's page knows about the workshop. */
export interface WorkshopView {
	id: string;
	title: string;
	product: string;
	customer: string;
	launchDate: string;
	joinCode: string;
}

export interface Me {
	id: string;
	name: string;
	team: Team | null;
	role: Role;
}

/** The field link: salespeople who were not in the room join with role `field` (secret in the fragment, like the invitation). */
export function fieldInvitePath(workshopId: string, secret: string): string {
	return `${joinPath(workshopId)}#field=${secret}`;
}

/** The field page: logging on a phone and the field view. */
export function fieldPath(workshopId: string): string {
	return `/w/${workshopId}/field`;
}

/** A log of one's own, with whether its author may still change it (24 h). */
export type OwnLog<L> = L & { editable: boolean };

/**
 * GET /api/workshops/:id/field[?after=<revision>]: the field view for everyone in the workshop
 * (field members included). With `after` equal to the current revision the server holds the
 * request until something is logged (or ~25 s pass), so the view is live without a document.
 * 409 `field-not-open` before the facilitator opened the field phase.
 */
export interface FieldResponse {
	revision: number;
	phase: FieldPhase;
	counts: FieldCounts;
	view: FieldView;
	leads: LeadQuality;
	metrics: MetricSeries[];
	/** The asker's own logs, newest first (at most 200). */
	mine: { conversations: OwnLog<ConversationLog>[]; handoffs: OwnLog<HandoffLog>[] };
	/** What the asker may do here (the server enforces the same rules). */
	may: { log: boolean; enterMetrics: boolean; facilitate: boolean; downloadDigest: boolean };
	/** The field link, for facilitators only. */
	fieldUrl: string | null;
}

/**
 * GET /api/workshops/:id/field/members (facilitators; 403 otherwise): who joined with the
 * field link, oldest first, with how many logs each wrote; `removed` after `field.removeMember`.
 */
export interface FieldMember {
	id: string;
	name: string;
	team: Team | null;
	joinedAt: number;
	conversations: number;
	handoffs: number;
	removed: boolean;
}
