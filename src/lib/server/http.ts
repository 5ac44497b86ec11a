/** Helpers that keep API routes thin: JSON in, JSON or a stable error out. */
import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { facilitatorPath, joinPath, type ApiErrorBody, type CreateWorkshopResponse, type JoinResponse } from '$lib/api';
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
	cookies.set(`plumbline_${join.workshopId}`, join.token, {
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
