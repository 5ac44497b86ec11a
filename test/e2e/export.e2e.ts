import fs from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { unfold } from '../../src/lib/domain/ics.js';
import { test, expect, line, openStage } from './fixtures.js';

async function saved(page: Page, click: () => Promise<void>): Promise<Buffer> {
	const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
	return fs.readFileSync((await download.path())!);
}

async function pdfText(buffer: Buffer): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(buffer), isEvalSupported: false }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return text;
}

test('a leader downloads the document as PDF, Word, Markdown and calendar, each with the headline and the milestones', async ({ room }) => {
	const { person: carla, code } = await room.facilitate('Q1 launch — Uptime Guarantee for mid-size fleets');
	const ines = await room.join(code, 'Ines Duarte', 'Leadership');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');

	await line(anna.page, 'headline').click();
	await anna.page.keyboard.type('Keep every truck on the road');
	await openStage(carla.page, 'Ramp-up');
	await carla.page.getByLabel('Launch', { exact: true }).fill('2027-02-01');
	await carla.page.getByLabel('Launch', { exact: true }).dispatchEvent('change');
	await carla.page.getByRole('button', { name: 'Start from the standard ramp-up' }).click();
	await expect(carla.page.locator('[data-milestone]')).toHaveCount(6);

	// A sales participant reads the stage but cannot take the document away.
	await openStage(anna.page, 'Sign-off');
	await expect(anna.page.getByText('The facilitator has not opened exports to you')).toBeVisible();

	const { page } = ines;
	await openStage(page, 'Sign-off');
	await expect(page.getByRole('link', { name: 'Download PDF' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Calendar (.ics)' })).toBeEnabled();

	const pdf = await pdfText(await saved(page, () => page.getByRole('link', { name: 'Download PDF' }).click()));
	expect(pdf).toContain('Keep every truck on the road');
	expect(pdf).toContain('Mid-campaign review');

	const docx = strFromU8(unzipSync(new Uint8Array(await saved(page, () => page.getByRole('link', { name: 'Word (.docx)' }).click())))['word/document.xml']!);
	expect(docx).toContain('Keep every truck on the road');
	expect(docx).toContain('Mid-campaign review');

	const md = (await saved(page, () => page.getByRole('link', { name: 'Markdown' }).click())).toString('utf8');
	expect(md).toContain('### Keep every truck on the road');
	expect(md).toContain('Mid-campaign review');

	const ics = unfold((await saved(page, () => page.getByRole('button', { name: 'Calendar (.ics)' }).click())).toString('utf8'));
	// The campaign end has no date yet (no end set), so five of the six milestones are events.
	expect(ics.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(5);
	expect(ics).toContain('SUMMARY:Mid-campaign review');
});
