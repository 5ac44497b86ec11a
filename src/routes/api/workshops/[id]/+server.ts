import type { RequestHandler } from './$types';
import { authenticate, respond } from '$lib/server/http';
import { may } from '$lib/domain/permissions';
import { meView, workshopView } from '$lib/server/views';

/** The workshop as the caller's session sees it. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	return respond(auth, 200, (value) => ({ workshop: workshopView(value), me: meView(value) }));
};

/** Delete the workshop and all its data, ballots included (facilitators only). */
export const DELETE: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	if (!may(auth.value.participant.role, 'facilitate')) {
		return respond({ ok: false, error: { status: 403, code: 'forbidden', message: 'Only a facilitator can delete the workshop.' } });
	}
	await locals.app.retention.deleteWorkshop(params.id);
	return new Response(null, { status: 204 });
};
