import type { RequestHandler } from './$types';
import { apiError, created, clientAddress } from '$lib/server/http';

/** Create a workshop from a JSON archive (see server/archive.ts). */
export const POST: RequestHandler = async (event) => {
	const { request, locals, url } = event;
	const text = await request.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return apiError(400, 'invalid-json', 'The archive must be JSON.');
	}
	return created(locals.app, url, await locals.app.workshops.importArchive(body, Buffer.byteLength(text), clientAddress(event)));
};
