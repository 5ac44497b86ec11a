import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wordingKey } from './compare';
import { MERGE_MAX, groupHeard, hear, type Heard } from './wordings';

function heardOf(texts: string[]): Heard {
	const heard: Heard = new Map();
	const keys = new Map<string, string>();
	for (const t of texts) hear(heard, t, keys);
	return heard;
}

describe('grouping what was heard', () => {
	it('groups the same words at once and near-identical long wordings, shown as most often heard', () => {
		const long = 'Our current vendor already does this for us today';
		expect(groupHeard(heardOf(['Too expensive', 'too expensive!', 'TOO EXPENSIVE', 'too expensive!', long, 'Our current vendor already does all this for us today', 'Too cheap']))).toEqual([
			{ text: 'too expensive!', count: 4, wordings: 3 },
			{ text: 'Our current vendor already does all this for us today', count: 2, wordings: 2 },
			{ text: 'Too cheap', count: 1, wordings: 1 }
		]);
	});

	it('keeps numbers and negations apart', () => {
		const groups = groupHeard(heardOf(['We would need it within 30 days of signing the contract', 'We would need it within 60 days of signing the contract', 'We would not need it within 30 days of signing the contract']));
		expect(groups).toHaveLength(3);
	});

	it('reads plain ASCII (the fast path) exactly as the Unicode path does', () => {
		// A trailing middle dot is no word, but makes the text non-ASCII.
		fc.assert(
			fc.property(fc.string({ unit: 'binary-ascii' }), (text) => {
				expect(wordingKey(text)).toBe(wordingKey(`${text} \u00b7`));
			})
		);
		expect(wordingKey("Don't pay 1,000.50 EUR!")).toBe('dont pay 1000.50 eur');
	});

	it('ignores texts without words', () => {
		expect(groupHeard(heardOf(['', '  ', '?!']))).toEqual([]);
	});

	it('does not depend on the order heard', () => {
		const texts = ['b', 'a', 'B', 'A', 'c'];
		expect(groupHeard(heardOf(texts))).toEqual(groupHeard(heardOf([...texts].reverse())));
	});

	it('stays bounded when everything heard is different: all counted, only the most heard compared', () => {
		const texts = Array.from({ length: 20_000 }, (_, i) => `Objection number ${i} about the price of the whole thing`);
		const groups = groupHeard(heardOf(texts));
		expect(groups.reduce((s, g) => s + g.count, 0)).toBe(20_000);
		expect(groups.length).toBe(20_000);
		expect(MERGE_MAX).toBeLessThan(groups.length);
	});
});
