/** The load shared by the workshop page and its projector view: a session for this workshop, or the join page. */
import { error, redirect, type ServerLoadEvent } from '@sveltejs/kit';
import { fieldPath, joinPath } from '$lib/api';
import { may } from '$lib/domain/permissions';
import { meView, workshopView } from './views';

export async function loadWorkshopPage({ locals, params, url, request }: ServerLoadEvent<{ id: string }>) {
	const auth = await locals.app.workshops.authenticate(params.id, url, { cookie: request.headers.get('cookie') ?? undefined });
	if (!auth.ok) {
		if (auth.error.status === 404) error(404, { message: auth.error.message, code: auth.error.code });
		redirect(303, joinPath(params.id));
	}
	// Field members never open the workshop's documents: their page is the field's.
	if (!may(auth.value.participant.role, 'openDocuments')) redirect(303, fieldPath(params.id));
	return {
		workshop: workshopView(auth.value),
		me: meView(auth.value),
		origin: locals.app.config.origin ?? url.origin,
		// Everyone in the room may pass the invitation on; a removed person's browser is refused anyway.
		invite: locals.app.workshops.invitation(params.id)
	};
}
