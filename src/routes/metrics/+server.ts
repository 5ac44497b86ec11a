import type { RequestHandler } from './$types';

/** Prometheus text format: rooms, connections, messages and bytes, flush and export latency, fan-out, rejections by reason, the process. */
export const GET: RequestHandler = async ({ locals }) => {
	const { fanout } = locals.app;
	const body = await locals.app.metrics.render({
		rooms: locals.app.rooms.size,
		connections: locals.app.sync.connectionCount,
		jobs: { running: locals.app.jobs.running, queued: locals.app.jobs.queued },
		fieldPolls: locals.app.field.waiting,
		fanout: fanout && { up: fanout.state === 'ok', published: fanout.published, received: fanout.received }
	});
	return new Response(body, { headers: { 'content-type': locals.app.metrics.contentType } });
};
