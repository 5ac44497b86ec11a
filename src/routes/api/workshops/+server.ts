import type { RequestHandler } from './$types';
import { created, readJson, clientAddress } from '$lib/server/http';

export const POST: RequestHandler = async (event) => {
	const { request, locals, url } = event;
	const body = await readJson(request);
	if (body instanceof Response) return body;
	return created(locals.app, url, await locals.app.workshops.create(body, clientAddress(event)));
};
