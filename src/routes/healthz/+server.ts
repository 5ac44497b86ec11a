import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Alive: the process answers. */
export const GET: RequestHandler = () => json({ status: 'alive' });
