/** Helpers that keep API routes thin: JSON in, JSON or a stable error out. */
import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { facilitatorPath, invitePath, sessionCookieName, type ApiErrorBody, type CreateWorkshopResponse, type JoinResponse } from '$lib/api';
import type { App as PlumblineApp } from '$server/app.js';
import { asObject, type Result } from '$server/result.js';
import { fieldOnly, type Asker, type Authenticated, type CreatedWorkshop } from '$server/workshops.js';
import { may } from '$lib/domain/permissions';
import { normalizeJoinCode } from '$lib/domain/joinCode';

export function apiError(status: number, code: string, message: string): Response {
	return json({ error: { code, message } } satisfies ApiErrorBody, { status });
}

/** The request body as JSON; a Response to return when it is not. */
export async function readJson(request: Request): Promise<unknown | Response> {
	try {
		return await request.json();
	} catch {
		return apiError(400, 'invalid-json', 'The request body must be JSON.');
	}
}

export function respond<T>(result: Result<T>, status = 200, shape: (value: T) => unknown = (v) => v): Response {
	return result.ok ? json(shape(result.value), { status }) : apiError(result.error.status, result.error.code, result.error.message);
}

export function setSessionCookie(cookies: Cookies, url: URL, join: JoinResponse): void {
	cookies.set(sessionCookieName(join.workshopId), join.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(join.expiresAt)
	});
}

/** Base for links we hand out: ORIGIN when configured, else the request's own origin. */
export function publicOrigin(app: PlumblineApp, url: URL): string {
	return app.config.origin ?? url.origin;
}

/** Who is asking, for a route under /w/<id> or /api/workshops/<id>: token, Bearer header or cookie. */
export function authenticate(event: Pick<RequestEvent, 'locals' | 'url' | 'request'>, workshopId: string): Promise<Result<Authenticated>> {
	return event.locals.app.workshops.authenticate(workshopId, event.url, {
		authorization: event.request.headers.get('authorization') ?? undefined,
		cookie: event.request.headers.get('cookie') ?? undefined
	});
}

/**
 * Who is asking, for what only the people of the room may read or do (ballots, scores, private
 * notes, versions, exports, the next round): field members are refused with 403 `field-only`.
 */
export async function authenticateMember(event: Pick<RequestEvent, 'locals' | 'url' | 'request'>, workshopId: string): Promise<Result<Authenticated>> {
	const auth = await authenticate(event, workshopId);
	return auth.ok && !may(auth.value.participant.role, 'openDocuments') ? fieldOnly() : auth;
}

/** The answer to creating a workshop (new, imported or next round): ids, code and both links. */
export function created(app: PlumblineApp, url: URL, result: Result<CreatedWorkshop>): Response {
	const origin = publicOrigin(app, url);
	return respond(result, 201, ({ workshop, facilitatorKey }): CreateWorkshopResponse => ({
		workshopId: workshop.id,
		joinCode: workshop.joinCode,
		joinUrl: origin + invitePath(workshop.id, app.workshops.invitation(workshop.id)),
		facilitatorUrl: origin + facilitatorPath(workshop.id, facilitatorKey),
		facilitatorKey
	}));
}

/** The request's credentials, so that joining can recognise a browser removed from the workshop. */
export function askerOf(event: Pick<RequestEvent, 'url' | 'request'>): Asker {
	return {
		url: event.url,
		headers: { authorization: event.request.headers.get('authorization') ?? undefined, cookie: event.request.headers.get('cookie') ?? undefined }
	};
}

/**
 * The client's address for per-address limits. adapter-node throws when ADDRESS_HEADER is
 * set but the request lacks it (a proxy misconfigured, or a request past the proxy): such
 * requests share one budget rather than fail.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/**
 * Join by a typed code under the per-network budget of wrong codes (server/limits.ts).
 * Over budget, every code is refused, the right one too: otherwise the answer would tell a
 * guesser which code is right. Invitation and facilitator links never come here.
 */
export async function limitedCodeJoin<T>(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, body: unknown, attempt: () => Promise<Result<T>>): Promise<Result<T> | Response> {
	const guard = event.locals.app.joinGuard;
	const address = clientAddress(event);
	const wait = await guard.retryAfter(address);
	if (wait > 0) {
		event.locals.app.metrics.reject('too-many-attempts');
		const seconds = Math.ceil(wait / 1000);
		const later = seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
		const response = apiError(429, 'too-many-attempts', `Too many wrong codes from this network. Use the invitation link, or try again in ${later}.`);
		response.headers.set('retry-after', String(seconds));
		return response;
	}
	const result = await attempt();
	const typed = asObject(body).code;
	const code = typeof typed === 'string' ? normalizeJoinCode(typed) : null;
	if (!result.ok && result.error.code === 'unknown-code' && code) await guard.wrongCode(address, code);
	return result;
}
