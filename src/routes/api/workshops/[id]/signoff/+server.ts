import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** The signatures and whether the workshop changed since each signed version. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	return respond(await locals.app.versions.signoffStatus(auth.value.workshop));
};
