/** Shared browser-test fixtures: the real built server (one per worker) and "a facilitator and participants". */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.js';

export interface Person {
	context: BrowserContext;
	page: Page;
	name: string;
}

export const test = base.extend<{ room: Room }, { server: RunningServer }>({
	server: [
		// Playwright reads a fixture's dependencies from its first parameter, which must be a pattern.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = await startServer();
			await use(server);
			await server.stop();
		},
		{ scope: 'worker' }
	],
	room: async ({ browser, server }, use) => {
		const room = new Room(browser, server);
		await use(room);
		await room.close();
		// The strict policy must never block the app itself.
		expect(room.cspViolations).toEqual([]);
	}
});

export { expect };

export class Room {
	private readonly contexts: BrowserContext[] = [];
	/** Messages the browser logged about the Content-Security-Policy blocking something. */
	readonly cspViolations: string[] = [];
	constructor(
		private readonly browser: Browser,
		readonly server: RunningServer
	) {}

	async person(name: string): Promise<Person> {
		const context = await this.browser.newContext({ baseURL: this.server.url });
		this.contexts.push(context);
		const page = await context.newPage();
		page.on('console', (message) => {
			if (message.text().includes('Content Security Policy')) this.cspViolations.push(message.text());
		});
		return { context, page, name };
	}

	/** Create a workshop through the landing page and open it as its facilitator; returns the join code. */
	async facilitate(title: string, name = 'Carla Mendes'): Promise<{ person: Person; code: string }> {
		const person = await this.person(name);
		const { page } = person;
		await page.goto('/');
		await page.getByLabel('Workshop title').fill(title);
		await page.getByRole('button', { name: 'Create workshop' }).click();
		await expect(page.getByText('You are the facilitator')).toBeVisible();
		await page.getByLabel('Your name').fill(name);
		await page.getByRole('radio', { name: 'Sales' }).check();
		await page.getByRole('button', { name: 'Open the workshop' }).click();
		const code = (await page.getByTestId('join-code').textContent())!.trim();
		await openStage(page, 'Draft');
		return { person, code };
	}

	/** Join by code from the landing page, as a participant of `team`. */
	async join(code: string, name: string, team: 'Sales' | 'Marketing' | 'Leadership' | 'Other' | 'Observer'): Promise<Person> {
		const person = await this.person(name);
		const { page } = person;
		await page.goto('/');
		await page.getByLabel('Join code').fill(code);
		await page.getByLabel('Your name').fill(name);
		await page.getByRole('radio', { name: team }).check();
		await page.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(page.locator('[data-status="online"]')).toBeVisible();
		await openStage(page, 'Draft');
		return person;
	}

	async close(): Promise<void> {
		for (const context of this.contexts) await context.close();
	}
}

/** Look at one stage of the agenda. */
export async function openStage(page: Page, title: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Agenda' }).getByRole('button', { name: title }).click();
	await expect(page.getByRole('navigation', { name: 'Agenda' }).locator('[aria-current="page"]')).toContainText(title);
}

/** The editable area of one proposition line. */
export function line(page: Page, lineId: string) {
	return page.locator(`[data-line="${lineId}"] .ProseMirror`);
}
