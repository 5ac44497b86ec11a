import type { RequestHandler } from './$types';
import { limitedJoin, readJson, respond, setSessionCookie } from '$lib/server/http';

/** Join from a join link: { name, team }. */
export const POST: RequestHandler = async (event) => {
	const { request, locals, cookies, url, params } = event;
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await limitedJoin(event, () => locals.app.workshops.join(body, params.id));
	if (result instanceof Response) return result;
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
