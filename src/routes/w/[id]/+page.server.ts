import type { PageServerLoad } from './$types';
import { loadWorkshopPage } from '$lib/server/workshopPage';

export const load: PageServerLoad = (event) => loadWorkshopPage(event);
