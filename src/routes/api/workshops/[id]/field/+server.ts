import type { RequestHandler } from './$types';
import { apiError, authenticate, publicOrigin, respond } from '$lib/server/http';

/**
 * The field view for everyone in the workshop. `?after=<revision>`: when nothing moved since,
 * the answer waits for the next log (or ~25 s, then 204), and is dropped when the client leaves.
 */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const raw = url.searchParams.get('after');
	const after = raw === null ? null : /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
	if (Number.isNaN(after)) return apiError(400, 'invalid-after', '"after" is the revision you have, a whole number.');
	const result = await locals.app.field.read(auth.value, after, request.signal, publicOrigin(locals.app, url));
	if (!result.ok) return respond(result);
	if (result.value === null) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
	return new Response(JSON.stringify(result.value), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
};
