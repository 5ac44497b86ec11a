import type { RequestHandler } from './$types';
import { authenticateMember, respond } from '$lib/server/http';

/** A saved version's content (as the export model), for comparing; under the export policy, like every export. */
export const GET: RequestHandler = async ({ locals, url, params, request }) => {
	const auth = await authenticateMember({ locals, url, request }, params.id);
	if (!auth.ok) return respond(auth);
	const allowed = await locals.app.exports.authorise(auth.value);
	if (!allowed.ok) return respond(allowed);
	const version = await locals.app.versions.view(auth.value.workshop, params.versionId);
	if (!version.ok) return respond(version);
	if (!version.value) return respond({ ok: false, error: { status: 404, code: 'unknown-version', message: 'That version does not exist.' } });
	return respond({ ok: true, value: version.value });
};
