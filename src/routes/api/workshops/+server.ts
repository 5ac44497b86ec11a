import type { RequestHandler } from './$types';
import { facilitatorPath, joinPath, type CreateWorkshopResponse } from '$lib/api';
import { publicOrigin, readJson, respond } from '$lib/server/http';

export const POST: RequestHandler = async ({ request, locals, url }) => {
	const body = await readJson(request);
	if (body instanceof Response) return body;
	const origin = publicOrigin(locals.app, url);
	const result = await locals.app.workshops.create(body);
	return respond(result, 201, ({ workshop, facilitatorKey }): CreateWorkshopResponse => ({
		workshopId: workshop.id,
		joinCode: workshop.joinCode,
		joinUrl: origin + joinPath(workshop.id),
		facilitatorUrl: origin + facilitatorPath(workshop.id, facilitatorKey),
		facilitatorKey
	}));
};
