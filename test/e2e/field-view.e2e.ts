/**
 * The field view and the facilitator's side of it in real Chromium: the facilitator opens the
 * field phase on the Sign-off stage, hands out the link and schedules the digest; then the view
 * of six weeks in the field (the shared fixture, served in place of GET /field) at 1280, at
 * 390 on a phone and on the projector at 1920 × 1080, where it must not scroll and must read
 * from the back of the room.
 */
import fs from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import * as Y from 'yjs';
import { sessionCookieName, type CreateWorkshopResponse, type JoinResponse } from '../../src/lib/api.js';
import { claimLineId, claims, lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { api, connect, createWorkshop, synced } from '../support/clients.js';
import { eventually, type RunningServer } from '../support/server.js';
import { CLAIMS, fieldFixture } from '../support/fieldFixture.js';
import { expect, openStage, test } from './fixtures.js';

/** A workshop with the sample's claims, saved and signed by its facilitator; the field phase not open yet. */
async function signed(server: RunningServer): Promise<{ workshop: CreateWorkshopResponse; carla: JoinResponse }> {
	const workshop = await createWorkshop(server, 'Q1 launch — Uptime Guarantee');
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla Mendes', team: 'sales' })).body;
	const intent = (body: Record<string, unknown>) => api(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${carla.token}` });
	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	writer.doc.transact(() => {
		for (const claim of CLAIMS) {
			claims.add(writer.doc, claim.id);
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(claim.text)]);
			lineFragment(writer.doc, claimLineId(claim.id)).insert(0, [paragraph]);
		}
	});
	await writer.written();
	writer.destroy();
	expect((await intent({ type: 'version.save', name: 'Signed in the room' })).status).toBe(200);
	const control = connect(server, workshop.workshopId, 'control', carla.token);
	await synced(control);
	const versionId = await eventually(() => readControl(control.doc).versions.at(-1)!.id);
	control.destroy();
	expect((await intent({ type: 'signoff.setSigners', participantIds: [carla.participantId] })).status).toBe(200);
	expect((await intent({ type: 'signoff.sign', versionId })).status).toBe(200);
	return { workshop, carla };
}

/** GET /field answers with six weeks of the sample workshop's field; a long-poll for more is held (nothing new comes). */
async function serveFixture(context: BrowserContext) {
	const body = fieldFixture();
	await context.route(/\/api\/workshops\/[^/]+\/field(\?.*)?$/, async (route) => {
		if (new URL(route.request().url()).searchParams.has('after')) return; // held, like the server with nothing new
		await route.fulfill({ json: body });
	});
	return body;
}

test('the facilitator opens the field phase on Sign-off; the field view reads at 1280, on a phone and on the projector', async ({ room, browser }) => {
	const { workshop, carla } = await signed(room.server);
	fs.mkdirSync('test/e2e/artifacts', { recursive: true });
	const cookie = { name: sessionCookieName(workshop.workshopId), value: carla.token, url: room.server.url };

	const laptop = await room.person('Carla Mendes');
	await laptop.page.setViewportSize({ width: 1280, height: 800 });
	await laptop.context.addCookies([cookie]);
	await laptop.page.goto(`/w/${workshop.workshopId}`);
	await openStage(laptop.page, 'Sign-off');
	const panel = laptop.page.getByRole('region', { name: 'Into the field' });
	await panel.getByRole('button', { name: 'Open the field phase on “Signed in the room”' }).click();
	await expect(panel.getByTestId('field-status')).toContainText('Open since');
	await expect(panel.getByRole('textbox', { name: /Field link/ })).toHaveValue(new RegExp(`/w/${workshop.workshopId}/join#field=`));
	await expect(laptop.page.getByTestId('field-link')).toHaveText('Field · live');
	await panel.getByRole('combobox', { name: 'Every' }).selectOption('5');
	await panel.getByLabel('at', { exact: true }).fill('08:30');
	await panel.getByRole('button', { name: 'Schedule in the calendar' }).click();
	await expect(panel.getByTestId('digest-slot')).toContainText('Every Friday at 08:30');
	// A conversation logged (by the API here) moves the counts live, through the control document.
	const logged = await api(room.server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'field.log', id: 'e2e-1', uses: [{ claimId: 'k1', outcome: 'worked' }] }, { authorization: `Bearer ${carla.token}` });
	expect(logged.status).toBe(200);
	await expect(panel.getByTestId('field-counts')).toContainText(/conversations\s*1/);
	await panel.evaluate((e) => e.scrollIntoView({ block: 'center' }));
	await panel.screenshot({ path: 'test/e2e/artifacts/field-view-panel-1280.png' });

	// The projector's field view follows the real server live (a long poll on the revision).
	const live = await browser.newContext({ baseURL: room.server.url, viewport: { width: 1920, height: 1080 } });
	try {
		await live.addCookies([cookie]);
		const page = await live.newPage();
		await page.goto(`/w/${workshop.workshopId}/projector?view=field`);
		await expect(page.getByTestId('field-totals')).toContainText('1 conversations');
		const again = await api(room.server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'field.log', id: 'e2e-2', uses: [{ claimId: 'k2', outcome: 'objection', objection: 'Installing on 200 trucks will take months' }] }, { authorization: `Bearer ${carla.token}` });
		expect(again.status).toBe(200);
		await expect(page.getByTestId('field-totals')).toContainText('2 conversations', { timeout: 15_000 });
	} finally {
		await live.close();
	}

	// Six weeks later, on the laptop: failing claims first, flagged beside their prediction.
	const data = await serveFixture(laptop.context);
	await laptop.page.goto(`/w/${workshop.workshopId}/field`);
	await expect(laptop.page.locator('[data-claim]')).toHaveCount(CLAIMS.length);
	await expect(laptop.page.locator('[data-claim]').first()).toHaveAttribute('data-claim', data.view.failing[0]!);
	await expect(laptop.page.getByTestId('claim-flag').first()).toContainText('in the field');
	await laptop.page.screenshot({ path: 'test/e2e/artifacts/field-view-1280.png', fullPage: true });

	// On a phone: everything fits the width.
	const phone = await browser.newContext({ baseURL: room.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
	try {
		await phone.addCookies([cookie]);
		await serveFixture(phone);
		const page = await phone.newPage();
		await page.goto(`/w/${workshop.workshopId}/field`);
		await expect(page.locator('[data-claim]')).toHaveCount(CLAIMS.length);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await page.screenshot({ path: 'test/e2e/artifacts/field-view-390.png', fullPage: true });
		await page.screenshot({ path: 'test/e2e/artifacts/field-view-390-first-screen.png' });
		await page.getByRole('heading', { name: 'Shared metrics against target' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: 'test/e2e/artifacts/field-view-390-metrics.png' });
	} finally {
		await phone.close();
	}

	// On the projector: two claims a page, no scrolling, text ≥ 24 px and figures ≥ 32 px.
	const wall = await browser.newContext({ baseURL: room.server.url, viewport: { width: 1920, height: 1080 } });
	try {
		await wall.addCookies([cookie]);
		await serveFixture(wall);
		const page = await wall.newPage();
		// Pages turn with the clock: run it by hand and look at every page.
		await page.clock.install({ time: 0 });
		await page.goto(`/w/${workshop.workshopId}/projector?view=field`);
		await expect(page.getByTestId('projector-content')).toBeVisible();
		const pages = Number((await page.locator('.turn').textContent())!.split(' of ')[1]);
		expect(pages).toBe(7); // 5 claims and 5 metrics, two a page each, then lead quality
		for (let turn = 1; turn <= pages; turn++) {
			await expect(page.locator('.turn')).toHaveText(`${turn} of ${pages}`);
			const sizes = await page.evaluate(() => {
				const results = document.querySelector('.field-results')!;
				const texts = [...results.querySelectorAll<HTMLElement>('*')].filter((e) => e.checkVisibility() && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()));
				const px = (e: Element) => parseFloat(getComputedStyle(e).fontSize);
				return {
					text: Math.min(...texts.map(px)),
					figures: Math.min(...[...results.querySelectorAll('.n')].map(px)),
					scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
					clipped: [...results.querySelectorAll('[data-claim], .metric, .leads')].some((e) => e.getBoundingClientRect().bottom > document.querySelector('footer')!.getBoundingClientRect().top)
				};
			});
			expect(sizes, `page ${turn}`).toEqual({ text: expect.any(Number), figures: expect.any(Number), scrolls: false, clipped: false });
			expect(sizes.text).toBeGreaterThanOrEqual(24);
			expect(sizes.figures).toBeGreaterThanOrEqual(32);
			if (turn === 1) await page.screenshot({ path: 'test/e2e/artifacts/field-view-projector-1920.png' });
			if (turn === 5) await page.screenshot({ path: 'test/e2e/artifacts/field-view-projector-1920-metrics.png' });
			if (turn === pages) await page.screenshot({ path: 'test/e2e/artifacts/field-view-projector-1920-leads.png' });
			await page.clock.fastForward(15_000);
		}
	} finally {
		await wall.close();
	}
});
