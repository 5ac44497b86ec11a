import type { RequestHandler } from './$types';
import { readJson, respond, setSessionCookie } from '$lib/server/http';

/** Join by code: { code, name, team } where team is sales | marketing | leadership | other | observer. */
export const POST: RequestHandler = async ({ request, locals, cookies, url }) => {
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await locals.app.workshops.join(body);
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
