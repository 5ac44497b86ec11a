import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { sampleDigestDocument } from '../../src/lib/domain/export/sampleDigest.js';
import { renderDigestPdf } from './digestPdf.js';

async function pdfText(buffer: Buffer): Promise<string[]> {
	const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
	const text: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) text.push((await (await pdf.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
	return text;
}

describe('the field digest as PDF', () => {
	it('sets the figures first, then every section, with numbered pages', async () => {
		const pdf = await renderDigestPdf(sampleDigestDocument());
		// DIGEST_PDF_OUT=file keeps the PDF to look at (pdftoppm).
		if (process.env.DIGEST_PDF_OUT) writeFileSync(process.env.DIGEST_PDF_OUT, pdf);
		const pages = await pdfText(pdf);
		const all = pages.join('\n');
		expect(pages[0]).toContain('Field digest · week 6');
		for (const expected of ['Claims that work', "Claims that don't", 'Top objections', 'Metrics against target', 'Lead quality', 'Installs in one day', 'Predicted deliverable 2.6', 'Your 30% comes from another segment', 'Truck makes']) expect(all).toContain(expected);
		expect(pages[pages.length - 1]).toContain(`page ${pages.length} of ${pages.length}`);
	});

	it('prints hostile and non-Latin text as text', async () => {
		const doc = sampleDigestDocument();
		doc.title = 'Ünïcødé 見積もり 🚚 \u202eevil';
		doc.digest.topObjections = [{ claimId: 'k', claimText: '=cmd()', text: '価格が高すぎる 💸', count: 3, uses: 9, share: 1 / 3 }];
		// pdf.js reads CJK glyph by glyph, with spaces between.
		const all = (await pdfText(await renderDigestPdf(doc))).join('\n').replace(/\s+/g, '');
		expect(all).toContain('見積もり');
		expect(all).toContain('価格が高すぎる');
		expect(all).not.toContain('\u202e');
	});
});
