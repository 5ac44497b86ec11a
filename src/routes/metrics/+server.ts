import type { RequestHandler } from './$types';

/** Prometheus text format: rooms, connections, messages and bytes, flush latency, rejections by reason. */
export const GET: RequestHandler = ({ locals }) =>
	new Response(locals.app.metrics.render({ rooms: locals.app.rooms.size, connections: locals.app.sync.connectionCount }), {
		headers: { 'content-type': 'text/plain; version=0.0.4' }
	});
