/**
 * Root cause of the boxes: the PDF's fonts (Inter, Noto Emoji) had no glyph for
 * ≥ → ✓, CJK or Hangul, so pdfkit set the missing-glyph box. Every character
 * of a sample in every script and symbol class must be drawn by some embedded font.
 */
import { describe, expect, it } from 'vitest';
import { sampleExport } from '../../src/lib/domain/export/sample.js';
import { fontRuns } from './fonts.js';
import { renderPdf } from './pdf.js';
import { drawnCharacters, pagesText } from './pdfProbe.js';

const SCRIPTS = {
	latinAccents: 'Élodie Müller, Łódź, São Paulo, Dvořák, Ångström, çà, ß',
	greek: 'Ελλάδα αβγδ',
	cyrillic: 'Привет, Ёж',
	chinese: '简体中文，繁體中文：客户满意',
	japanese: '日本語のテキスト、カタカナ',
	korean: '한국어 고객',
	symbols: '≥ ≤ ≠ ± × ÷ → ← ↑ ⇒ € £ ¥ • ✓ ✔ ✗ ★ ♥ ① ½ ∞ √ ∑ ° ‰ ™ © …',
	emoji: '🚀 👍 😀 🎉 ✅ ❌ 📈 🔥'
};
const SAMPLE = Object.values(SCRIPTS).join(' ');

describe('PDF glyphs', () => {
	it('finds a face with a real glyph for every character of every script and symbol class', () => {
		for (const weight of ['regular', 'semibold', 'bold']) {
			const runs = fontRuns(SAMPLE.replace(/ /g, ''), weight);
			expect(runs.map((r) => r.text).join('')).toBe(SAMPLE.replace(/ /g, ''));
			// The weight's own face is what is left when no face draws a character: Inter has no CJK, so it never gets one.
			expect(runs.filter((r) => r.font === weight && /[^\p{Script=Latin}\p{P}\p{N}\p{S}]/u.test(r.text))).toEqual([]);
		}
	});

	it('survives a face whose file has no readable character map (Noto Sans SC slice 101 draws 乓; Thai ท falls in that range)', () => {
		// Found by the poisoned-content fuzzer: fontkit threw on every lookup in that file, and the PDF export answered 500.
		for (const weight of ['regular', 'semibold', 'bold']) {
			const runs = fontRuns('乓 ท 客户', weight);
			expect(runs.map((r) => r.text).join('')).toBe('乓 ท 客户');
		}
	});

	it('draws every character of the sample with an embedded glyph, never the missing-glyph box', { timeout: 90_000 }, async () => {
		const data = sampleExport();
		data.proposition.headline = `${SCRIPTS.latinAccents} ${SCRIPTS.symbols}`;
		data.proposition.oneLiner = SAMPLE;
		data.proposition.claims[0]!.text = SAMPLE;
		data.glossary[0]!.weSay = SAMPLE;
		data.timeline[0]!.title = SAMPLE;
		const pdf = await renderPdf(data);
		const { drawn, boxes } = drawnCharacters(pdf);
		expect(boxes).toBe(false);
		const missing = [...new Set([...SAMPLE])].filter((ch) => ch !== ' ' && !drawn.has(ch));
		expect(missing).toEqual([]);
		expect(pagesText(pdf).join('')).not.toContain('\u0000');
	});
});
