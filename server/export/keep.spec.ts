/**
 * Root cause of "Signatures" alone at the foot of a page: a heading asked only
 * for 60 pt of room, for itself, and what followed it then started the next
 * page. Sweep a section's length so that the next heading moves across the
 * foot of a page; no page may end with a heading.
 */
import { describe, expect, it } from 'vitest';
import { sampleExport } from '../../src/lib/domain/export/sample.js';
import { renderPdf } from './pdf.js';
import { pagesText } from './pdfProbe.js';

const HEADINGS = ['Value proposition', 'Agreed language', 'Stress-test findings', 'Glossary', 'Shared metrics', 'Lead hand-off', 'Ramp-up timeline', 'Signatures', 'Proof points', 'Where sales and marketing split'];

/** The last line of each page above its footer. */
function pageEnds(pages: string[]): string[] {
	return pages.map((page) => page.split('\n').map((l) => l.trim()).filter((l) => l && !/page \d+ of \d+$/.test(l)).at(-1) ?? '');
}

describe('PDF headings', () => {
	it('never end a page: each keeps with the start of what follows', { timeout: 120_000 }, async () => {
		const base = sampleExport();
		const field = { field: 'Fleet size', wantedBy: ['sales'], status: 'required' };
		// Each render takes a second or two on a loaded machine: 4 to 12 fields carry the
		// timeline's heading across the foot of page 2 (at 8 it stood alone there before the fix).
		for (let n = 4; n <= 12; n++) {
			const data = { ...base, language: [], stressTest: [], glossary: [], metrics: [], handoff: { fields: Array.from({ length: n }, () => field), followUp: '', feedback: '' } };
			const ends = pageEnds(pagesText(await renderPdf(data)));
			expect(ends.filter((end) => HEADINGS.includes(end)), `${n} hand-off fields`).toEqual([]);
		}
	});
});
