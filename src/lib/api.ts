/**
 * Shapes of the JSON API shared by routes, the UI and scripts.
 * Every error is `{ error: { code, message } }` with a stable code.
 */
import type { Role, Team } from './domain/teams.js';

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
