import type { RequestHandler } from './$types';
import { respond } from '$lib/server/http';
import { meView, workshopView } from '$lib/server/views';

/** The workshop as the caller's session sees it. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await locals.app.workshops.authenticate(params.id, url, {
		authorization: request.headers.get('authorization') ?? undefined,
		cookie: request.headers.get('cookie') ?? undefined
	});
	return respond(auth, 200, (value) => ({ workshop: workshopView(value), me: meView(value) }));
};
