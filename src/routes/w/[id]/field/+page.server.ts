import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { joinPath } from '$lib/api';
import { meView, workshopView } from '$lib/server/views';

/** Everyone in the workshop, field members included; no invitation here (field members never pass the room's on). */
export const load: PageServerLoad = async ({ locals, params, url, request }) => {
	const auth = await locals.app.workshops.authenticate(params.id, url, { cookie: request.headers.get('cookie') ?? undefined });
	if (!auth.ok) {
		if (auth.error.status === 404) error(404, { message: auth.error.message, code: auth.error.code });
		redirect(303, joinPath(params.id));
	}
	return { workshop: workshopView(auth.value), me: meView(auth.value) };
};
