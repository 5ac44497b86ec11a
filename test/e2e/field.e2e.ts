/**
 * The field loop on a phone: a salesperson who was not in the room joins with the field link
 * at 390 × 844, logs three conversations offline, sees them waiting, reconnects, and the
 * facilitator's field view on a laptop shows the right counts. The workshop, its signed
 * version and the open field phase are set up through the API (fast), not clicked through.
 */
import fs from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import * as Y from 'yjs';
import { sessionCookieName, type CreateWorkshopResponse, type FieldResponse, type JoinResponse } from '../../src/lib/api.js';
import { claimLineId, claims, content, lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { api, connect, createWorkshop, synced } from '../support/clients.js';
import { eventually, type RunningServer } from '../support/server.js';
import { test, expect } from './fixtures.js';

const CLAIMS = ['Cuts unplanned vehicle-off-road time by 30%', 'Installs in one day, without a workshop visit', 'If we miss a breakdown, the repair is on us'];

/** A workshop whose proposition (three claims, one required lead field) is saved, signed and open to the field. */
async function signedAndOpen(server: RunningServer, beforeOpening: (workshop: CreateWorkshopResponse, carla: JoinResponse) => Promise<void> = async () => {}): Promise<{ workshop: CreateWorkshopResponse; carla: JoinResponse; fieldUrl: string }> {
	const workshop = await createWorkshop(server, 'Fleetwise spring launch');
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla Mendes', team: 'marketing' })).body;
	const auth = { authorization: `Bearer ${carla.token}` };
	const intent = (body: Record<string, unknown>) => api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, auth);

	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	const by = { authorId: carla.participantId, authorTeam: 'marketing' as const, createdAt: 1 };
	writer.doc.transact(() => {
		CLAIMS.forEach((text, i) => {
			claims.add(writer.doc, `k${i + 1}`);
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(text)]);
			lineFragment(writer.doc, claimLineId(`k${i + 1}`)).insert(0, [paragraph]);
		});
		content.handoff(writer.doc).add({ id: 'h1', ...by, field: 'Fleet size', wantedBy: ['sales'], status: 'required' });
		content.handoff(writer.doc).add({ id: 'h2', ...by, field: 'Budget owner named', wantedBy: ['sales'], status: 'required' });
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
	await beforeOpening(workshop, carla);
	expect((await intent({ type: 'field.open' })).status).toBe(200);

	const field = await api<FieldResponse>(server, `/api/workshops/${workshop.workshopId}/field`, undefined, auth);
	expect(field.status).toBe(200);
	expect(field.body.fieldUrl).toContain('#field=');
	return { workshop, carla, fieldUrl: field.body.fieldUrl! };
}

async function signIn(context: BrowserContext, server: RunningServer, workshopId: string, token: string) {
	await context.addCookies([{ name: sessionCookieName(workshopId), value: token, url: server.url }]);
}

function claimRow(page: Page, claimId: string) {
	return page.locator(`[data-claim="${claimId}"]`);
}

/** One conversation, as a thumb does it: an outcome per claim used, then the big button. */
async function logConversation(page: Page, picks: [claimId: string, outcome: 'Worked' | 'Objection' | 'Fell flat'][]) {
	for (const [claimId, outcome] of picks) await claimRow(page, claimId).getByRole('button', { name: outcome }).tap();
	await page.getByRole('button', { name: /Log conversation/ }).tap();
	await expect(page.getByTestId('log-confirmation')).toBeVisible();
}

test('a salesperson logs three conversations offline at 390 px; back online, the facilitator’s field view counts them', async ({ room, browser }) => {
	// The facilitator watches the results on a laptop; before the phase opens, the page says so calmly.
	const laptop = await room.person('Carla Mendes');
	await laptop.page.setViewportSize({ width: 1280, height: 800 });
	const { workshop, carla, fieldUrl } = await signedAndOpen(room.server, async (workshop, carla) => {
		await signIn(laptop.context, room.server, workshop.workshopId, carla.token);
		await laptop.page.goto(`/w/${workshop.workshopId}/field`);
		await expect(laptop.page.getByTestId('field-not-open')).toContainText('The field phase has not started');
	});
	fs.mkdirSync('test/e2e/artifacts', { recursive: true });
	await laptop.page.reload();
	await expect(laptop.page.getByTestId('field-totals')).toContainText('0 conversations');

	// A salesperson who was not in the room opens the field link on a phone.
	const phoneContext = await browser.newContext({ baseURL: room.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
	try {
		const phone = await phoneContext.newPage();
		phone.on('console', (message) => {
			if (message.text().includes('Content Security Policy')) room.cspViolations.push(message.text());
		});
		await phone.goto(fieldUrl.replace(/^https?:\/\/[^/]+/, ''));
		await expect(phone.getByText('Join the field team of')).toBeVisible();
		await expect(phone.getByRole('radio', { name: 'Observer' })).toHaveCount(0);
		await phone.getByLabel('Your name').fill('Dario Rossi');
		await phone.getByRole('radio', { name: 'Sales' }).check();
		await phone.screenshot({ path: 'test/e2e/artifacts/field-join.png' });
		await phone.getByRole('button', { name: 'Join the field team' }).click();
		await expect(phone).toHaveURL(new RegExp(`/w/${workshop.workshopId}/field$`));
		await expect(claimRow(phone, 'k1')).toContainText(CLAIMS[0]!);
		await expect(phone.getByTestId('outbox-status')).toHaveText(/All sent/);

		// Out of coverage in the customer's car park.
		await phoneContext.setOffline(true);
		await claimRow(phone, 'k1').getByRole('button', { name: 'Worked' }).tap();
		await claimRow(phone, 'k2').getByRole('button', { name: 'Objection' }).tap();
		await claimRow(phone, 'k2').getByPlaceholder(/The objection/).fill('Our depot is two hours away');
		await phone.getByRole('button', { name: 'Demo' }).tap();
		await phone.evaluate(() => window.scrollTo(0, 0));
		await phone.screenshot({ path: 'test/e2e/artifacts/field-log.png' });
		await phone.getByRole('button', { name: /Log conversation/ }).tap();
		await expect(phone.getByTestId('log-confirmation')).toBeVisible();
		await logConversation(phone, [
			['k1', 'Worked'],
			['k3', 'Fell flat']
		]);
		await logConversation(phone, [['k3', 'Fell flat']]);
		await expect(phone.getByTestId('outbox-status')).toHaveText(/3 waiting to send/);
		await expect(phone.getByTestId('offline-note')).toBeVisible();
		await phone.evaluate(() => window.scrollTo(0, 0));
		await phone.screenshot({ path: 'test/e2e/artifacts/field-waiting.png' });

		await phone.getByRole('button', { name: /My logs/ }).tap();
		await expect(phone.locator('[data-log][data-waiting="true"]')).toHaveCount(3);
		await phone.screenshot({ path: 'test/e2e/artifacts/field-my-logs.png', fullPage: true });
		// Nothing reached the server while offline.
		await expect(laptop.page.getByTestId('field-totals')).toContainText('0 conversations');

		// Back in coverage: the outbox empties and the facilitator's view moves on its own.
		await phoneContext.setOffline(false);
		await expect(phone.getByTestId('outbox-status')).toHaveText(/All sent/, { timeout: 15_000 });
		await expect(phone.getByTestId('offline-note')).toHaveCount(0);
		await expect(laptop.page.getByTestId('field-totals')).toContainText('3 conversations', { timeout: 15_000 });
		await expect(phone.locator('[data-log][data-waiting="false"]')).toHaveCount(3);
		await expect(phone.getByRole('button', { name: 'Edit' })).toHaveCount(3);
		await laptop.page.screenshot({ path: 'test/e2e/artifacts/field-results-1280.png' });

		// Each arrived once: the server holds three logs, not more.
		const view = await api<FieldResponse>(room.server, `/api/workshops/${workshop.workshopId}/field`, undefined, { authorization: `Bearer ${carla.token}` });
		expect(view.body.view.totals.logs).toBe(3);
		expect(view.body.counts.conversations).toBe(3);

		// A lead handed off that missed a required field, returned with a reason.
		await phone.getByRole('button', { name: 'Hand-off' }).tap();
		await phone.getByRole('switch', { name: /Fleet size/ }).tap();
		await phone.getByRole('button', { name: 'Returned' }).tap();
		await phone.getByLabel('Why is it returned?').fill('No budget owner named');
		await phone.getByRole('button', { name: 'Log hand-off' }).tap();
		await expect(laptop.page.getByTestId('field-totals')).toContainText('1 leads handed off');
		await phone.getByRole('button', { name: /My logs/ }).tap();

		// Its author corrects the record within the day: one log deleted, the laptop follows.
		await phone.locator('[data-log]', { hasText: 'Conversation' }).first().getByRole('button', { name: 'Delete' }).tap();
		await phone.getByRole('group', { name: 'Delete this log?' }).getByRole('button', { name: 'Delete' }).tap();
		await expect(phone.locator('[data-log]')).toHaveCount(3);
		await expect(laptop.page.getByTestId('field-totals')).toContainText('2 conversations');
	} finally {
		await phoneContext.close();
	}
});
