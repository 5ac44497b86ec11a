import type { RequestHandler } from './$types';
import { readJson, respond, setSessionCookie } from '$lib/server/http';

/** Exchange the facilitator key for a facilitator session: { key, name?, team? }. Never rate-limited: the key has 256 bits. */
export const POST: RequestHandler = async (event) => {
	const { request, locals, cookies, url, params } = event;
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await locals.app.workshops.facilitate(params.id, body);
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
