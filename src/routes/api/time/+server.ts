import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The server's clock, for clients to measure their offset (timers show the same time everywhere). */
export const GET: RequestHandler = () => json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
