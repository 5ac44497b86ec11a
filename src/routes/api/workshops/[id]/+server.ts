import type { RequestHandler } from './$types';
import { authenticate, respond } from '$lib/server/http';
import { meView, workshopView } from '$lib/server/views';

/** The workshop as the caller's session sees it. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	return respond(auth, 200, (value) => ({ workshop: workshopView(value), me: meView(value) }));
};
