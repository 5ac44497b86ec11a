import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { hostileExport, sampleExport } from '../../src/lib/domain/export/sample.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';

async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string[] }> {
	const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
	const text: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return { pages: pdf.numPages, text };
}

describe('PDF export', () => {
	it('sets the whole workshop with a title page and numbered pages', async () => {
		const { pages, text } = await pdfText(await renderPdf(sampleExport()));
		expect(pages).toBeGreaterThanOrEqual(3);
		expect(text[0]).toContain('Q1 launch');
		expect(text[0]).toContain('Anna Lindqvist');
		const all = text.join('\n');
		for (const expected of ['Keep every truck on the road', 'Agreed language', 'Stress-test findings', 'Glossary', 'Shared metrics', 'Lead hand-off', 'Ramp-up timeline', 'Mid-campaign review']) {
			expect(all).toContain(expected);
		}
		expect(text[1]).toContain(`page 2 of ${pages}`);
	});

	it('shows the time of each milestone beside its date', async () => {
		// Root cause: the export data had no time of day, so the PDF named a time zone and showed no time.
		const all = (await pdfText(await renderPdf(sampleExport()))).text.join('\n');
		expect(all).toContain('Times are local to Europe/Stockholm.');
		for (const time of ['09:30', '14:00', '08:00', '16:30']) expect(all).toContain(time);
	});

	it('prints hostile text as text', async () => {
		const { text } = await pdfText(await renderPdf(hostileExport()));
		const all = text.join('\n');
		expect(all).toContain('<script>alert(1)</script>');
		expect(all).not.toContain('\u202E');
	});

	it('prints Greek, Cyrillic and emoji as typed, never as missing glyphs', async () => {
		const data = sampleExport();
		const typed = 'Costs < $10 & saves > 3 hours — "fast" 🚀 Привет Ελλάδα Łódź <b>not bold</b>';
		data.proposition.headline = typed;
		data.proposition.claims[0]!.text = `${typed} 👍`;
		// pdf.js returns a run per font and per wrapped line: compare without spacing.
		const all = (await pdfText(await renderPdf(data))).text.join('\n').replace(/\s+/g, '');
		expect(all).toContain(typed.replace(/\s+/g, ''));
		expect(all).toContain(`${typed} 👍`.replace(/\s+/g, ''));
		expect(all).not.toContain('\u0000');
	});
});

describe('Word export', () => {
	it('has real headings and tables with the workshop content', async () => {
		const files = unzipSync(new Uint8Array(await renderDocx(sampleExport())));
		const xml = strFromU8(files['word/document.xml']!);
		expect(xml).toContain('Keep every truck on the road');
		expect(xml).toMatch(/w:pStyle w:val="Heading1"/);
		expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(5);
		expect(xml).toContain('Mid-campaign review');
	});

	it('escapes hostile text into the XML and defuses formulas in tables', async () => {
		const xml = strFromU8(unzipSync(new Uint8Array(await renderDocx(hostileExport())))['word/document.xml']!);
		expect(xml).not.toContain('<script>');
		expect(xml).toContain('&lt;script&gt;');
		expect(xml).toMatch(/(&apos;|')=HYPERLINK/);
	});
});
