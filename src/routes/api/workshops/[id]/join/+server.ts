import type { RequestHandler } from './$types';
import { askerOf, readJson, respond, setSessionCookie } from '$lib/server/http';

/**
 * Join from an invitation link: { invite, name, team }; or from the field link:
 * { field, name, team } (role `field`, once the field phase is open). Never rate-limited: the invitation
 * secret has 128 bits, so a room behind one address is never locked out by someone's typos.
 */
export const POST: RequestHandler = async (event) => {
	const { request, locals, cookies, url, params } = event;
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await locals.app.workshops.join(body, params.id, askerOf(event));
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
