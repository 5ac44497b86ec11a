import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const workshop = await locals.app.workshops.get(params.id);
	if (!workshop) error(404, { message: 'This workshop does not exist. Check the link.', code: 'unknown-workshop' });
	const origin = locals.app.config.origin ?? url.origin;
	return { workshopId: workshop.id, title: workshop.title, joinCode: workshop.joinCode, joinUrl: `${origin}/w/${workshop.id}/join` };
};
