/**
 * Breakout groups in the browser: a facilitator and eight participants (four sales, four
 * marketing) split into two mixed groups, draft apart, reveal, vote on the headline from the two
 * versions, and the winner lands in the room's proposition on every screen, saying where it came from.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { sessionCookieName } from '../../src/lib/api.js';
import { claimLineId, claims, lineFragment } from '../../src/lib/doc/schema.js';
import { connect, synced } from '../support/clients.js';
import { test, expect, line, type Person, type Room } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';
const WORDING = { a: 'Every truck back on the road within a day', b: 'Breakdowns fixed overnight or the repair is on us' };

/** The room's draft from the sample workshop (/work/shared/samples/sample-workshop.md), written as the facilitator: the groups start from it. */
async function writeSampleDraft(room: Room, facilitator: Person) {
	const workshopId = new URL(facilitator.page.url()).pathname.split('/')[2]!;
	const token = (await facilitator.context.cookies()).find((c) => c.name === sessionCookieName(workshopId))!.value;
	const writer = connect(room.server, workshopId, 'content', token);
	await synced(writer);
	const write = (lineId: string, text: string) => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		lineFragment(writer.doc, lineId).insert(0, [paragraph]);
	};
	writer.doc.transact(() => {
		write('headline', 'Keep every truck on the road');
		write('oneLiner', 'Fleetwise predicts breakdowns before they happen and guarantees your uptime.');
		write('forWhom', 'fleet operations managers at haulage companies of 50–500 trucks');
		write('need', 'lose revenue every time a truck is off the road');
		write('offer', 'Fleetwise Uptime Guarantee');
		['Cuts unplanned vehicle-off-road time by 30%', 'Installs in one day, without a workshop visit', 'If we miss a breakdown, the repair is on us'].forEach((text, i) => {
			claims.add(writer.doc, `k${i + 1}`);
			write(claimLineId(`k${i + 1}`), text);
		});
	});
	await writer.written();
	writer.destroy();
}

/** Replace one line's text, as a person selecting it all and typing. */
async function rewrite(page: Page, lineId: string, text: string) {
	await line(page, lineId).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type(text);
}

/** A line's words as its reader sees them, without the other people's caret labels drawn inside it. */
function words(page: Page, lineId: string) {
	return line(page, lineId).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.remote-caret')) caret.remove();
		return copy.textContent;
	});
}

function panel(page: Page) {
	return page.getByTestId('breakout-panel');
}
function column(page: Page, index: number) {
	return panel(page).locator('[data-group-column]').nth(index);
}
async function noSidewaysScroll(page: Page) {
	const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
	expect(wide, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

test('two mixed groups draft apart, the room compares, votes on the headline and adopts the winner everywhere', async ({ room }) => {
	test.setTimeout(300_000);
	const { person: carla, code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	await writeSampleDraft(room, carla);
	await expect.poll(() => words(carla.page, 'headline')).toBe('Keep every truck on the road');
	const people: Person[] = [];
	for (const name of ['Anna Lindqvist', 'Björn Sato', 'Dev Patel', 'Hana Ito']) people.push(await room.join(code, name, 'Sales'));
	for (const name of ['Elif Kaya', 'Farid Haddad', 'Greta Novak', 'Omar Reyes']) people.push(await room.join(code, name, 'Marketing'));
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await carla.page.setViewportSize({ width: 1280, height: 800 });

	// Two groups, mixed: both have both teams.
	await panel(carla.page).getByRole('button', { name: 'Split into groups…' }).click();
	await panel(carla.page).getByRole('radio', { name: 'Number of groups' }).check();
	await panel(carla.page).getByLabel('How many groups').fill('2');
	await panel(carla.page).getByRole('button', { name: 'Form groups' }).click();
	await expect(panel(carla.page).locator('[data-group-column]')).toHaveCount(2);
	for (const index of [0, 1]) {
		await expect(column(carla.page, index).locator('[data-person]')).toHaveCount(4);
		await expect(column(carla.page, index)).toContainText('2 S');
		await expect(column(carla.page, index)).toContainText('2 M');
		await expect(column(carla.page, index).getByText('One team only')).toHaveCount(0);
	}

	// A move by keyboard: focus a person, arrow right; the move is announced; the menu moves them back.
	const first = column(carla.page, 0).locator('[data-person]').first();
	const moved = (await first.getAttribute('data-person'))!;
	await first.focus();
	await carla.page.keyboard.press('ArrowRight');
	await expect(column(carla.page, 1).locator(`[data-person="${moved}"]`)).toBeVisible();
	await expect(column(carla.page, 1).locator(`[data-person="${moved}"]`)).toBeFocused();
	await expect(panel(carla.page).getByRole('status')).toContainText('moved to Group 2');
	await column(carla.page, 1).locator(`[data-person="${moved}"]`).click();
	await carla.page.getByRole('menuitem', { name: 'Move to Group 1' }).click();
	await expect(column(carla.page, 0).locator(`[data-person="${moved}"]`)).toBeVisible();
	await panel(carla.page).screenshot({ path: `${ARTIFACTS}/breakout-panel.png` });

	await panel(carla.page).getByLabel('Minutes to draft').fill('10');
	await panel(carla.page).getByRole('button', { name: 'Start drafting' }).click();

	// Everyone sees their group; split the pages by group.
	const groupOfPage = new Map<Person, string>();
	for (const person of people) {
		const banner = person.page.getByTestId('group-banner');
		await expect(banner.getByRole('heading')).toHaveText(/You are in Group [12]/);
		groupOfPage.set(person, (await banner.getByRole('heading').textContent())!.replace('You are in ', ''));
	}
	const groupA = people.filter((p) => groupOfPage.get(p) === 'Group 1');
	const groupB = people.filter((p) => groupOfPage.get(p) === 'Group 2');
	expect(groupA).toHaveLength(4);
	expect(groupB).toHaveLength(4);
	await expect(groupA[0]!.page.getByTestId('group-banner').getByRole('listitem')).toHaveCount(4);

	// Both groups start from the room's draft and rewrite the headline at the same time; group B also sharpens a claim.
	await expect.poll(() => words(groupA[0]!.page, 'headline')).toBe('Keep every truck on the road');
	await Promise.all([rewrite(groupA[0]!.page, 'headline', WORDING.a), rewrite(groupB[0]!.page, 'headline', WORDING.b)]);
	await rewrite(groupB[1]!.page, claimLineId('k1'), 'Cuts vehicle-off-road time by a third');
	await expect.poll(() => words(groupA[1]!.page, 'headline')).toBe(WORDING.a);
	// The carets in a group's lines are its members'.
	await expect(groupA[1]!.page.locator('[data-line="headline"] .remote-caret-label', { hasText: groupA[0]!.name })).toBeVisible();
	await expect.poll(() => words(groupB[1]!.page, 'headline')).toBe(WORDING.b);
	// The facilitator sees each group's progress, never its text, until visiting it.
	await expect(column(carla.page, 0).getByTestId('group-progress')).toContainText(/[1-9]\d* characters/);
	// Group A never sees group B's text before the reveal.
	await expect.poll(() => words(groupB[0]!.page, claimLineId('k1'))).toBe('Cuts vehicle-off-road time by a third');
	for (const { page } of groupA) {
		await expect(page.locator('body')).not.toContainText(WORDING.b);
		await expect(page.locator('body')).not.toContainText('by a third');
	}
	await groupA[0]!.page.setViewportSize({ width: 1280, height: 800 });
	await groupA[0]!.page.screenshot({ path: `${ARTIFACTS}/breakout-group-1280.png` });
	await groupA[1]!.page.setViewportSize({ width: 390, height: 844 });
	await groupA[1]!.page.screenshot({ path: `${ARTIFACTS}/breakout-group-390.png` });
	await noSidewaysScroll(groupA[1]!.page);

	// The facilitator visits group B, then comes back.
	await column(carla.page, 1).getByRole('button', { name: /Visit/ }).click();
	await expect.poll(() => words(carla.page, 'headline')).toBe(WORDING.b);
	await panel(carla.page).getByRole('button', { name: 'Back to the room’s draft' }).click();
	await expect(carla.page.getByTestId('group-draft')).toHaveCount(0);

	// The reveal: everyone compares both headlines.
	await panel(carla.page).getByRole('button', { name: 'Reveal the versions' }).click();
	for (const { page } of [carla, ...people]) {
		const headline = page.getByTestId('comparison').locator('[data-compare-line="headline"]');
		await expect(headline).toContainText(WORDING.a);
		await expect(headline).toContainText(WORDING.b);
	}
	// The screen as the facilitator sees it, scrolled to the comparison (the sticky bar stays on top).
	await carla.page.locator('[data-compare-line="headline"]').scrollIntoViewIfNeeded();
	await carla.page.screenshot({ path: `${ARTIFACTS}/breakout-compare-1280.png` });
	await groupA[1]!.page.getByTestId('comparison').screenshot({ path: `${ARTIFACTS}/breakout-compare-390.png` });
	await noSidewaysScroll(groupA[1]!.page);

	// The projector shows the comparison on one 1920 × 1080 screen.
	const wall = await carla.context.newPage();
	await wall.setViewportSize({ width: 1920, height: 1080 });
	// Pages turn with the wall clock (every projector in the room agrees); hold it at the first page's start.
	await wall.clock.setFixedTime(0);
	await wall.goto(new URL(carla.page.url()).pathname + '/projector');
	await expect(wall.getByTestId('projector-content')).toContainText(WORDING.a);
	await expect(wall.getByTestId('projector-content').getByText(WORDING.b)).toBeInViewport();
	// Drawn size, whatever the fit-to-screen zoom: a line box of text is about 1.15 × its font size.
	const drawn = await wall.getByTestId('projector-content').getByText(WORDING.b).evaluate((el) => {
		const range = document.createRange();
		range.selectNodeContents(el);
		return range.getClientRects()[0]!.height / 1.15;
	});
	expect(drawn).toBeGreaterThanOrEqual(24);
	await wall.screenshot({ path: `${ARTIFACTS}/projector-breakout-compare.png` });
	await wall.close();

	// The vote on the headline, from the two versions, in one step; cast right under the line.
	const headlineRow = (page: Page) => page.getByTestId('comparison').locator('[data-compare-line="headline"]');
	await headlineRow(carla.page).getByRole('button', { name: 'Vote on this line' }).click();
	for (const [index, { page }] of people.entries()) {
		const option = headlineRow(page).locator('.ballot li', { hasText: index < 6 ? WORDING.a : WORDING.b });
		await expect(option).toContainText(/Group [12]/);
		const dot = option.getByRole('button', { name: /Give a dot/ });
		if ((await dot.count()) > 0) await dot.click();
		else await option.getByRole('radio').check();
		await headlineRow(page).getByRole('button', { name: 'Submit my ballot' }).click();
		await expect(headlineRow(page).getByText('Your ballot is in.')).toBeVisible();
	}
	await expect(headlineRow(carla.page).getByTestId('voter-count')).toHaveText('8 voted');
	await headlineRow(carla.page).getByRole('button', { name: 'Close the vote' }).click();
	await headlineRow(carla.page).getByRole('button', { name: 'Reveal results' }).click();
	await headlineRow(carla.page).getByTestId('vote-results').locator('li', { hasText: WORDING.a }).getByRole('button', { name: 'Adopt' }).click();

	// The winner is the room's headline on every screen, saying where it came from.
	for (const { page } of [carla, ...people]) {
		await expect.poll(() => words(page, 'headline')).toBe(WORDING.a);
		await expect(page.locator('[data-line="headline"]').getByTestId('line-origin')).toHaveText('Voted from Group 1');
	}
	await carla.page.locator('[data-line="headline"]').scrollIntoViewIfNeeded();
	await carla.page.screenshot({ path: `${ARTIFACTS}/breakout-adopted.png` });
});
