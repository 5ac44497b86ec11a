import type { RequestHandler } from './$types';

/** Prometheus text format: rooms, connections, messages and bytes, flush latency, fan-out, rejections by reason. */
export const GET: RequestHandler = ({ locals }) => {
	const { fanout } = locals.app;
	const body = locals.app.metrics.render({
		rooms: locals.app.rooms.size,
		connections: locals.app.sync.connectionCount,
		jobs: { running: locals.app.jobs.running, queued: locals.app.jobs.queued },
		fanout: fanout && { up: fanout.state === 'ok', published: fanout.published, received: fanout.received }
	});
	return new Response(body, { headers: { 'content-type': 'text/plain; version=0.0.4' } });
};
