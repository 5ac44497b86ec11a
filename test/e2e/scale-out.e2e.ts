/**
 * Two instances on one PostgreSQL and one Redis, as people see them: the facilitator
 * and one participant on instance A, another participant on instance B, each in their
 * own browser. They co-edit, see each other's carets and presence, and a freeze on A
 * reaches the participant on B.
 */
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { startPostgres, startRedis, type Postgres, type RedisServer } from '../support/services.js';
import { Room, line } from './fixtures.js';

let postgres: Postgres;
let redis: RedisServer;
let a: RunningServer;
let b: RunningServer;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	const env = { DATABASE_URL: await postgres.createDatabase('browsers'), REDIS_URL: redis.url, PLUMBLINE_SECRET: 'two-instances-in-a-browser-'.repeat(2), PLUMBLINE_LOG_LEVEL: 'warn' };
	[a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
	for (const server of [a, b]) {
		await eventually(async () => expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready' }), 15_000, 100);
	}
});

test.afterAll(async () => {
	await Promise.allSettled([a?.stop(), b?.stop()]);
	await Promise.allSettled([redis?.stop(), postgres?.destroy()]);
});

test('people on two instances work as one room: text, carets, roster and freeze', async ({ browser }) => {
	const onA = new Room(browser, a);
	const onB = new Room(browser, b);
	try {
		const { person: carla, code } = await onA.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
		const anna = await onB.join(code, 'Anna Lindqvist', 'Sales');
		const elif = await onA.join(code, 'Elif Kaya', 'Marketing');

		// Everyone is on everyone's roster, online, whichever instance they reached.
		for (const { page, name } of [carla, anna, elif]) {
			if ((await page.getByRole('button', { name: /^People/ }).getAttribute('aria-expanded')) !== 'true') await page.getByRole('button', { name: /^People/ }).click();
			await expect(page.locator('[data-participant]', { hasText: 'online' }), name).toHaveCount(3);
		}

		await line(anna.page, 'headline').click();
		await anna.page.keyboard.type('Keep every truck on the road');
		await line(elif.page, 'oneLiner').click();
		await elif.page.keyboard.type('Fleetwise predicts breakdowns before they happen.');
		await expect(line(elif.page, 'headline')).toContainText('Keep every truck on the road');
		await expect(line(anna.page, 'oneLiner')).toContainText('Fleetwise predicts breakdowns before they happen.');
		await expect(line(carla.page, 'headline')).toContainText('Keep every truck on the road');
		await expect(anna.page.locator('[data-line="oneLiner"] .remote-caret-label', { hasText: 'Elif Kaya' })).toBeVisible();
		await expect(elif.page.locator('[data-line="headline"] .remote-caret-label', { hasText: 'Anna Lindqvist' })).toBeVisible();
		fs.mkdirSync('test/e2e/artifacts', { recursive: true });
		await anna.page.screenshot({ path: 'test/e2e/artifacts/scale-out-instance-b.png' });

		// The facilitator freezes on A; the participant on B is paused at once, and back after.
		const controls = carla.page.getByRole('region', { name: 'Facilitator controls' });
		await controls.getByRole('button', { name: 'Freeze' }).click();
		await expect(anna.page.getByText('The facilitator has paused editing')).toBeVisible();
		await expect(line(anna.page, 'headline')).toHaveAttribute('contenteditable', 'false');
		await controls.getByRole('button', { name: 'Unfreeze' }).click();
		await expect(line(anna.page, 'headline')).toHaveAttribute('contenteditable', 'true');
		await line(anna.page, 'headline').press('End');
		await anna.page.keyboard.type(', always');
		await expect(line(carla.page, 'headline')).toContainText('Keep every truck on the road, always');
	} finally {
		await onA.close();
		await onB.close();
	}
});
