import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** The caller's own ballot in a vote (to show their dots again); nobody can read anyone else's. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const ballot = await locals.app.storage.records.getBallot(params.voteId, auth.value.participant.id);
	return respond({ ok: true, value: { allocation: ballot?.allocation ?? null } });
};
