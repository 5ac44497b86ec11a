import type { Handle } from '@sveltejs/kit';
import type { App as PlumblineApp } from '../server/app.js';

// Installed by server/index.ts (production) or server/dev.ts (npm run dev) before any request.
const APP_KEY = Symbol.for('plumbline.app');

export const handle: Handle = async ({ event, resolve }) => {
	const app = (globalThis as Record<symbol, unknown>)[APP_KEY] as PlumblineApp | undefined;
	if (!app) throw new Error('The Plumbline server is not running: start it with `npm start` or `npm run dev`.');
	event.locals.app = app;
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};
