import type { App as PlumblineApp } from '$server/app.js';
import type { Health } from '$server/health.js';

declare global {
	namespace App {
		interface Locals {
			app: PlumblineApp;
			/** Readiness as GET /readyz reports it. */
			health(): Promise<Health>;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
