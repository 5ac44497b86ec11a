import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { joinPath } from '$lib/api';
import { meView, workshopView } from '$lib/server/views';

export const load: PageServerLoad = async ({ locals, params, url, request }) => {
	const auth = await locals.app.workshops.authenticate(params.id, url, {
		authorization: undefined,
		cookie: request.headers.get('cookie') ?? undefined
	});
	if (!auth.ok) {
		if (auth.error.status === 404) error(404, { message: auth.error.message, code: auth.error.code });
		redirect(303, joinPath(params.id));
	}
	return { workshop: workshopView(auth.value), me: meView(auth.value), origin: locals.app.config.origin ?? url.origin };
};
