import type { RequestHandler } from './$types';
import { authenticate, readJson, respond } from '$lib/server/http';

/** Facilitator actions on the `control` document: { type, ...payload }. */
export const POST: RequestHandler = async ({ request, locals, url, params }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const body = await readJson(request);
	if (body instanceof Response) return body;
	return respond(await locals.app.intents.apply(auth.value, body));
};
