import type { App as PlumblineApp } from '../server/app.js';

declare global {
	namespace App {
		interface Locals {
			app: PlumblineApp;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
