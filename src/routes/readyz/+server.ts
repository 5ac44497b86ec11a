import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Ready: storage answers (503 when not); the body says whether anything is degraded. */
export const GET: RequestHandler = async ({ locals }) => {
	const state = await locals.health();
	return json(state, { status: state.status === 'storage-unreachable' ? 503 : 200 });
};
