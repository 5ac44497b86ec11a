/** Server records → what pages and the API show (never the facilitator key hash). */
import type { Me, WorkshopView } from '$lib/api';
import type { Authenticated } from '$server/workshops.js';

export function workshopView({ workshop }: Pick<Authenticated, 'workshop'>): WorkshopView {
	return {
		id: workshop.id,
		title: workshop.title,
		product: workshop.product,
		customer: workshop.customer,
		launchDate: workshop.launchDate,
		joinCode: workshop.joinCode
	};
}

export function meView({ participant }: Pick<Authenticated, 'participant'>): Me {
	return { id: participant.id, name: participant.name, team: participant.team, role: participant.role };
}
