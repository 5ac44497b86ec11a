import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// No join code or invitation here: this page opens for anyone who knows the workshop id;
// they are shown once the facilitator key has been exchanged (on the workshop page).
export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await locals.app.workshops.get(params.id);
	if (!workshop) error(404, { message: 'This workshop does not exist. Check the link.', code: 'unknown-workshop' });
	return { workshopId: workshop.id, title: workshop.title };
};
