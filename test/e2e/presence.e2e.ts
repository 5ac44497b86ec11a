/**
 * Presence in a room fuller than one screen can show: three people in browsers, thirty more as
 * thin y-websocket clients. Pointers and carets of the people in view appear and follow live; the
 * roster counts and places everyone, shown or not.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { MessageType } from '../../src/lib/protocol/wire.js';
import { MAX_SHOWN_POINTERS } from '../../src/lib/protocol/presence.js';
import { api, connect, synced, type SyncClient } from '../support/clients.js';
import type { JoinResponse } from '../../src/lib/api.js';
import { test, expect, line, openStage } from './fixtures.js';

const ON_DRAFT = 24;
const ON_LANGUAGE = 6;

/** Count the kinds of message a page's content socket receives (from the next connection on). */
function countFrames(page: Page) {
	const kinds = new Map<number, number>();
	page.on('websocket', (ws) => {
		if (!/\/content(\?|$)/.test(ws.url())) return;
		ws.on('framereceived', ({ payload }) => {
			if (typeof payload === 'string') return;
			kinds.set(payload[0]!, (kinds.get(payload[0]!) ?? 0) + 1);
		});
	});
	return kinds;
}

/** The screen position of a remote pointer, read from its transform. */
async function pointerAt(page: Page, name: string) {
	const style = (await page.locator('.pointer', { hasText: name }).getAttribute('style')) ?? '';
	const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(style);
	return match ? { x: Math.round(Number(match[1])), y: Math.round(Number(match[2])) } : null;
}

test('pointers and carets follow live for people in view, and the roster counts everyone', async ({ room, server }) => {
	test.setTimeout(180_000);
	const { person: facilitator, code } = await room.facilitate('Q1 launch — a full room');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const elif = await room.join(code, 'Elif Kaya', 'Marketing');
	const workshopId = /\/w\/([^/?#]+)/.exec(anna.page.url())![1]!;

	// Thirty more, far off on the canvas or on another stage: the server counts them, and (with
	// compact presence) need not show them to Anna.
	const crowd: SyncClient[] = [];
	for (let i = 0; i < ON_DRAFT + ON_LANGUAGE; i++) {
		const { body } = await api<JoinResponse>(server, '/api/join', { code: code.replace(/\W/g, ''), name: `Guest ${String(i).padStart(2, '0')}`, team: i % 2 ? 'sales' : 'marketing' });
		const client = connect(server, workshopId, 'content', body.token);
		const stage = i < ON_DRAFT ? 'draft' : 'language';
		client.provider.awareness.setLocalState({
			user: { id: body.participantId, name: body.name, team: body.team, role: body.role, color: '#4D5B66' },
			stage,
			...(stage === 'draft' ? { view: { x: 40_000, y: 40_000, zoom: 1, w: 1280, h: 800 }, pointer: { x: 40_500 + i, y: 40_300 } } : {})
		});
		crowd.push(client);
	}
	await Promise.all(crowd.map((client) => synced(client, 20_000)));
	const everyone = 3 + crowd.length;

	const frames = countFrames(anna.page);
	await anna.page.reload();
	await openStage(anna.page, 'Draft');
	await expect(anna.page.locator('[data-status="online"]')).toBeVisible();

	// The roster counts all 33 online and says where each is, shown or not.
	for (const { page } of [anna, facilitator]) {
		const people = page.getByRole('button', { name: /^People/ });
		if ((await people.getAttribute('aria-expanded')) !== 'true') await people.click();
		await expect(page.getByRole('heading', { name: /^People/ })).toContainText(`${everyone} of ${everyone} here`);
		await expect(page.locator('[data-participant]', { hasText: 'on Language' })).toHaveCount(ON_LANGUAGE);
		await expect(page.locator('[data-participant]', { hasText: 'on Draft' })).toHaveCount(ON_DRAFT + 3);
	}

	// Carets: Anna and Elif in the same line; Elif's caret shows in Anna's and follows her typing.
	await line(anna.page, 'headline').click();
	await line(elif.page, 'headline').click();
	await elif.page.keyboard.type('Keep every truck on the road');
	await expect(line(anna.page, 'headline')).toContainText('Keep every truck on the road');
	const caret = anna.page.locator('[data-line="headline"] .remote-caret-label', { hasText: 'Elif Kaya' });
	await expect(caret).toBeVisible();
	const before = (await caret.boundingBox())!.x;
	await elif.page.keyboard.type(', all year');
	await expect.poll(async () => (await caret.boundingBox())?.x ?? 0).toBeGreaterThan(before);

	// Pointers: Elif, in Anna's view, is drawn on Anna's canvas and follows her mouse.
	for (const { page } of [anna, elif]) {
		await page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Canvas' }).click();
		await expect(page.getByRole('application', { name: /Insight canvas/ })).toBeVisible();
	}
	const area = (await elif.page.getByRole('application', { name: /Insight canvas/ }).boundingBox())!;
	await elif.page.mouse.move(area.x + 200, area.y + 150);
	await expect(anna.page.locator('.pointer', { hasText: 'Elif Kaya' })).toBeVisible();
	const first = (await pointerAt(anna.page, 'Elif Kaya'))!;
	await elif.page.mouse.move(area.x + 420, area.y + 330, { steps: 4 });
	await expect.poll(async () => (await pointerAt(anna.page, 'Elif Kaya'))?.x ?? 0).toBeGreaterThan(first.x + 100);
	// No more pointers than the canvas draws.
	await expect.poll(() => anna.page.locator('.pointer').count()).toBeLessThanOrEqual(MAX_SHOWN_POINTERS);
	// "Follow…" still lists everyone, shown or not.
	await expect(anna.page.getByLabel("Follow someone's view").locator('option')).toHaveCount(everyone);

	// The compact stream did all this: Anna's content socket got presence messages and no plain awareness.
	expect(frames.get(MessageType.presence) ?? 0).toBeGreaterThan(0);
	expect(frames.get(MessageType.awareness) ?? 0).toBe(0);

	fs.mkdirSync('test/e2e/artifacts', { recursive: true });
	await anna.page.screenshot({ path: 'test/e2e/artifacts/presence-full-room.png' });
	for (const client of crowd) client.destroy();
});
