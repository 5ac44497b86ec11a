import type { RequestHandler } from './$types';
import { readJson, respond, setSessionCookie } from '$lib/server/http';

/** Join from a join link: { name, team }. */
export const POST: RequestHandler = async ({ request, locals, cookies, url, params }) => {
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await locals.app.workshops.join(body, params.id);
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
