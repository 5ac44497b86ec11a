import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, request }) => {
	const workshop = await locals.app.workshops.get(params.id);
	if (!workshop) error(404, { message: 'This workshop does not exist. Check the link with your facilitator.', code: 'unknown-workshop' });
	// Already joined from this browser: go straight in. Removed from it: say so, offer no form.
	const auth = await locals.app.workshops.authenticate(params.id, url, { cookie: request.headers.get('cookie') ?? undefined });
	if (auth.ok) redirect(303, `/w/${params.id}`);
	return { workshopId: workshop.id, title: workshop.title, removed: auth.error.code === 'removed' };
};
