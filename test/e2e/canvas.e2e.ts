import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import * as Y from 'yjs';
import { sessionCookieName } from '../../src/lib/api.js';
import { canvas, content, claims } from '../../src/lib/doc/schema.js';
import { nodeKey } from '../../src/lib/domain/canvas.js';
import { connect, synced } from '../support/clients.js';
import { test, expect, line } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';

function column(page: Page, id: string) {
	return page.locator(`[data-column="${id}"]`);
}

async function addNote(page: Page, columnId: string, text: string) {
	await column(page, columnId).getByRole('textbox', { name: /^New note/ }).fill(text);
	await column(page, columnId).getByRole('button', { name: /^Add note/ }).click();
}

async function openCanvas(page: Page) {
	await page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Canvas' }).click();
	await expect(page.getByRole('application', { name: /Insight canvas/ })).toBeVisible();
}

/** A card's place on the board, read from its transform. */
async function placeOf(card: Locator): Promise<{ x: number; y: number }> {
	const style = (await card.getAttribute('style')) ?? '';
	const match = /left: (-?[\d.]+)px; top: (-?[\d.]+)px/.exec(style);
	if (!match) throw new Error(`no place in "${style}"`);
	return { x: Number(match[1]), y: Number(match[2]) };
}

/** The canvas card of the note whose text is `text` (textareas hold their text as a value). */
async function noteCard(page: Page, text: string): Promise<Locator> {
	const key = await page.evaluate((wanted) => {
		for (const area of document.querySelectorAll<HTMLTextAreaElement>('[data-node^="note:"] textarea')) {
			if (area.value === wanted) return area.closest<HTMLElement>('[data-node]')!.dataset.node!;
		}
		return null;
	}, text);
	if (!key) throw new Error(`no card for "${text}"`);
	return page.locator(`[data-node="${key}"]`);
}

test('two participants cluster, connect and place notes on the canvas', async ({ room }) => {
	// Three people, two browsers each doing a dozen gestures: slow on a loaded machine.
	test.setTimeout(120_000);
	const { code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const elif = await room.join(code, 'Elif Kaya', 'Marketing');
	const errors: string[] = [];
	for (const { page } of [anna, elif]) page.on('pageerror', (error) => errors.push(error.message));

	// Material for the wall, written in the column view.
	await anna.page.getByRole('button', { name: '+ Add a claim' }).click();
	const claim = (await anna.page.locator('[data-line^="claim-"]').getAttribute('data-line'))!;
	await line(anna.page, claim).click();
	await anna.page.keyboard.type('Cuts unplanned downtime by 30%');
	const stories = ['“Every breakdown costs us a delivery window”', '“We find out from the driver, too late”', '“Parts take three days to arrive”'];
	for (const text of stories) await addNote(anna.page, 'customers-say', text);
	await addNote(anna.page, 'objections', 'We already have OEM telematics');
	await addNote(elif.page, 'data-says', '61% of fleet managers rank uptime first');
	await expect(column(elif.page, 'customers-say').locator('[data-note]')).toHaveCount(3);

	await openCanvas(anna.page);
	await openCanvas(elif.page);

	// Anna selects the three stories and clusters them.
	const first = await noteCard(anna.page, stories[0]!);
	await first.locator('[data-card-handle]').click();
	for (const text of stories.slice(1)) await (await noteCard(anna.page, text)).locator('[data-card-handle]').click({ modifiers: ['Shift'] });
	await anna.page.getByRole('button', { name: 'Cluster 3 selected' }).click();
	const name = anna.page.getByRole('textbox', { name: 'Cluster name' });
	await name.fill('Downtime stories');
	await name.press('Enter');
	await expect(elif.page.getByRole('region', { name: 'Cluster Downtime stories' })).toBeVisible();

	// … and connects the objection to the claim, labelled "answers".
	const objection = await noteCard(anna.page, 'We already have OEM telematics');
	await objection.getByRole('button', { name: /^Connect/ }).click();
	await expect(anna.page.getByText('Pick the card to connect to')).toBeVisible();
	// The canvas opens on the notes; the lines stand to their left. Find the claim as a person
	// would: see the whole board, then zoom in on it (Ctrl + wheel zooms about the pointer).
	await anna.page.getByRole('button', { name: 'Fit' }).click();
	const claimBox = (await anna.page.locator(`[data-node="${nodeKey('line', claim)}"]`).boundingBox())!;
	await anna.page.mouse.move(claimBox.x + claimBox.width / 2, claimBox.y + claimBox.height / 2);
	await anna.page.keyboard.down('Control');
	await anna.page.mouse.wheel(0, -100);
	await anna.page.keyboard.up('Control');
	await anna.page.locator(`[data-node="${nodeKey('line', claim)}"] [data-card-handle]`).click();
	const label = anna.page.getByLabel('Connector label');
	await label.fill('answers');
	await label.press('Enter');
	await expect(elif.page.locator('svg.links text', { hasText: 'answers' })).toBeVisible();
	// Back to the notes: the canvas opens on them again.
	await anna.page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Columns' }).click();
	await openCanvas(anna.page);

	// Elif places her note by keyboard only: Tab to its handle, arrow keys.
	const elifNote = await noteCard(elif.page, '61% of fleet managers rank uptime first');
	const elifKey = (await elifNote.getAttribute('data-node'))!;
	const before = await placeOf(anna.page.locator(`[data-node="${elifKey}"]`));
	await elifNote.locator('[data-card-handle]').focus();
	for (let i = 0; i < 3; i++) await elif.page.keyboard.press('ArrowDown');
	await elif.page.keyboard.press('Shift+ArrowRight');
	await expect.poll(() => placeOf(anna.page.locator(`[data-node="${elifKey}"]`))).toEqual({ x: before.x + 96, y: before.y + 48 });

	// Moving the frame carries its notes, on Elif's screen too.
	const storyKeys = await Promise.all(stories.map(async (text) => (await noteCard(anna.page, text)).getAttribute('data-node')));
	const startPlaces = await Promise.all(storyKeys.map((key) => placeOf(elif.page.locator(`[data-node="${key}"]`))));
	const header = anna.page.locator('[data-frame]').first();
	const box = (await header.boundingBox())!;
	const zoom = await anna.page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.world')!.style.transform)![1]));
	await anna.page.mouse.move(box.x + 20, box.y + 10);
	await anna.page.mouse.down();
	for (let i = 1; i <= 10; i++) await anna.page.mouse.move(box.x + 20 + i * 20, box.y + 10 + i * 8);
	await anna.page.mouse.up();
	const dx = Math.round(200 / zoom);
	const dy = Math.round(80 / zoom);
	for (const [i, key] of storyKeys.entries()) {
		await expect.poll(async () => {
			const now = await placeOf(elif.page.locator(`[data-node="${key}"]`));
			return Math.abs(now.x - startPlaces[i]!.x - dx) <= 2 && Math.abs(now.y - startPlaces[i]!.y - dy) <= 2;
		}).toBe(true);
	}

	// Presence: Anna's pointer, with her name, on Elif's canvas.
	await anna.page.mouse.move(box.x + 300, box.y + 300);
	await anna.page.mouse.move(box.x + 320, box.y + 310);
	await expect(elif.page.locator('.pointer', { hasText: 'Anna Lindqvist' })).toBeVisible();

	// Deleting a note takes its connector with it.
	await expect(anna.page.locator('svg.links g')).toHaveCount(1);
	await (await noteCard(anna.page, 'We already have OEM telematics')).getByRole('button', { name: /^Delete/ }).click();
	await expect(elif.page.locator('svg.links g')).toHaveCount(0);

	// The column view still shows every note in its column.
	await elif.page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Columns' }).click();
	await expect(column(elif.page, 'customers-say').locator('[data-note]')).toHaveCount(3);
	await openCanvas(elif.page);

	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await elif.page.screenshot({ path: `${ARTIFACTS}/canvas-1440.png` });
	expect(errors).toEqual([]);
	const results = await new AxeBuilder({ page: elif.page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
});

test('a wall of 1,000 notes and 300 connectors pans, drawing only what is in view', async ({ room, server }) => {
	const { person: facilitator } = await room.facilitate('Kick-off wall');
	const { page, context } = facilitator;
	const workshopId = new URL(page.url()).pathname.split('/')[2]!;
	const token = (await context.cookies()).find((c) => c.name === sessionCookieName(workshopId))!.value;

	// The wall is written by a real client over the sync protocol, as 300 people would have.
	const client = connect(server, workshopId, 'content', token);
	await synced(client);
	const doc = client.doc;
	const columns = ['customers-say', 'data-says', 'pains', 'gains', 'objections'];
	const teams = ['sales', 'marketing', 'leadership', 'other'] as const;
	doc.transact(() => {
		claims.add(doc, 'c1');
		for (let i = 0; i < 1000; i++) {
			const id = `n${i}`;
			content.notes(doc).add({
				id,
				authorId: 'someone',
				authorTeam: teams[i % 4]!,
				createdAt: i,
				column: columns[i % 5]!,
				order: i,
				lineId: '',
				text: `Insight ${i}: what a customer said in the field`
			});
			canvas.place(doc, [[nodeKey('note', id), { x: (i % 40) * 260, y: Math.floor(i / 40) * 170 }]]);
		}
		for (let i = 0; i < 300; i++) {
			canvas.connectors(doc).add({ id: `k${i}`, authorId: 'someone', authorTeam: null, createdAt: i, from: nodeKey('note', `n${i}`), to: nodeKey('note', `n${i + 41}`), label: i % 3 === 0 ? 'answers' : '' });
		}
	});
	await expect.poll(() => client.provider.synced && Y.encodeStateVector(doc).length > 0).toBe(true);

	await openCanvas(page);
	await page.getByRole('button', { name: 'Fit' }).click();
	// Seen whole, every card is drawn as a block; at 100% only those in view are drawn.
	await expect(page.locator('[data-node^="note:"]')).toHaveCount(1000);
	await page.getByRole('application', { name: /Insight canvas/ }).focus();
	await page.keyboard.press('1');
	const inView = await page.locator('[data-node^="note:"]').count();
	expect(inView).toBeGreaterThan(0);
	expect(inView).toBeLessThan(200);

	// A scripted pan with the mouse: the board moves and new cards come into view.
	const viewport = page.getByRole('application', { name: /Insight canvas/ });
	const area = (await viewport.boundingBox())!;
	const firstShown = await page.locator('[data-node^="note:"]').first().getAttribute('data-node');
	await page.mouse.move(area.x + area.width - 260, area.y + area.height - 40);
	// The middle button pans even over cards (a full wall has little empty space).
	await page.mouse.down({ button: 'middle' });
	for (let i = 1; i <= 30; i++) await page.mouse.move(area.x + area.width - 260 - i * 25, area.y + area.height - 40 - i * 10);
	await page.mouse.up({ button: 'middle' });
	await expect(page.locator(`[data-node="${firstShown}"]`)).toHaveCount(0);
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await page.getByRole('button', { name: 'Fit' }).click();
	await expect(page.locator('svg.links g')).toHaveCount(300);
	await page.screenshot({ path: `${ARTIFACTS}/canvas-1000-notes.png` });
	client.destroy();
});

/** The world point at the middle of a page's canvas, and its zoom. */
async function viewOf(page: Page) {
	return page.evaluate(() => {
		const world = document.querySelector<HTMLElement>('.world')!;
		const box = world.parentElement!.getBoundingClientRect();
		const [, tx, ty, zoom] = /translate\((-?[\d.e-]+)px, (-?[\d.e-]+)px\) scale\(([\d.e-]+)\)/.exec(world.style.transform)!.map(Number) as number[];
		return { x: Math.round((-tx! + box.width / 2) / zoom!), y: Math.round((-ty! + box.height / 2) / zoom!), zoom: Math.round(zoom! * 100) };
	});
}

test("follow someone's view, and the facilitator brings everyone's canvas to theirs", async ({ room }) => {
	const { person: facilitator, code } = await room.facilitate('Q1 launch — canvas walk-through');
	await facilitator.page.getByRole('button', { name: 'Move the room to Draft' }).click();
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');
	const elif = await room.join(code, 'Elif Kaya', 'Marketing');
	await addNote(anna.page, 'pains', 'Unplanned downtime eats the margin');
	await openCanvas(anna.page);
	await openCanvas(elif.page);

	// Elif follows Anna; Anna zooms and pans by keyboard; Elif's view goes with her.
	await elif.page.getByLabel("Follow someone's view").selectOption({ label: 'Follow Anna Lindqvist' });
	await expect(elif.page.getByText('Following Anna Lindqvist')).toBeVisible();
	const annaCanvas = anna.page.getByRole('application', { name: /Insight canvas/ });
	await annaCanvas.focus();
	await anna.page.keyboard.press('1');
	for (let i = 0; i < 4; i++) await anna.page.keyboard.press('ArrowLeft');
	const target = await viewOf(anna.page);
	await expect.poll(() => viewOf(elif.page)).toEqual(target);
	// Moving her own board ends following.
	await elif.page.getByRole('application', { name: /Insight canvas/ }).focus();
	await elif.page.keyboard.press('Escape');
	await expect(elif.page.getByText('Following Anna Lindqvist')).toBeHidden();

	// The facilitator looks at another part of the wall and brings everyone there;
	// Anna, back in the column view, is switched to the canvas.
	await anna.page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Columns' }).click();
	await facilitator.page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Canvas' }).click();
	const board = facilitator.page.getByRole('application', { name: /Insight canvas/ });
	await board.focus();
	await facilitator.page.keyboard.press('1');
	for (let i = 0; i < 3; i++) await facilitator.page.keyboard.press('+');
	for (let i = 0; i < 5; i++) await facilitator.page.keyboard.press('ArrowDown');
	// The view the facilitator shares is set in the same update that draws it.
	const facilitatorView = await viewOf(facilitator.page);
	await facilitator.page.getByRole('button', { name: 'Bring everyone here' }).click();
	for (const { page } of [anna, elif]) {
		await expect(page.getByRole('application', { name: /Insight canvas/ })).toBeVisible();
		// Within a pixel: a shared view centre is stored in whole world units.
		await expect
			.poll(async () => {
				const view = await viewOf(page);
				return view.zoom === facilitatorView.zoom && Math.abs(view.x - facilitatorView.x) <= 1 && Math.abs(view.y - facilitatorView.y) <= 1;
			})
			.toBe(true);
	}
});

test('the canvas opens readable on the notes, as tall as the window, and zooms by pinch', async ({ room, server }) => {
	const { person } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const { page, context } = person;
	const workshopId = new URL(page.url()).pathname.split('/')[2]!;
	const token = (await context.cookies()).find((c) => c.name === sessionCookieName(workshopId))!.value;
	// The sample workshop's wall: eighteen notes in five columns, thirteen proposition lines.
	const client = connect(server, workshopId, 'content', token);
	await synced(client);
	const wall: Record<string, string[]> = {
		'customers-say': ['“What happens when your prediction is wrong?”', 'Fleet managers say “VOR”, never “downtime”', '“Our drivers won’t accept more monitoring in the cab”', 'Larger fleets ask for a reference customer'],
		'data-says': ['ROI calculator visitors convert 3× more often to a demo', 'Search interest for “truck breakdown prevention” up 40%', 'Fleets of 50–500 trucks are 62% of segment revenue'],
		pains: ['Roadside breakdowns on delivery deadlines', 'Rental trucks at short notice', 'Penalties from shippers for late loads'],
		gains: ['Predictable maintenance windows', 'Fewer penalty clauses', 'Drivers less stressed'],
		objections: ['“We already have OEM telematics”', '“Your 30% comes from another segment”', '“Installing on 200 trucks will take months”', '“Guarantees always have small print”', '“We tried a pilot last year”']
	};
	client.doc.transact(() => {
		for (const id of ['k1', 'k2', 'k3']) claims.add(client.doc, id);
		let order = 0;
		for (const [column, texts] of Object.entries(wall)) {
			for (const text of texts) content.notes(client.doc).add({ id: `n${order}`, authorId: 'someone', authorTeam: order % 2 ? 'sales' : 'marketing', createdAt: order, column, order: order++, lineId: '', text });
		}
	});
	await client.written();
	await expect(column(page, 'objections').locator('[data-note]')).toHaveCount(5);
	fs.mkdirSync(ARTIFACTS, { recursive: true });

	const viewport = page.getByRole('application', { name: /Insight canvas/ });
	const zoom = async () => parseInt((await page.locator('output.zoom').textContent())!, 10);
	for (const size of [
		{ width: 1280, height: 800 },
		{ width: 1920, height: 1080 }
	]) {
		await page.setViewportSize(size);
		await openCanvas(page);
		// The board takes the window's height (scrolled to, as a person would), and the minimap stays inside the canvas.
		await viewport.evaluate((el) => el.closest('.canvas-board')!.scrollIntoView({ block: 'end' }));
		// Readable at once: not the fitted wall of coloured blocks (19% before), and notes' text in view.
		expect(await zoom()).toBeGreaterThanOrEqual(60);
		await expect((await noteCard(page, 'Fleet managers say “VOR”, never “downtime”')).locator('textarea')).toBeInViewport();
		await expect((await noteCard(page, 'Fewer penalty clauses')).locator('textarea')).toBeInViewport();
		const board = (await page.locator('.canvas-board').boundingBox())!;
		expect(board.height).toBeGreaterThan(size.height - 140);
		expect(board.y + board.height).toBeLessThanOrEqual(size.height + 1);
		const canvasBox = (await viewport.boundingBox())!;
		const minimap = (await page.locator('.minimap').boundingBox())!;
		expect(minimap.y + minimap.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height);
		await page.screenshot({ path: `${ARTIFACTS}/canvas-first-look-${size.width}.png` });
		// + / − / 1 zoom about the middle of what is shown.
		await viewport.focus();
		const middle = await viewOf(page);
		await page.keyboard.press('+');
		await page.keyboard.press('1');
		const after = await viewOf(page);
		expect(after.zoom).toBe(100);
		expect(Math.abs(after.x - middle.x)).toBeLessThanOrEqual(2);
		expect(Math.abs(after.y - middle.y)).toBeLessThanOrEqual(2);
		await page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Columns' }).click();
	}

	// Two fingers spread apart zoom in (touch pointers, as a phone or tablet sends them).
	await openCanvas(page);
	const box = (await viewport.boundingBox())!;
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	const before = await zoom();
	const cdp = await context.newCDPSession(page);
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
		cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints:
				type === 'touchEnd'
					? []
					: [
							{ x: cx - spread, y: cy, id: 1 },
							{ x: cx + spread, y: cy, id: 2 }
						]
		});
	await touch('touchStart', 60);
	for (let spread = 70; spread <= 120; spread += 10) await touch('touchMove', spread);
	await touch('touchEnd', 0);
	await expect.poll(zoom).toBeGreaterThanOrEqual(Math.min(250, Math.round(before * 1.8)));
	client.destroy();
});
