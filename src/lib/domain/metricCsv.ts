/**
 * Metric values imported from a spreadsheet: a header row naming the date,
 * metric and value columns, then one value a row. Spreadsheets in much of
 * Europe export `;` between fields and a decimal comma, so both are read; each
 * row that cannot be read gets its own problem, the others are still taken.
 */
import { readMetricValue, type MetricValue } from './fieldLogs.js';
import { isIsoDate } from './timeline.js';

export const CSV_ROWS_MAX = 10_000;
export const CSV_CHARS_MAX = 1_000_000;

export interface CsvProblem {
	/** Line in the file (1: the header). */
	line: number;
	message: string;
}

export interface CsvImport {
	values: MetricValue[];
	problems: CsvProblem[];
}

const COLUMNS = {
	date: /^(date|day|datum|fecha|data|period)$/,
	metric: /^(metric|metric id|metric name|metricid|name|id|kpi|measure)$/,
	value: /^(value|amount|count|figure|number|wert|valor|valeur)$/
};

/** Values for `metrics` (matched by id, or by name ignoring case) from CSV text. */
export function parseMetricCsv(text: string, metrics: readonly { id: string; name: string }[]): CsvImport {
	if (typeof text !== 'string' || !text.trim()) return { values: [], problems: [{ line: 1, message: 'The file is empty.' }] };
	if (text.length > CSV_CHARS_MAX) return { values: [], problems: [{ line: 1, message: `A file has at most ${CSV_CHARS_MAX.toLocaleString('en')} characters.` }] };
	let body = text.replace(/^\ufeff/, '');
	// Excel writes "sep=;" above the header when told which separator it used.
	const declared = /^sep=(.)\r?\n/i.exec(body);
	if (declared) body = body.slice(declared[0].length);
	const separator = declared ? declared[1]! : detectSeparator(body.slice(0, body.search(/\r?\n|$/)));
	const records = splitRecords(body, separator).map((r) => (declared ? { ...r, line: r.line + 1 } : r));
	const header = records[0]!.fields.map((f) => f.trim().toLowerCase().replace(/\s+/g, ' '));
	const col = { date: header.findIndex((h) => COLUMNS.date.test(h)), metric: header.findIndex((h) => COLUMNS.metric.test(h)), value: header.findIndex((h) => COLUMNS.value.test(h)) };
	if (col.date < 0 || col.metric < 0 || col.value < 0) return { values: [], problems: [{ line: 1, message: 'The first row names the columns: date, metric and value.' }] };

	const byName = new Map(metrics.map((m) => [m.name.trim().replace(/\s+/g, ' ').toLowerCase(), m.id]));
	const ids = metrics.map((m) => m.id);
	const values: MetricValue[] = [];
	const problems: CsvProblem[] = [];
	for (const { line, fields } of records.slice(1)) {
		if (fields.every((f) => !f.trim())) continue;
		if (values.length + problems.length >= CSV_ROWS_MAX) {
			problems.push({ line, message: `A file has at most ${CSV_ROWS_MAX.toLocaleString('en')} rows; the rest were not read.` });
			break;
		}
		const rawMetric = (fields[col.metric] ?? '').trim();
		const metricId = ids.includes(rawMetric) ? rawMetric : byName.get(rawMetric.replace(/\s+/g, ' ').toLowerCase());
		const date = readDate(fields[col.date] ?? '');
		const value = readNumber(fields[col.value] ?? '', separator === ';');
		const problem =
			metricId === undefined
				? `No agreed metric is called "${rawMetric.slice(0, 40)}".`
				: typeof date !== 'string' || !date
					? (date as { problem: string }).problem
					: value === null
						? `"${(fields[col.value] ?? '').trim().slice(0, 20)}" is not a number.`
						: null;
		if (problem) {
			problems.push({ line, message: problem });
			continue;
		}
		const read = readMetricValue({ metricId, date, value }, ids, 'csv');
		if (read.ok) values.push(read.value);
		else problems.push({ line, message: read.problem });
	}
	return { values, problems };
}

/** `;` or a tab when the header uses one (outside quotes), else `,`. */
function detectSeparator(headerLine: string): string {
	const outside = headerLine.replace(/"[^"]*"/g, '');
	return outside.includes(';') ? ';' : outside.includes('\t') ? '\t' : ',';
}

/** Records with the line each starts on; quoted fields may hold separators, newlines and doubled quotes. */
function splitRecords(text: string, separator: string): { line: number; fields: string[] }[] {
	const records: { line: number; fields: string[] }[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1];
			else if (c === '"') quoted = false;
			else {
				if (c === '\n') line += 1;
				field += c;
			}
		} else if (c === '"' && !field.trim()) [quoted, field] = [true, ''];
		else if (c === separator) [fields, field] = [[...fields, field], ''];
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i += 1;
			records.push({ line: start, fields: [...fields, field] });
			[fields, field, line] = [[], '', line + 1];
			start = line;
		} else field += c;
	}
	if (field || fields.length) records.push({ line: start, fields: [...fields, field] });
	return records.length ? records : [{ line: 1, fields: [] }];
}

/** YYYY-MM-DD (a time after it is dropped), YYYY/MM/DD, DD.MM.YYYY, and DD/MM/YYYY only when the day cannot be a month. */
function readDate(raw: string): string | { problem: string } {
	const s = raw.trim().split(/[ T]/)[0]!;
	const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
	let date: string | null = null;
	let m: RegExpExecArray | null;
	if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) date = iso(m[1]!, m[2]!, m[3]!);
	else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) date = iso(m[3]!, m[2]!, m[1]!);
	else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
		if (Number(m[1]) <= 12 && Number(m[2]) <= 12 && m[1] !== m[2]) return { problem: `"${s}" could be day or month first: write dates as YYYY-MM-DD.` };
		date = Number(m[1]) > 12 ? iso(m[3]!, m[2]!, m[1]!) : iso(m[3]!, m[1]!, m[2]!);
	}
	return date && isIsoDate(date) ? date : { problem: `"${s.slice(0, 20)}" is not a date: write dates as YYYY-MM-DD.` };
}

/**
 * A number as spreadsheets write it: spaces, currency signs and % ignored; with both `,` and `.` the last is the decimal mark;
 * in `;`-separated files a lone `,` is the decimal mark and a lone `.` before exactly three digits separates thousands,
 * elsewhere the other way round.
 */
export function readNumber(raw: string, decimalComma: boolean): number | null {
	let s = raw.trim().replace(/[\s\u00a0\u202f'€$£¥%]/g, '');
	if (/^\(.*\)$/.test(s)) s = `-${s.slice(1, -1)}`;
	if (!/^[+-]?[\d.,]*\d[\d.,]*$/.test(s)) return null;
	const commas = (s.match(/,/g) ?? []).length;
	const dots = (s.match(/\./g) ?? []).length;
	if (commas && dots) {
		const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
		s = s.replace(decimal === ',' ? /\./g : /,/g, '').replace(',', '.');
	} else if (commas) s = commas === 1 && (decimalComma || !/,\d{3}$/.test(s)) ? s.replace(',', '.') : s.replace(/,/g, '');
	else if (dots > 1 || (decimalComma && /\.\d{3}$/.test(s))) s = s.replace(/\./g, '');
	if ((s.match(/\./g) ?? []).length > 1) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}
