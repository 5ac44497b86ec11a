import fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { unfold } from '../../src/lib/domain/ics.js';
import { test, expect, line } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';
const PHONE = { width: 390, height: 844 };

/** Phones in the room: touch, a mobile viewport, taps instead of clicks. */
class Phones {
	private readonly contexts: BrowserContext[] = [];
	constructor(
		private readonly browser: Browser,
		private readonly baseURL: string
	) {}

	async open(): Promise<Page> {
		const context = await this.browser.newContext({ baseURL: this.baseURL, viewport: PHONE, hasTouch: true, isMobile: true });
		this.contexts.push(context);
		return context.newPage();
	}

	async facilitate(title: string, name: string): Promise<{ page: Page; code: string }> {
		const page = await this.open();
		await page.goto('/');
		await page.getByLabel('Workshop title').fill(title);
		await page.getByRole('button', { name: 'Create workshop' }).tap();
		await expect(page.getByText('You are the facilitator')).toBeVisible();
		await page.getByLabel('Your name').fill(name);
		await teamOption(page, 'Sales').tap();
		await page.getByRole('button', { name: 'Open the workshop' }).tap();
		const code = (await page.getByTestId('join-code').textContent())!.trim();
		return { page, code };
	}

	async join(code: string, name: string, team: 'Sales' | 'Marketing' | 'Leadership'): Promise<Page> {
		const page = await this.open();
		await page.goto('/');
		await page.getByLabel('Join code').fill(code);
		await page.getByLabel('Your name').fill(name);
		await teamOption(page, team).tap();
		await page.getByRole('button', { name: 'Join', exact: true }).tap();
		await expect(page.locator('[data-status="online"]')).toBeVisible();
		return page;
	}

	async close(): Promise<void> {
		for (const context of this.contexts) await context.close();
	}
}

/** A team's choice on the join form: the label around the radio, the part a thumb hits. */
function teamOption(page: Page, team: string): Locator {
	return page.locator('label').filter({ has: page.getByRole('radio', { name: team }) });
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function expectNoSideways(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => {
		const sticking = [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
			// What a scroller clips does not widen the page.
			.filter((el) => {
				for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return false;
				return true;
			})
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(el.getBoundingClientRect().right)}`);
		return { width: document.documentElement.scrollWidth, sticking };
	});
	// Soft: one stage's overflow should not hide the next stage's.
	expect.soft(overflow.width, `page ${overflow.width} px wide: ${overflow.sticking.join('; ')}`).toBeLessThanOrEqual(PHONE.width);
}

/** A thumb can hit it: on screen horizontally and at least 44 px tall and wide. */
async function expectThumbSized(target: Locator): Promise<void> {
	const box = (await target.boundingBox())!;
	expect.soft(box.x).toBeGreaterThanOrEqual(0);
	expect.soft(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
	expect.soft(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
}

async function tapStage(page: Page, title: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Agenda' }).getByRole('button', { name: title }).tap();
	await expect(page.getByRole('navigation', { name: 'Agenda' }).locator('[aria-current="page"]')).toContainText(title);
}

async function moveRoom(facilitator: Page, stage: string): Promise<void> {
	await tapStage(facilitator, stage);
	await facilitator.getByRole('region', { name: 'Facilitator controls' }).getByRole('button', { name: `Move the room to ${stage}` }).tap();
}

/** Both people look at `stage`: neither page scrolls sideways; a screenshot of the participant's. */
async function checkStage(stage: string, participant: Page, facilitator: Page): Promise<void> {
	await expectNoSideways(participant);
	await expectNoSideways(facilitator);
	for (const page of [participant, facilitator]) await page.evaluate(() => window.scrollTo(0, 0));
	await participant.screenshot({ path: `${ARTIFACTS}/phone-${stage}.png`, fullPage: true });
	await facilitator.screenshot({ path: `${ARTIFACTS}/phone-${stage}-facilitator.png`, fullPage: true });
}

const CLAIMS = ['Cuts unplanned vehicle-off-road time by 30%', 'If we miss a breakdown, the repair is on us'];

test('on phones, a facilitator and participants take every stage by tapping, and no page scrolls sideways', async ({ browser, server }) => {
	test.setTimeout(240_000);
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const phones = new Phones(browser, server.url);
	try {
		const { page: carla, code } = await phones.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets', 'Carla Mendes');
		const anna = await phones.join(code, 'Anna Lindqvist', 'Sales');
		const ines = await phones.join(code, 'Ines Duarte', 'Leadership');

		// Frame.
		await tapStage(anna, 'Frame');
		await tapStage(carla, 'Frame');
		await checkStage('frame', anna, carla);

		// Draft: a headline, two claims and a note, all by thumb.
		await moveRoom(carla, 'Draft');
		await tapStage(anna, 'Draft');
		await line(anna, 'headline').tap();
		await anna.keyboard.type('Keep every truck on the road');
		for (const claim of CLAIMS) {
			await anna.getByRole('button', { name: '+ Add a claim' }).tap();
			const id = (await anna.locator('[data-line^="claim-"]').last().getAttribute('data-line'))!;
			await line(anna, id).tap();
			await anna.keyboard.type(claim);
		}
		const objections = anna.locator('[data-column="objections"]');
		await objections.getByRole('textbox', { name: /^New note/ }).tap();
		await anna.keyboard.type('We already have OEM telematics');
		await objections.getByRole('button', { name: /^Add note/ }).tap();
		await expect(carla.locator('[data-column="objections"] [data-note]')).toHaveCount(1);
		await expect(line(carla, 'headline')).toContainText('Keep every truck on the road');
		await checkStage('draft', anna, carla);

		// Language: propose a phrasing and vote; the ballot is not pushed screens down by the line list.
		await moveRoom(carla, 'Language');
		await expect(anna.getByTestId('current-line')).toHaveText('Keep every truck on the road');
		await anna.getByLabel('Propose a phrasing').tap();
		await anna.keyboard.type('No more surprise breakdowns');
		await anna.getByRole('button', { name: 'Propose' }).tap();
		await expect(carla.locator('[data-phrasing]')).toHaveCount(1);
		await carla.getByRole('button', { name: 'Open the vote' }).tap();
		const dot = anna.getByRole('button', { name: 'Give a dot to option 2' });
		await expectThumbSized(dot);
		await dot.tap();
		await anna.getByRole('button', { name: 'Submit my ballot' }).tap();
		await expect(anna.getByText('Your ballot is in.')).toBeVisible();
		await expect(carla.getByTestId('voter-count')).toHaveText('1 voted');
		await anna.evaluate(() => window.scrollTo(0, 0));
		expect((await anna.getByTestId('current-line').boundingBox())!.y).toBeLessThan(PHONE.height);
		await checkStage('language', anna, carla);

		// Stress-test: every claim on every criterion, with rating buttons on screen and thumb-sized.
		await moveRoom(carla, 'Stress-test');
		await carla.getByRole('button', { name: 'Open a rating round' }).tap();
		const claims = anna.locator('[data-rate-claim]');
		await expect(claims).toHaveCount(CLAIMS.length);
		for (let c = 0; c < CLAIMS.length; c++) {
			for (const criterion of ['True', 'Consistent', 'Deliverable', 'Works in a conversation']) {
				const score = claims.nth(c).getByRole('radiogroup', { name: new RegExp(`^${criterion}:`) }).getByText('4', { exact: true });
				await score.scrollIntoViewIfNeeded();
				await expectThumbSized(score);
				await score.tap();
			}
		}
		await anna.getByRole('button', { name: 'Submit my ratings' }).tap();
		await expect(anna.getByText('Your ratings are in.')).toBeVisible();
		await checkStage('stress-test', anna, carla);
		await carla.getByRole('button', { name: 'Reveal results' }).tap();
		await expect(anna.getByTestId('heatmap')).toContainText(CLAIMS[0]!);
		await checkStage('stress-test-results', anna, carla);

		// Agreements: add a term, a metric and a hand-off field; read them as cards.
		await moveRoom(carla, 'Agreements');
		await expect(anna.getByRole('button', { name: '+ Add a term' })).toBeVisible();
		await anna.getByRole('button', { name: '+ Add a term' }).tap();
		await anna.getByRole('textbox', { name: /^salesSays/ }).fill('VOR');
		await anna.getByRole('textbox', { name: /^marketingSays/ }).fill('downtime');
		await anna.getByRole('textbox', { name: /^weSay/ }).fill('vehicle off road (VOR)');
		await anna.getByRole('button', { name: '+ Add a metric' }).tap();
		await anna.locator('[data-metric]').first().getByRole('textbox', { name: /^name of metric/ }).fill('Qualified pipeline');
		await anna.getByRole('button', { name: '+ Propose a field' }).tap();
		await anna.locator('[data-handoff]').getByRole('textbox', { name: 'Lead field' }).fill('Fleet size');
		await anna.locator('[data-handoff]').getByText('required', { exact: true }).tap();
		await expect(carla.locator('[data-handoff]').getByRole('radio', { name: 'required' })).toBeChecked();
		await expect(carla.getByRole('textbox', { name: /^weSay/ })).toHaveValue('vehicle off road (VOR)');
		// A glossary word reads as a word, not a column of letters.
		const weSay = carla.getByRole('textbox', { name: /^weSay/ });
		expect((await weSay.boundingBox())!.width).toBeGreaterThan(150);
		await checkStage('agreements', anna, carla);

		// Ramp-up: a plan, then the calendar download.
		await moveRoom(carla, 'Ramp-up');
		await anna.getByLabel('Launch', { exact: true }).fill('2027-02-01');
		await anna.getByLabel('Launch', { exact: true }).dispatchEvent('change');
		await anna.getByRole('button', { name: 'Start from the standard ramp-up' }).tap();
		await expect(anna.locator('[data-milestone]')).toHaveCount(6);
		const calendar = anna.getByRole('button', { name: 'Download calendar (.ics)' });
		await expectThumbSized(calendar);
		const [download] = await Promise.all([anna.waitForEvent('download'), calendar.tap()]);
		expect(unfold(fs.readFileSync((await download.path())!, 'utf8')).filter((l) => l === 'BEGIN:VEVENT').length).toBeGreaterThan(0);
		await checkStage('ramp-up', anna, carla);

		// Sign-off: the facilitator saves a version and names a signer, who signs by tapping.
		await moveRoom(carla, 'Sign-off');
		await carla.getByLabel('Version name').fill('Agreed in the room');
		await carla.getByRole('button', { name: 'Save this version' }).tap();
		await expect(carla.locator('[data-version]')).toHaveCount(1);
		await carla.getByRole('group', { name: 'Who signs' }).getByText(/Ines Duarte/).tap();
		const sign = ines.getByRole('button', { name: 'Sign “Agreed in the room”' });
		await expectThumbSized(sign);
		await sign.tap();
		await expect(carla.locator('[data-signer]')).toContainText('Signed “Agreed in the room”');
		await checkStage('sign-off', ines, carla);
		// Ines never tapped the agenda: when the room moved to the last stage her strip scrolled it into view.
		const current = ines.getByRole('navigation', { name: 'Agenda' }).locator('[aria-current="page"]');
		await expect(current).toContainText('Sign-off');
		await expect.poll(async () => {
			const box = (await current.boundingBox())!;
			return box.x >= 0 && box.x + box.width <= PHONE.width;
		}).toBe(true);
	} finally {
		await phones.close();
	}
});

test('the top bar stays in view on a long stage, with the freeze notice, and a long title keeps its words', async ({ browser, server }) => {
	const phones = new Phones(browser, server.url);
	try {
		const title = 'Q1 launch — Uptime Guarantee for mid-size fleets in the Nordics and the Baltics';
		const { page: carla, code } = await phones.facilitate(title, 'Carla Mendes');
		const anna = await phones.join(code, 'Anna Lindqvist', 'Sales');
		await tapStage(carla, 'Draft');
		await carla.getByRole('region', { name: 'Facilitator controls' }).getByRole('button', { name: 'Freeze' }).tap();
		await tapStage(anna, 'Draft');
		const topbar = anna.locator('header.topbar');
		const notice = anna.getByText('The facilitator has paused editing.');
		await expect(notice).toBeVisible();

		for (const page of [anna, carla]) {
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(400);
			await expect(page.locator('header.topbar')).toBeInViewport({ ratio: 1 });
			await expect(page.getByTestId('join-code')).toBeInViewport();
			await expect(page.locator('[data-status="online"]')).toBeInViewport();
			await expectNoSideways(page);
		}
		await expect(notice).toBeInViewport();
		await expect(carla.getByText('Editing is frozen for participants.')).toBeInViewport();
		// The title keeps room for words and tells the rest on hover.
		const heading = topbar.getByRole('heading', { level: 1 });
		await expect(heading).toHaveAttribute('title', title);
		expect((await heading.boundingBox())!.width).toBeGreaterThan(200);
		await anna.screenshot({ path: `${ARTIFACTS}/phone-topbar-frozen.png` });

		// The same on a laptop and a wide screen.
		for (const viewport of [
			{ width: 1280, height: 800 },
			{ width: 1920, height: 1080 }
		]) {
			await anna.setViewportSize(viewport);
			await anna.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			await expect(topbar).toBeInViewport({ ratio: 1 });
			await expect(notice).toBeInViewport();
		}
		await anna.screenshot({ path: `${ARTIFACTS}/topbar-frozen-1920.png` });
	} finally {
		await phones.close();
	}
});
