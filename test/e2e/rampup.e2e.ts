import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { unfold } from '../../src/lib/domain/ics.js';
import { test, expect, openStage } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';

/** A milestone's card by its title (titles live in text boxes, not in the text content). */
function milestone(page: Page, title: string) {
	return page.locator(`[data-milestone][data-title="${title}"]`);
}

function timeline(page: Page) {
	return page.getByTestId('timeline');
}

test('a participant plans the ramp-up with mouse and keyboard, moves the launch, and exports a calendar', async ({ room }) => {
	const { person: carla, code } = await room.facilitate('Ramp-up workshop');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const { page } = anna;
	await openStage(page, 'Ramp-up');

	// An impossible campaign is refused with a message, and nothing is saved.
	await page.getByLabel('Launch', { exact: true }).fill('2027-02-01');
	await page.getByLabel('Launch', { exact: true }).dispatchEvent('change');
	await page.getByLabel('Campaign end').fill('2027-01-15');
	await page.getByLabel('Campaign end').dispatchEvent('change');
	await expect(page.getByRole('alert')).toContainText('cannot end before it launches');
	await page.getByLabel('Campaign end').fill('2027-04-30');
	await page.getByLabel('Campaign end').dispatchEvent('change');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.getByLabel('Time zone').fill('Europe/Stockholm');
	await page.getByLabel('Time zone').dispatchEvent('change');

	// Five milestones with the mouse: the standard plan's first five, plus edits.
	await page.getByRole('button', { name: 'Start from the standard ramp-up' }).click();
	await expect(page.locator('[data-milestone]')).toHaveCount(6);
	await page.locator('[data-milestone]').last().getByRole('button', { name: /^Remove milestone/ }).click();
	await expect(page.locator('[data-milestone]')).toHaveCount(5);
	await expect(timeline(page).locator('[data-milestone-dot]')).toHaveCount(5);
	const first = page.locator('[data-milestone]').first();
	await expect(first).toContainText('2027-01-18');
	await first.getByRole('textbox', { name: /^Call to action/ }).fill('Read the one-pager; bring two customer objections');
	// Drag the launch-day milestone three days later with the mouse.
	const launchDot = timeline(page).getByRole('button', { name: /^Launch day/ });
	const box = (await launchDot.boundingBox())!;
	const axis = (await timeline(page).boundingBox())!;
	const days = Number(await timeline(page).evaluate((el) => el.getAttribute('data-days')));
	await page.mouse.move(box.x + 9, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + 9 + (axis.width / days) * 3, box.y + box.height / 2, { steps: 5 });
	await page.mouse.up();
	await expect(milestone(page, 'Launch day')).toContainText('2027-02-04');

	// A sixth with the keyboard.
	await page.getByRole('button', { name: '+ Add a milestone' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('[data-milestone]')).toHaveCount(6);
	await milestone(page, '').getByRole('textbox', { name: 'Milestone title' }).focus();
	await page.keyboard.type('Partner webinar');
	await timeline(page).getByRole('button', { name: /^Partner webinar/ }).focus();
	await page.keyboard.press('Shift+ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(milestone(page, 'Partner webinar')).toContainText('2027-02-09');

	// Flags: a late information session.
	const session2 = milestone(page, 'Information session 2: objections and practice');
	await session2.getByLabel('Days').fill('-2');
	await session2.getByLabel('Days').dispatchEvent('change');
	await expect(page.locator('[data-flag="late-info-session"]')).toHaveCount(1);
	await session2.getByLabel('Days').fill('-7');
	await session2.getByLabel('Days').dispatchEvent('change');
	await expect(page.locator('[data-flag="late-info-session"]')).toHaveCount(0);

	// Moving the launch moves the relative milestones, on every screen.
	await page.getByLabel('Launch', { exact: true }).fill('2027-02-15');
	await page.getByLabel('Launch', { exact: true }).dispatchEvent('change');
	await expect(page.locator('[data-milestone]').first()).toContainText('2027-02-01');
	await openStage(carla.page, 'Ramp-up');
	await expect(carla.page.locator('[data-milestone]').first()).toContainText('2027-02-01');

	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await page.screenshot({ path: `${ARTIFACTS}/rampup.png`, fullPage: true });

	// The calendar downloads and parses back: one event per dated milestone, UTC times.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download calendar (.ics)' }).click()]);
	const text = fs.readFileSync((await download.path())!, 'utf8');
	const lines = unfold(text);
	expect(lines[0]).toBe('BEGIN:VCALENDAR');
	expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(6);
	// Information session 1: launch 2027-02-15 −14 = 2027-02-01, 09:00 in Stockholm (winter, UTC+1).
	expect(lines).toContain('DTSTART:20270201T080000Z');
	expect(lines.some((l) => l.startsWith('DESCRIPTION:Call to action: Read the one-pager\\; bring two customer objections'))).toBe(true);
	expect(text.includes('\r\n')).toBe(true);
});

test('the agreements: glossary, metrics and hand-off, co-edited', async ({ room }) => {
	const { code } = await room.facilitate('Agreements workshop');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const elif = await room.join(code, 'Elif Kaya', 'Marketing');
	await openStage(anna.page, 'Agreements');
	await openStage(elif.page, 'Agreements');

	await anna.page.getByRole('button', { name: '+ Add a term' }).click();
	const row = elif.page.locator('[data-term]');
	await expect(row).toHaveCount(1);
	await anna.page.getByRole('textbox', { name: /^salesSays/ }).fill('VOR');
	await elif.page.getByRole('textbox', { name: /^marketingSays/ }).fill('downtime');
	await elif.page.getByRole('textbox', { name: /^weSay/ }).fill('vehicle off road (VOR)');
	await expect(anna.page.getByRole('textbox', { name: /^weSay/ })).toHaveValue('vehicle off road (VOR)');
	await anna.page.getByLabel('Search the glossary').fill('nothing like this');
	await expect(anna.page.locator('[data-term]')).toHaveCount(0);
	await anna.page.getByLabel('Search the glossary').fill('vor');
	await expect(anna.page.locator('[data-term]')).toHaveCount(1);

	await anna.page.getByRole('button', { name: '+ Add a metric' }).click();
	await elif.page.getByRole('button', { name: '+ Add a metric' }).click();
	await expect(anna.page.locator('[data-metric]')).toHaveCount(2);
	await anna.page.locator('[data-metric]').first().getByRole('textbox', { name: /^name of metric/ }).fill('Qualified pipeline');
	await anna.page.locator('[data-metric]').first().getByRole('checkbox').check();
	await expect(elif.page.getByRole('table', { name: 'Metrics by owner and horizon' })).toContainText('★ Qualified pipeline');
	await elif.page.getByRole('button', { name: '+ Propose a field' }).click();
	const field = anna.page.locator('[data-handoff]');
	await expect(field).toHaveCount(1);
	await field.getByRole('textbox', { name: 'Lead field' }).fill('Fleet size');
	await field.getByRole('button', { name: 'Sales wants it' }).click();
	await field.getByText('required', { exact: true }).click();
	await expect(elif.page.locator('[data-handoff]').getByRole('button', { name: 'Sales wants it' })).toHaveAttribute('aria-pressed', 'true');
	await expect(elif.page.locator('[data-handoff]').getByRole('radio', { name: 'required' })).toBeChecked();
	await anna.page.getByRole('textbox', { name: 'How fast sales follows up a lead' }).fill('Within 24 hours on working days');
	await expect(elif.page.getByRole('textbox', { name: 'How fast sales follows up a lead' })).toHaveValue('Within 24 hours on working days');
	await elif.page.screenshot({ path: `${ARTIFACTS}/agreements.png`, fullPage: true });
});

test('a new glossary term takes the caret and stays put while typed in; a metric’s horizon follows its target', async ({ room }) => {
	const { code } = await room.facilitate('Glossary workshop');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	await openStage(anna.page, 'Agreements');
	await anna.page.getByRole('button', { name: '+ Add a term' }).click();
	await anna.page.getByRole('textbox', { name: /^weSay/ }).fill('vehicle off road (VOR)');
	await anna.page.getByLabel('Search the glossary').fill('vor');

	// The search clears so the new term shows; typing "We say" letter by letter does not
	// re-sort the row away under the caret — the order settles when she leaves the table.
	await anna.page.getByRole('button', { name: '+ Add a term' }).click();
	await expect(anna.page.locator('[data-term]')).toHaveCount(2);
	const fresh = anna.page.locator('[data-term]').first();
	await expect(fresh.getByRole('textbox', { name: /^marketingSays/ })).toBeFocused();
	await fresh.getByRole('textbox', { name: /^weSay/ }).click();
	await anna.page.keyboard.type('zero unplanned stops', { delay: 20 });
	await expect(anna.page.locator('[data-term]').first().getByRole('textbox', { name: /^weSay/ })).toHaveValue('zero unplanned stops');
	await anna.page.getByLabel('Search the glossary').click();
	await expect(anna.page.locator('[data-term]').last().getByRole('textbox', { name: /^weSay/ })).toHaveValue('zero unplanned stops');

	// A metric's target that speaks of quarters offers the quarter as its horizon.
	await anna.page.getByRole('button', { name: '+ Add a metric' }).click();
	const metric = anna.page.locator('[data-metric]');
	await expect(metric.getByRole('combobox', { name: /^Horizon of/ })).toHaveValue('month');
	await metric.getByRole('textbox', { name: /^Target of/ }).fill('+15 % per quarter');
	await metric.getByRole('button', { name: 'The target says quarter: use it' }).click();
	await expect(metric.getByRole('combobox', { name: /^Horizon of/ })).toHaveValue('quarter');
	await expect(metric.getByRole('button', { name: /The target says/ })).toHaveCount(0);
});
