import type { RequestHandler } from './$types';
import { authenticate, publicOrigin, respond } from '$lib/server/http';

/** The field's weekly digest: md, pdf, or ics (its weekly slot in the calendar). */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticate({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const file = await locals.app.digests.render(auth.value, params.format, publicOrigin(locals.app, url));
	if (!file.ok) return respond(file);
	return new Response(new Uint8Array(file.value.body), {
		headers: { 'content-type': file.value.type, 'content-disposition': file.value.disposition, 'cache-control': 'no-store' }
	});
};
