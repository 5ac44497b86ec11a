import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await locals.app.workshops.get(params.id);
	if (!workshop) error(404, { message: 'This workshop does not exist. Check the link with your facilitator.', code: 'unknown-workshop' });
	return { workshopId: workshop.id, title: workshop.title };
};
