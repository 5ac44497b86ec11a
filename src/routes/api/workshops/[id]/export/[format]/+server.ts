import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** The workshop as a document: pdf, docx or md; `?version=<id>` for a saved version. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const file = await locals.app.exports.render(auth.value, params.format, url.searchParams.get('version'));
	if (!file.ok) return respond(file);
	return new Response(new Uint8Array(file.value.body), {
		headers: {
			'content-type': file.value.type,
			'content-disposition': file.value.disposition,
			'cache-control': 'no-store'
		}
	});
};
