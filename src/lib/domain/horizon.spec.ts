import { describe, expect, it } from 'vitest';
import { horizonOf } from './horizon';

describe('horizonOf', () => {
	it.each([
		['120 qualified leads a month', 'month'],
		['+15 % per quarter', 'quarter'],
		['€2m ARR', 'year'],
		['40 demos per week', 'week'],
		['Win rate 30% in Q3', 'quarter'],
		['Pipeline 3× quota, yearly', 'year'],
		['500 MQLs/month', 'month'],
		['grow 20% YoY', 'year']
	] as const)('reads %s as %s', (target, horizon) => {
		expect(horizonOf(target)).toBe(horizon);
	});
	it('says nothing when a target names no horizon', () => {
		expect(horizonOf('30 % win rate')).toBeNull();
		expect(horizonOf('')).toBeNull();
		expect(horizonOf('Monday meetings')).toBeNull();
	});
	it('says nothing when a target names two, so the person chooses', () => {
		expect(horizonOf('100 a month, 1,200 a year')).toBeNull();
	});
});
