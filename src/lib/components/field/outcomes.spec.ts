import { describe, expect, it } from 'vitest';
import { failingFirst, figure, grouped, percent } from './outcomes';
import type { ClaimField } from '$lib/domain/fieldView';

const claim = (claimId: string) => ({ claimId }) as ClaimField;

describe('field view wording', () => {
	it('puts failing claims first, worst first, and keeps the signed order for the rest', () => {
		const order = failingFirst([claim('a'), claim('b'), claim('c'), claim('d')], ['d', 'b']).map((c) => c.claimId);
		expect(order).toEqual(['d', 'b', 'a', 'c']);
	});

	it('writes shares and figures short enough for a tile', () => {
		expect(percent(null)).toBe('—');
		expect(percent(0.456)).toBe('46 %');
		expect(figure(2_400_000)).toBe('2.4M');
		expect(figure(18_500)).toBe('19k');
		expect(figure(1234)).toBe('1,234');
		expect(figure(23.456)).toBe('23.5');
		expect(figure(Number.NaN)).toBe('—');
		expect(figure(-1234.56)).toBe('-1,234.6');
		expect(grouped(1234567)).toBe('1,234,567');
	});
});
