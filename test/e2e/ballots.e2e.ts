import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, line, openStage, type Person } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';

function controls(page: Page) {
	return page.getByRole('region', { name: 'Facilitator controls' });
}

async function moveRoom(facilitator: Page, stage: string) {
	await openStage(facilitator, stage);
	await controls(facilitator).getByRole('button', { name: `Move the room to ${stage}` }).click();
}

test('three sales and three marketing vote on a headline, see where they diverge, adopt a winner, and stress-test the claims', async ({ room }) => {
	test.setTimeout(180_000);
	const { person: carla, code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const sales: Person[] = [];
	const marketing: Person[] = [];
	for (const name of ['Anna Lindqvist', 'Björn Sato', 'Dev Patel']) sales.push(await room.join(code, name, 'Sales'));
	for (const name of ['Elif Kaya', 'Farid Haddad', 'Greta Novak']) marketing.push(await room.join(code, name, 'Marketing'));
	const everyone = [...sales, ...marketing];

	// The draft: a headline and three claims.
	await line(carla.page, 'headline').click();
	await carla.page.keyboard.type('Keep every truck on the road');
	for (const claim of ['Cuts unplanned vehicle-off-road time by 30%', 'If we miss a breakdown, the repair is on us', 'Installs in one day']) {
		await carla.page.getByRole('button', { name: '+ Add a claim' }).click();
		await line(carla.page, (await carla.page.locator('[data-line^="claim-"]').last().getAttribute('data-line'))!).click();
		await carla.page.keyboard.type(claim);
	}

	// Language: sales propose their phrasing; the room moves there.
	await moveRoom(carla.page, 'Language');
	for (const { page } of everyone) await expect(page.getByTestId('current-line')).toHaveText('Keep every truck on the road');
	await sales[0]!.page.getByLabel('Propose a phrasing').fill('No more surprise breakdowns');
	await sales[0]!.page.getByRole('button', { name: 'Propose' }).click();
	await expect(marketing[0]!.page.locator('[data-phrasing]')).toHaveCount(1);

	await carla.page.getByRole('button', { name: 'Open the vote' }).click();
	// The ballot does not say which team proposed an option: that would invite voting along team lines.
	await expect(marketing[0]!.page.locator('.ballot li').nth(1)).toContainText('No more surprise breakdowns');
	await expect(marketing[0]!.page.locator('.ballot')).not.toContainText('Sales');
	// The planted disagreement: sales want their words, marketing keep theirs.
	for (const [people, option] of [
		[sales, 2],
		[marketing, 1]
	] as const) {
		for (const { page } of people) {
			await page.getByRole('button', { name: `Give a dot to option ${option}` }).click();
			await page.getByRole('button', { name: 'Submit my ballot' }).click();
			await expect(page.getByText('Your ballot is in.')).toBeVisible();
		}
	}
	await expect(carla.page.getByTestId('voter-count')).toHaveText('6 voted');
	// While open, nobody sees results.
	await expect(sales[1]!.page.getByTestId('vote-results')).toHaveCount(0);

	await carla.page.getByRole('button', { name: 'Close the vote' }).click();
	await carla.page.getByRole('button', { name: 'Reveal results' }).click();
	for (const { page } of [carla, ...everyone]) {
		await expect(page.getByTestId('agreement')).toContainText('Sales and marketing favour different options');
		await expect(page.getByTestId('agreement')).toContainText('100% apart');
		await expect(page.getByTestId('vote-results').locator('.team-bar')).toHaveCount(4);
	}
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await marketing[0]!.page.screenshot({ path: `${ARTIFACTS}/vote-results.png` });
	// The same results on a phone, to look at (layout at 390 px is issue 19's).
	await marketing[1]!.page.setViewportSize({ width: 390, height: 844 });
	await marketing[1]!.page.getByTestId('vote-results').screenshot({ path: `${ARTIFACTS}/vote-results-390.png` });
	await marketing[1]!.page.setViewportSize({ width: 1440, height: 900 });

	// The facilitator adopts the sales phrasing: it lands in the proposition everywhere.
	await carla.page.getByTestId('vote-results').getByRole('button', { name: 'Adopt' }).nth(1).click();
	for (const { page } of [carla, ...everyone]) await expect(page.getByTestId('current-line')).toHaveText('No more surprise breakdowns');
	await openStage(elifPage(marketing), 'Draft');
	await expect(line(elifPage(marketing), 'headline')).toHaveText('No more surprise breakdowns');

	// Stress-test: the guarantee claim is contested (sales: it fails in a conversation; marketing: it wins them).
	await moveRoom(carla.page, 'Stress-test');
	await carla.page.getByRole('button', { name: 'Open a rating round' }).click();
	for (const [people, contested] of [
		[sales, 1],
		[marketing, 5]
	] as const) {
		for (const { page } of people) {
			const claims = page.locator('[data-rate-claim]');
			await expect(claims).toHaveCount(3);
			for (let c = 0; c < 3; c++) {
				for (const criterion of ['True', 'Consistent', 'Deliverable', 'Works in a conversation']) {
					const score = c === 1 && criterion === 'Works in a conversation' ? contested : 4;
					await claims.nth(c).getByRole('radiogroup', { name: new RegExp(`^${criterion}:`) }).getByText(String(score), { exact: true }).click();
				}
			}
			await page.getByRole('button', { name: 'Submit my ratings' }).click();
			await expect(page.getByText('Your ratings are in.')).toBeVisible();
		}
	}
	await expect(carla.page.getByTestId('rater-count')).toContainText('6 rated');
	await carla.page.getByRole('button', { name: 'Reveal results' }).click();
	for (const { page } of [carla, sales[0]!, marketing[0]!]) {
		const first = page.getByTestId('heatmap').locator('tbody tr').first();
		await expect(first).toContainText('If we miss a breakdown, the repair is on us');
		await expect(first.getByTestId('contested')).toContainText('Contested');
		await expect(first.getByTestId('splits')).toHaveText('Works in a conversation: sales doubt it (1.0), marketing are sure (5.0)');
		// Every other claim was rated 4 by both teams: agreement, no flag.
		await expect(page.getByTestId('heatmap').getByTestId('contested')).toHaveCount(1);
	}
	await carla.page.getByTestId('heatmap').locator('tbody tr').first().getByRole('button', { name: 'Send back to Draft' }).click();
	await expect(carla.page.getByText('Sent back to Draft')).toBeVisible();
	await carla.page.screenshot({ path: `${ARTIFACTS}/heatmap.png` });
	await sales[1]!.page.setViewportSize({ width: 390, height: 844 });
	await sales[1]!.page.getByTestId('heatmap').screenshot({ path: `${ARTIFACTS}/heatmap-390.png` });
	await openStage(sales[0]!.page, 'Draft');
	await expect(sales[0]!.page.locator('[data-line^="claim-"] .links')).toContainText('Stress-test finding on Claim 2');
});

function elifPage(marketing: Person[]): Page {
	return marketing[0]!.page;
}
