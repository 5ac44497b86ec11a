import type { RequestHandler } from './$types';
import { authenticateMember, created, readJson, respond, clientAddress } from '$lib/server/http';
import { may } from '$lib/domain/permissions';

/**
 * Start the next round from a saved version: { versionId }; with `fromField: true` its Draft board
 * receives the field's failing claims and top objections as insight notes.
 */
export const POST: RequestHandler = async (event) => {
	const { request, locals, url, params } = event;
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const body = await readJson(request);
	if (body instanceof Response) return body;
	let notes;
	if (typeof body === 'object' && body !== null && (body as { fromField?: unknown }).fromField === true && may(auth.value.participant.role, 'facilitate')) {
		const seeds = await locals.app.field.seeds(auth.value.workshop.id);
		if (!seeds.ok) return respond(seeds);
		notes = seeds.value;
	}
	return created(locals.app, url, await locals.app.workshops.nextRound(auth.value, body, clientAddress(event), notes));
};
