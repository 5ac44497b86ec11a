import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Ready: storage answers too. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		await locals.app.storage.ping();
		return json({ status: 'ready' });
	} catch {
		return json({ status: 'storage-unreachable' }, { status: 503 });
	}
};
