import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** The caller's own notes of the running private round; nobody else's, ever. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const notes = await locals.app.storage.records.listPrivateNotes(params.id, auth.value.participant.id);
	return respond({ ok: true, value: { notes: notes.map(({ id, column, text, createdAt }) => ({ id, column, text, createdAt })) } });
};
