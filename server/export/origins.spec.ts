/** "Where the lines came from" in the PDF and Word exports (the model and Markdown: src/lib/domain/export/origins.spec.ts). */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { sampleExport } from '../../src/lib/domain/export/sample.js';
import { sampleBreakoutExport } from '../../src/lib/domain/export/sampleBreakout.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';
import { pagesText } from './pdfProbe.js';

const HEADING = 'Where the lines came from';

describe('where the lines came from', () => {
	it('PDF: per adopted line the groups\' wordings, the vote per team, and what was taken from a group', { timeout: 60_000 }, async () => {
		const pages = pagesText(await renderPdf(sampleBreakoutExport()));
		const all = pages.join('\n').replace(/\s+/g, ' ');
		expect(all).toContain(HEADING);
		for (const expected of ['Chosen by vote, 16 voted: Keep every truck on the road', 'Group 1, Depot crew', 'Leadership and other', 'Taken from Group 2: Fleetwise warns you', 'No text from Group 4.', '(adopted)']) {
			expect(all).toContain(expected);
		}
		// Like every heading, it never ends a page on its own.
		for (const page of pages) expect(page.split('\n').map((l) => l.trim()).filter((l) => l && !/page \d+ of \d+$/.test(l)).at(-1)).not.toBe(HEADING);
	});

	it('PDF: keeps the section\'s heading with its first line when it falls at the foot of a page', { timeout: 120_000 }, async () => {
		const base = sampleBreakoutExport();
		const field = { field: 'Fleet size', wantedBy: ['sales'], status: 'required' };
		// A longer or shorter hand-off table moves the appendix's heading across the foot of a page.
		for (let n = 0; n <= 12; n += 3) {
			const data = { ...base, timeline: [], signatures: [], handoff: { fields: Array.from({ length: n }, () => field), followUp: '', feedback: '' } };
			const pages = pagesText(await renderPdf(data));
			const ends = pages.map((page) => page.split('\n').map((l) => l.trim()).filter((l) => l && !/page \d+ of \d+$/.test(l)).at(-1));
			expect(ends.filter((end) => end === HEADING || end === 'Headline' || end === 'One-liner'), `${n} hand-off fields`).toEqual([]);
		}
	});

	it('Word: a heading per line and a table of wordings each', async () => {
		const xml = strFromU8(unzipSync(new Uint8Array(await renderDocx(sampleBreakoutExport())))['word/document.xml']!);
		const plainXml = strFromU8(unzipSync(new Uint8Array(await renderDocx(sampleExport())))['word/document.xml']!);
		expect(xml).toContain(HEADING);
		expect(xml).toContain('Depot crew');
		expect(xml).toContain('(adopted)');
		expect((xml.match(/<w:tbl>/g) ?? []).length - (plainXml.match(/<w:tbl>/g) ?? []).length).toBe(3);
	});

	it('is absent without breakout rounds', { timeout: 60_000 }, async () => {
		expect(pagesText(await renderPdf(sampleExport())).join('\n')).not.toContain(HEADING);
		expect(strFromU8(unzipSync(new Uint8Array(await renderDocx(sampleExport())))['word/document.xml']!)).not.toContain(HEADING);
	});
});
