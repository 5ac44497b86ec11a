import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	json({ status: 'ok', openDocuments: locals.app.rooms.size, connections: locals.app.sync.connectionCount });
