import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, line } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';

function agenda(page: Page) {
	return page.getByRole('navigation', { name: 'Agenda' });
}

function controls(page: Page) {
	return page.getByRole('region', { name: 'Facilitator controls' });
}

/** Seconds shown by a timer, e.g. "29:58" → 1798. */
async function timerSeconds(page: Page): Promise<number> {
	const text = (await page.getByTestId('timer').locator('.time').textContent()) ?? '';
	return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

test('a facilitator runs the room: stage, timer, freeze, private round, projector', async ({ room }) => {
	const { person: carla, code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const people = [await room.join(code, 'Anna Lindqvist', 'Sales'), await room.join(code, 'Elif Kaya', 'Marketing'), await room.join(code, 'Ines Duarte', 'Leadership')];
	const [anna, elif, ines] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
	const projector = await carla.context.newPage();
	await projector.goto(`${new URL(carla.page.url()).pathname}/projector`);
	await expect(projector.getByTestId('projector-stage')).toHaveText('Frame');

	// The participants looked at Draft (the fixture opens it); the room is still on Frame.
	await carla.page.getByRole('button', { name: 'Bring everyone here' }).click();
	for (const { page } of people) await expect(agenda(page).locator('[aria-current="page"]')).toContainText('Frame');

	// Moving the room moves everyone who follows, and the projector.
	await agenda(carla.page).getByRole('button', { name: /Draft/ }).click();
	await controls(carla.page).getByRole('button', { name: 'Move the room to Draft' }).click();
	for (const { page } of people) await expect(agenda(page).locator('[aria-current="page"]')).toContainText('Draft');
	await expect(projector.getByTestId('projector-stage')).toHaveText('Draft');

	// A participant looks around and is offered the way back.
	await agenda(anna.page).getByRole('button', { name: /Frame/ }).click();
	await anna.page.getByRole('button', { name: 'Back to the room' }).click();
	await expect(agenda(anna.page).locator('[aria-current="page"]')).toContainText('Draft');

	// The timer shows the same time everywhere.
	await controls(carla.page).getByRole('button', { name: 'Start 30 min' }).click();
	for (const page of [carla.page, projector, ...people.map((p) => p.page)]) await expect(page.getByTestId('timer')).toBeVisible();
	const readings = await Promise.all([carla.page, projector, ...people.map((p) => p.page)].map(timerSeconds));
	expect(Math.max(...readings) - Math.min(...readings)).toBeLessThanOrEqual(1);
	await controls(carla.page).getByRole('button', { name: 'Pause' }).click();
	await expect(elif.page.getByTestId('timer')).toContainText('paused');
	await controls(carla.page).getByRole('button', { name: '+1 min' }).click();
	await expect.poll(() => timerSeconds(ines.page)).toBeGreaterThan(30 * 60);

	// On the next stage, the old stage's timer is gone: a fresh start is offered at once.
	await controls(carla.page).getByRole('button', { name: 'Next: Language' }).click();
	await expect(controls(carla.page).getByRole('button', { name: 'Start 25 min' })).toBeVisible();
	await expect(controls(carla.page).getByRole('button', { name: 'Pause' })).toHaveCount(0);
	await agenda(carla.page).getByRole('button', { name: /Draft/ }).click();
	await controls(carla.page).getByRole('button', { name: 'Move the room to Draft' }).click();
	for (const { page } of people) await expect(agenda(page).locator('[aria-current="page"]')).toContainText('Draft');

	// Readiness.
	await anna.page.getByRole('button', { name: 'I’m done' }).click();
	await expect(carla.page.getByTestId('done-count').or(carla.page.getByRole('button', { name: /^People/ }))).toBeVisible();
	if ((await carla.page.getByRole('button', { name: /^People/ }).getAttribute('aria-expanded')) !== 'true') await carla.page.getByRole('button', { name: /^People/ }).click();
	await expect(carla.page.getByTestId('done-count')).toHaveText('1 of 3 done');

	// Freeze: participants' editors turn read-only with a reason; the facilitator keeps editing.
	await controls(carla.page).getByRole('button', { name: 'Freeze' }).click();
	for (const { page } of people) {
		await expect(page.getByText('The facilitator has paused editing')).toBeVisible();
		await expect(line(page, 'headline')).toHaveAttribute('contenteditable', 'false');
	}
	await line(carla.page, 'headline').click();
	await carla.page.keyboard.type('Keep every truck on the road');
	await expect(line(anna.page, 'headline')).toContainText('Keep every truck on the road');
	await controls(carla.page).getByRole('button', { name: 'Unfreeze' }).click();
	await expect(line(anna.page, 'headline')).toHaveAttribute('contenteditable', 'true');

	// Private round: notes stay on the server until the reveal, then appear at once.
	await controls(carla.page).getByRole('button', { name: 'Start private round' }).click();
	await expect(anna.page.getByText('Private round.')).toBeVisible();
	await anna.page.locator('[data-column="customers-say"]').getByRole('textbox', { name: /^New note/ }).fill('What happens when your prediction is wrong?');
	await anna.page.locator('[data-column="customers-say"]').getByRole('button', { name: /^Add note/ }).click();
	await elif.page.locator('[data-column="data-says"]').getByRole('textbox', { name: /^New note/ }).fill('ROI calculator users convert 3× more');
	await elif.page.locator('[data-column="data-says"]').getByRole('button', { name: /^Add note/ }).click();
	await expect(anna.page.getByRole('list', { name: /Your private notes/ })).toContainText('prediction is wrong');
	await expect(controls(carla.page).getByRole('button', { name: 'Reveal 2 private notes' })).toBeVisible();
	await expect(ines.page.locator('[data-note]')).toHaveCount(0);
	expect(await ines.page.content()).not.toContain('prediction is wrong');
	await projector.screenshot({ path: `${ARTIFACTS}/projector.png` });

	await controls(carla.page).getByRole('button', { name: 'Reveal 2 private notes' }).click();
	for (const { page } of [...people, carla]) await expect(page.locator('[data-note]')).toHaveCount(2);
	await expect(ines.page.locator('[data-column="customers-say"] [data-note]')).toHaveAttribute('aria-label', 'Note by Anna Lindqvist, Sales');

	// A promoted co-facilitator stays online for everyone, and gets the controls, without a reload.
	await carla.page.getByLabel('Actions for Elif Kaya').click();
	await carla.page.getByRole('button', { name: 'Make co-facilitator' }).click();
	await expect(controls(elif.page)).toBeVisible();
	await expect(carla.page.locator(`[data-participant]:not(.away)`).filter({ hasText: 'Elif Kaya' })).toHaveCount(1, { timeout: 10_000 });
	await expect(carla.page.getByRole('button', { name: /^People/ })).toContainText('4/4');

	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await carla.page.screenshot({ path: `${ARTIFACTS}/facilitator.png` });
});

test('the facilitator edits the agenda; removing a participant ends their session', async ({ room }) => {
	const { person: carla, code } = await room.facilitate('Agenda workshop');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');

	await controls(carla.page).getByRole('button', { name: 'Edit agenda' }).click();
	const dialog = carla.page.getByRole('dialog', { name: 'Edit the agenda' });
	await dialog.getByLabel('Title of stage 3').fill('Words we use');
	await dialog.getByLabel('Title of stage 3').press('Tab');
	await dialog.getByRole('checkbox').nth(3).check();
	await dialog.getByLabel('New stage').fill('Field feedback');
	await dialog.getByRole('button', { name: 'Add stage' }).click();
	await dialog.getByRole('button', { name: 'Done' }).click();
	await expect(agenda(anna.page)).toContainText('Words we use');
	await expect(agenda(anna.page)).not.toContainText('Stress-test');
	await expect(agenda(anna.page)).toContainText('Field feedback');

	if ((await carla.page.getByRole('button', { name: /^People/ }).getAttribute('aria-expanded')) !== 'true') await carla.page.getByRole('button', { name: /^People/ }).click();
	carla.page.once('dialog', (d) => void d.accept());
	await carla.page.getByLabel('Actions for Anna Lindqvist').click();
	await carla.page.getByRole('button', { name: 'Remove from workshop' }).click();
	await expect(anna.page.getByRole('heading', { name: 'You were removed from this workshop' })).toBeVisible();
	// Not "Offline — your edits are kept": she is not coming back by herself.
	await expect(anna.page.getByRole('status').filter({ hasText: 'Removed from this workshop' })).toBeVisible();
	await expect(carla.page.locator('[data-participant]')).toHaveCount(1);
	// A removed person no longer counts among the people of the room.
	await expect(carla.page.getByRole('button', { name: /^People/ })).toContainText('1/1');
	const response = await anna.page.goto(anna.page.url());
	expect(new URL(anna.page.url()).pathname).toMatch(/\/join$/);
	expect(response?.status()).toBe(200);
	// Removal is a ban: the join page offers no way back in, until the facilitator re-admits her.
	await expect(anna.page.getByRole('heading', { name: 'You were removed from this workshop' })).toBeVisible();
	await expect(anna.page.getByLabel('Your name')).toHaveCount(0);
	await carla.page.getByRole('button', { name: 'Re-admit Anna Lindqvist' }).click();
	await expect(carla.page.locator('[data-participant]')).toHaveCount(2);
	await anna.page.goto(new URL(anna.page.url()).pathname.replace(/\/join$/, ''));
	await expect(anna.page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
});
