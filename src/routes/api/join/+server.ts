import type { RequestHandler } from './$types';
import { askerOf, limitedCodeJoin, readJson, respond, setSessionCookie } from '$lib/server/http';

/** Join by code: { code, name, team } where team is sales | marketing | leadership | other | observer. */
export const POST: RequestHandler = async (event) => {
	const { request, locals, cookies, url } = event;
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const result = await limitedCodeJoin(event, body, () => locals.app.workshops.join(body, undefined, askerOf(event)));
	if (result instanceof Response) return result;
	if (result.ok) setSessionCookie(cookies, url, result.value);
	return respond(result);
};
