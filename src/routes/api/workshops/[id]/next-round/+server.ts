import type { RequestHandler } from './$types';
import { authenticateMember, created, readJson, respond, clientAddress } from '$lib/server/http';

/** Start the next round from a saved version: { versionId }. */
export const POST: RequestHandler = async (event) => {
	const { request, locals, url, params } = event;
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const body = await readJson(request);
	if (body instanceof Response) return body;
	return created(locals.app, url, await locals.app.workshops.nextRound(auth.value, body, clientAddress(event)));
};
