import { json, type Handle } from '@sveltejs/kit';
import type { App as PlumblineApp } from '$server/app.js';
import { health } from '$server/health.js';
import { hostAllowed } from '$server/hosts.js';

// Installed by server/index.ts (production) or server/dev.ts (npm run dev) before any request.
const APP_KEY = Symbol.for('plumbline.app');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const handle: Handle = async ({ event, resolve }) => {
	const app = (globalThis as Record<symbol, unknown>)[APP_KEY] as PlumblineApp | undefined;
	if (!app) throw new Error('The Plumbline server is not running: start it with `npm start` or `npm run dev`.');
	event.locals.app = app;
	event.locals.health = () => health(app);

	// DNS rebinding: without ORIGIN, serve only names an attacker's page cannot rebind (server/hosts.ts).
	if (app.config.origin === null && !hostAllowed(event.url.host, app.config.allowedHosts)) {
		app.metrics.reject('forbidden-host');
		return withSecurityHeaders(
			json({ error: { code: 'forbidden-host', message: 'This server does not answer to that host name. Its operator can add it to PLUMBLINE_HOSTS.' } }, { status: 403 })
		);
	}

	// Every state-changing request from a browser must come from this origin. Browsers always
	// send Origin on such requests; scripts without one authenticate with a token instead.
	const origin = event.request.headers.get('origin');
	if (!SAFE_METHODS.has(event.request.method) && origin !== null && origin !== (app.config.origin ?? event.url.origin)) {
		return json({ error: { code: 'forbidden-origin', message: 'Cross-site requests are not allowed.' } }, { status: 403 });
	}

	return withSecurityHeaders(await resolve(event));
};

function withSecurityHeaders(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
}
