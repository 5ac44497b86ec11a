import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wrapLines } from './wrap.js';

const measure = (text: string) => [...text].reduce((sum, ch) => sum + (/[\p{Script=Han}\p{Script=Hangul}]/u.test(ch) ? 9 : ch === '🚀' ? 10 : 5), 0);

describe('wrapLines', () => {
	it('breaks between words, between CJK characters and at line breaks, never inside a word that fits', () => {
		expect(wrapLines('Kick-off 中文 ≥ → 🚀 with a much longer title', 65, measure)).toEqual(['Kick-off 中文', '≥ → 🚀 with a', 'much longer', 'title']);
		expect(wrapLines('简体中文客户满意', 30, measure)).toEqual(['简体中', '文客户', '满意']);
		expect(wrapLines('one\ntwo', 100, measure)).toEqual(['one', 'two']);
		expect(wrapLines('objection role-play', 60, measure)).toEqual(['objection', 'role-play']);
		expect(wrapLines('(in-progress)', 50, measure)).toEqual(['(in-', 'progress)']);
		expect(wrapLines('', 100, measure)).toEqual(['']);
	});

	it('property: no line is wider than the width unless it is one character, and no text is lost', () => {
		const unit = fc.constantFrom('a', 'word', ' ', '中', '한', '🚀', 'very-long-hyphenated-word', '\n');
		fc.assert(
			fc.property(fc.array(unit, { maxLength: 30 }), fc.integer({ min: 10, max: 120 }), (parts, width) => {
				const text = parts.join('');
				const lines = wrapLines(text, width, measure);
				for (const line of lines) expect(measure(line) <= width || [...line].length === 1).toBe(true);
				expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
			})
		);
	});
});
