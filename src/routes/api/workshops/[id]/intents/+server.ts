import type { RequestHandler } from './$types';
import { readJson, respond } from '$lib/server/http';

/** Facilitator actions on the `control` document: { type, ...payload }. */
export const POST: RequestHandler = async ({ request, locals, url, params }) => {
	const auth = await locals.app.workshops.authenticate(params.id, url, {
		authorization: request.headers.get('authorization') ?? undefined,
		cookie: request.headers.get('cookie') ?? undefined
	});
	if (!auth.ok) return respond(auth);
	const body = await readJson(request);
	if (body instanceof Response) return body;
	return respond(await locals.app.intents.apply(auth.value, body));
};
