import type { RequestHandler } from './$types';
import { created, readJson } from '$lib/server/http';

export const POST: RequestHandler = async ({ request, locals, url, getClientAddress }) => {
	const body = await readJson(request);
	if (body instanceof Response) return body;
	return created(locals.app, url, await locals.app.workshops.create(body, getClientAddress()));
};
