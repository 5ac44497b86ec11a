import type { RequestHandler } from './$types';
import type { FieldMember } from '$lib/api';
import { may } from '$lib/domain/permissions';
import { apiError, authenticate, respond } from '$lib/server/http';

/** Who joined with the field link, with their logs counted (facilitators only: names are not for the field). */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	if (!may(auth.value.participant.role, 'facilitate')) return apiError(403, 'forbidden', 'Only a facilitator can see who joined with the field link.');
	const members: FieldMember[] = await locals.app.storage.records.listFieldMembers(params.id);
	return new Response(JSON.stringify({ members }), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
};
