import type { RequestHandler } from './$types';
import { respond } from '$lib/server/http';

/** The caller's own notes of the running private round; nobody else's, ever. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await locals.app.workshops.authenticate(params.id, url, {
		authorization: request.headers.get('authorization') ?? undefined,
		cookie: request.headers.get('cookie') ?? undefined
	});
	if (!auth.ok) return respond(auth);
	const notes = await locals.app.storage.listPrivateNotes(params.id, auth.value.participant.id);
	return respond({ ok: true, value: { notes: notes.map(({ id, column, text, createdAt }) => ({ id, column, text, createdAt })) } });
};
