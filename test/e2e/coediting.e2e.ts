import fs from 'node:fs';
import { test, expect, line, openStage } from './fixtures.js';

test('a facilitator and two participants co-edit live, offline edits merge, and a reload keeps the text', async ({ room }) => {
	const { person: facilitator, code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const elif = await room.join(code, 'Elif Kaya', 'Marketing');

	// Everyone is on the roster, online, and on the Draft stage.
	for (const { page } of [facilitator, anna, elif]) {
		if ((await page.getByRole('button', { name: /^People/ }).getAttribute('aria-expanded')) !== 'true') {
			await page.getByRole('button', { name: /^People/ }).click();
		}
		await expect(page.locator('[data-participant]')).toHaveCount(3);
		await expect(page.locator('[data-participant]', { hasText: 'online' })).toHaveCount(3);
		await expect(page.locator('[data-participant]', { hasText: 'on Draft' })).toHaveCount(3);
	}

	// Each types; each sees the other's text and caret.
	await line(anna.page, 'headline').click();
	await anna.page.keyboard.type('Keep every truck on the road');
	await line(elif.page, 'oneLiner').click();
	await elif.page.keyboard.type('Fleetwise predicts breakdowns before they happen.');

	await expect(line(elif.page, 'headline')).toContainText('Keep every truck on the road');
	await expect(line(anna.page, 'oneLiner')).toContainText('Fleetwise predicts breakdowns before they happen.');
	await expect(anna.page.locator('[data-line="oneLiner"] .remote-caret-label', { hasText: 'Elif Kaya' })).toBeVisible();
	await expect(elif.page.locator('[data-line="headline"] .remote-caret-label', { hasText: 'Anna Lindqvist' })).toBeVisible();
	// A caret shows only in the field its person is in.
	await expect(anna.page.locator('.remote-caret-label', { hasText: 'Elif Kaya' })).toHaveCount(1);
	await expect(elif.page.locator('.remote-caret-label', { hasText: 'Anna Lindqvist' })).toHaveCount(1);
	await expect(facilitator.page.locator('[data-line="headline"]')).toContainText('Keep every truck on the road');
	fs.mkdirSync('test/e2e/artifacts', { recursive: true });
	await anna.page.screenshot({ path: 'test/e2e/artifacts/workshop.png' });

	// Elif loses the network and keeps typing; Anna edits meanwhile.
	await elif.context.setOffline(true);
	await expect(elif.page.locator('[data-status="offline"]')).toBeVisible();
	await line(elif.page, 'benefit').click();
	await elif.page.keyboard.type('Warns days before a breakdown');
	await line(anna.page, 'need').click();
	await anna.page.keyboard.type('They lose revenue every time a truck is off the road');
	await expect(line(anna.page, 'benefit')).not.toContainText('Warns days');

	await elif.context.setOffline(false);
	await expect(elif.page.locator('[data-status="online"]')).toBeVisible();
	for (const { page } of [anna, elif, facilitator]) {
		await expect(line(page, 'benefit')).toContainText('Warns days before a breakdown');
		await expect(line(page, 'need')).toContainText('They lose revenue every time a truck is off the road');
	}

	// A reload shows the same text.
	await elif.page.reload();
	await openStage(elif.page, 'Draft');
	await expect(line(elif.page, 'headline')).toContainText('Keep every truck on the road');
	await expect(line(elif.page, 'benefit')).toContainText('Warns days before a breakdown');

	await facilitator.page.screenshot({ path: 'test/e2e/artifacts/workshop-after-offline.png' });
});

test('a wrong join code gets a clear message; an unknown workshop a 404 page', async ({ room }) => {
	const visitor = await room.person('Visitor');
	await visitor.page.goto('/');
	await visitor.page.getByLabel('Join code').fill('KMX-XXX');
	await visitor.page.getByLabel('Your name').fill('Visitor');
	await visitor.page.getByRole('radio', { name: 'Sales' }).check();
	await visitor.page.getByRole('button', { name: 'Join', exact: true }).click();
	await expect(visitor.page.getByRole('alert')).toContainText('No workshop has the code KMX-XXX');

	const response = await visitor.page.goto('/w/thisWorkshopDoesNotExist');
	expect(response?.status()).toBe(404);
	await expect(visitor.page.getByRole('heading', { name: 'We could not find that workshop' })).toBeVisible();
});

test('an observer follows live but cannot edit', async ({ room }) => {
	const { code } = await room.facilitate('Observed workshop');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const kim = await room.join(code, 'Kim Larsen', 'Observer');
	await expect(kim.page.getByText('You are observing')).toBeVisible();
	await expect(line(kim.page, 'headline')).toHaveAttribute('contenteditable', 'false');
	await line(anna.page, 'headline').click();
	await anna.page.keyboard.type('Seen by the observer');
	await expect(line(kim.page, 'headline')).toContainText('Seen by the observer');
});
