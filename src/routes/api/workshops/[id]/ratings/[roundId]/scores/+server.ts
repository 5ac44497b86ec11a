import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** The caller's own scores in a rating round; nobody can read anyone else's. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const rating = await locals.app.storage.records.getRating(params.roundId, auth.value.participant.id);
	return respond({ ok: true, value: { scores: rating?.scores ?? null } });
};
