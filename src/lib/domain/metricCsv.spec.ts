import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMetricCsv, readNumber } from './metricCsv';

const metrics = [
	{ id: 'm-leads', name: 'Qualified leads' },
	{ id: 'm-win', name: 'Win rate' }
];

describe('importing metric values from CSV', () => {
	it('reads a plain comma-separated file, metrics by id or name', () => {
		const csv = 'Date,Metric,Value\n2026-03-01,m-leads,120\n2026-03-01,"qualified  LEADS","1,250"\r\n\n2026-03-02,Win rate,31.5\n';
		expect(parseMetricCsv(csv, metrics)).toEqual({
			values: [
				{ metricId: 'm-leads', date: '2026-03-01', value: 120, source: 'csv' },
				{ metricId: 'm-leads', date: '2026-03-01', value: 1250, source: 'csv' },
				{ metricId: 'm-win', date: '2026-03-02', value: 31.5, source: 'csv' }
			],
			problems: []
		});
	});

	it('reads `;` separators and decimal commas as European spreadsheets export them', () => {
		const csv = '\ufeffDatum;Metric;Wert\n01.03.2026;Win rate;31,5\n02.03.2026;Qualified leads;1.250\n03.03.2026;Win rate;"32,0 %"';
		expect(parseMetricCsv(csv, metrics).values.map((v) => [v.date, v.value])).toEqual([
			['2026-03-01', 31.5],
			['2026-03-02', 1250],
			['2026-03-03', 32]
		]);
	});

	it('follows the separator Excel declares above the header', () => {
		const r = parseMetricCsv('sep=;\ndate;metric;value\n2026-03-01;m-win;12,5\n2026-03-01;m-win;x', metrics);
		expect(r.values.map((v) => v.value)).toEqual([12.5]);
		expect(r.problems.map((p) => p.line)).toEqual([4]);
	});

	it('says per row what is wrong and keeps the rows it can read', () => {
		const csv = ['value,date,metric', '10,2026-03-01,m-leads', '11,2026-02-30,m-leads', 'lots,2026-03-01,m-leads', '12,2026-03-01,Revenue', '13,03/04/2026,m-leads', '14,25/04/2026,m-leads', '15,2026-03-01 00:00:00,m-leads'].join('\n');
		const r = parseMetricCsv(csv, metrics);
		expect(r.values.map((v) => [v.value, v.date])).toEqual([
			[10, '2026-03-01'],
			[14, '2026-04-25'],
			[15, '2026-03-01']
		]);
		expect(r.problems).toEqual([
			{ line: 3, message: '"2026-02-30" is not a date: write dates as YYYY-MM-DD.' },
			{ line: 4, message: '"lots" is not a number.' },
			{ line: 5, message: 'No agreed metric is called "Revenue".' },
			{ line: 6, message: '"03/04/2026" could be day or month first: write dates as YYYY-MM-DD.' }
		]);
	});

	it('counts lines across quoted newlines', () => {
		const r = parseMetricCsv('date,metric,value\n2026-03-01,"Qualified\nleads",x\n2026-03-01,m-leads,y', metrics);
		expect(r.problems.map((p) => p.line)).toEqual([2, 4]);
	});

	it('asks for a header row naming the columns', () => {
		expect(parseMetricCsv('2026-03-01,m-leads,120', metrics).problems).toEqual([{ line: 1, message: 'The first row names the columns: date, metric and value.' }]);
		expect(parseMetricCsv('', metrics).problems[0]!.message).toMatch(/empty/);
	});

	it('never throws', () => {
		fc.assert(fc.property(fc.string(), (text) => void parseMetricCsv(`date;metric;value\n${text}`, metrics)));
	});
});

describe('numbers as spreadsheets write them', () => {
	it.each([
		['1,234.5', false, 1234.5],
		['1.234,5', true, 1234.5],
		['1,5', true, 1.5],
		['1,500', false, 1500],
		['1,5', false, 1.5],
		['1 000 000', false, 1_000_000],
		['€ 40', false, 40],
		['(12)', false, -12],
		['1.2.3', false, 123],
		['1.500', true, 1500],
		['1.500', false, 1.5],
		['', false, null],
		['12abc', false, null],
		['1.2,3.4', false, null]
	] as const)('%s (decimal comma: %s) is %s', (raw, decimalComma, n) => {
		expect(readNumber(raw, decimalComma)).toBe(n);
	});
});
