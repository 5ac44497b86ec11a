/** Helpers that keep API routes thin: JSON in, JSON or a stable error out. */
import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { facilitatorPath, joinPath, sessionCookieName, type ApiErrorBody, type CreateWorkshopResponse, type JoinResponse } from '$lib/api';
import type { App as PlumblineApp } from '../../../server/app.js';
import type { Result } from '../../../server/result.js';
import type { Authenticated, CreatedWorkshop } from '../../../server/workshops.js';

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

/** The answer to creating a workshop (new, imported or next round): ids, code and both links. */
export function created(app: PlumblineApp, url: URL, result: Result<CreatedWorkshop>): Response {
	const origin = publicOrigin(app, url);
	return respond(result, 201, ({ workshop, facilitatorKey }): CreateWorkshopResponse => ({
		workshopId: workshop.id,
		joinCode: workshop.joinCode,
		joinUrl: origin + joinPath(workshop.id),
		facilitatorUrl: origin + facilitatorPath(workshop.id, facilitatorKey),
		facilitatorKey
	}));
}

/** Failures that count towards guessing: a wrong code, an unknown workshop, a wrong facilitator key. */
const GUESS_FAILURES = new Set(['unknown-code', 'invalid-code', 'unknown-workshop', 'wrong-key']);

/**
 * Run a join attempt under the per-address limit on failures: an address that
 * failed too often gets 429 with Retry-After; successful joins never count.
 */
export async function limitedJoin<T>(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, attempt: () => Promise<Result<T>>): Promise<Result<T> | Response> {
	const limiter = event.locals.app.joinFailures;
	const address = event.getClientAddress();
	const wait = limiter.retryAfter(address);
	if (wait > 0) {
		const response = apiError(429, 'too-many-attempts', `Too many wrong codes from this network. Try again in ${Math.ceil(wait / 1000)} seconds.`);
		response.headers.set('retry-after', String(Math.ceil(wait / 1000)));
		return response;
	}
	const result = await attempt();
	if (!result.ok && GUESS_FAILURES.has(result.error.code)) limiter.consume(address);
	return result;
}
