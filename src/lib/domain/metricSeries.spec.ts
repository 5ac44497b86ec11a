import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUCKETS_MAX, aggregationOf, bucketLabel, bucketStart, metricSeries, targetDirection, targetNumber, type SeriesMetric } from './metricSeries';
import type { MetricValue } from './fieldLogs';

const value = (date: string, v: number, metricId = 'leads'): MetricValue => ({ metricId, date, value: v, source: 'entered' });

describe('targets', () => {
	it.each([
		['120 qualified leads a month', 120],
		['+15 % per quarter', 15],
		['€2m ARR', 2_000_000],
		['1,200 a year', 1200],
		['1.5k demos', 1500],
		['Win rate 30% in Q3', 30],
		['FY26 revenue 2,5 million', 2_500_000],
		['Pipeline 3× quota', 3],
		['500 MQLs/month', 500],
		['more leads', null]
	] as const)('reads the number in %s', (target, n) => {
		expect(targetNumber(target)).toBe(n);
	});

	it('knows targets to stay under, and how a period adds up', () => {
		expect(targetDirection('churn under 2 %')).toBe('at-most');
		expect(targetDirection('cost per lead ≤ €40')).toBe('at-most');
		expect(targetDirection('120 leads a month')).toBe('at-least');
		expect(aggregationOf('win rate 30 %')).toBe('mean');
		expect(aggregationOf('€2m ARR')).toBe('last');
		expect(aggregationOf('120 leads a month')).toBe('sum');
	});
});

describe('buckets', () => {
	it('starts weeks on Monday and months, quarters and years on their first day', () => {
		expect(bucketStart('2026-03-05', 'week')).toBe('2026-03-02');
		expect(bucketStart('2026-03-02', 'week')).toBe('2026-03-02');
		expect(bucketStart('2026-03-01', 'week')).toBe('2026-02-23');
		expect(bucketStart('2026-08-31', 'month')).toBe('2026-08-01');
		expect(bucketStart('2026-08-31', 'quarter')).toBe('2026-07-01');
		expect(bucketStart('2026-08-31', 'year')).toBe('2026-01-01');
		expect(['week', 'month', 'quarter', 'year'].map((h) => bucketLabel(bucketStart('2026-08-31', h as 'week'), h as 'week'))).toEqual(['Week of 31 Aug 2026', 'Aug 2026', 'Q3 2026', '2026']);
	});
});

describe('a metric against its target', () => {
	const leads: SeriesMetric = { id: 'leads', name: 'Qualified leads', target: '120 a month', horizon: 'month' };

	it('adds a month’s counts and compares each month with the target, with no gaps', () => {
		const s = metricSeries(leads, [value('2026-01-10', 70), value('2026-01-25', 60), value('2026-03-03', 90), value('2026-03-03', 10, 'other')], { from: '2026-01-05', today: '2026-04-02' });
		expect(s).toMatchObject({ target: 120, direction: 'at-least', aggregation: 'sum' });
		expect(s.buckets.map((b) => [b.label, b.value, b.met])).toEqual([
			['Jan 2026', 130, true],
			['Feb 2026', null, null],
			['Mar 2026', 90, false],
			['Apr 2026', null, null]
		]);
		expect(s.latest?.label).toBe('Mar 2026');
	});

	it('averages a rate over a quarter, and a correction replaces the value it corrects', () => {
		const rate: SeriesMetric = { id: 'win', name: 'Win rate', target: '30 % win rate', horizon: 'quarter' };
		const s = metricSeries(rate, [value('2026-01-31', 20, 'win'), value('2026-02-28', 99, 'win'), value('2026-02-28', 40, 'win')], { today: '2026-03-31' });
		expect(s.buckets).toEqual([{ start: '2026-01-01', label: 'Q1 2026', value: 30, count: 2, met: true }]);
	});

	it('is total: no target, no dates, stray dates and wild horizons give a sane series', () => {
		expect(metricSeries({ ...leads, target: 'more' }, [value('2026-01-10', 5)], { today: '2026-01-20' }).buckets[0]!.met).toBeNull();
		expect(metricSeries(leads, [], { today: 'never' }).buckets).toEqual([]);
		const far = metricSeries({ ...leads, horizon: 'week' }, [value('0001-01-01', 1), value('9999-12-31', 1)], { today: '2026-01-01' });
		expect(far.buckets).toHaveLength(BUCKETS_MAX);
		fc.assert(
			fc.property(fc.constantFrom('week', 'month', 'quarter', 'year', 'decade'), fc.array(fc.tuple(fc.date({ noInvalidDate: true }), fc.double())), (horizon, vs) => {
				const s = metricSeries({ ...leads, horizon: horizon as 'week' }, vs.map(([d, v]) => value(d.toISOString().slice(0, 10), v)), { today: '2026-01-01' });
				expect(s.buckets.length).toBeLessThanOrEqual(BUCKETS_MAX);
			})
		);
	});
});
