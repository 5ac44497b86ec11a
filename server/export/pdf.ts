/**
 * The workshop as a PDF leaders can forward: a title page, one section per
 * part of the workshop, tables that break across pages with their header
 * repeated (never clipped), a simple visual of the ramp-up, page numbers.
 */
import PDFDocument from 'pdfkit';
import { formatDate, plain, type ExportData } from '../../src/lib/domain/export/model.js';
import { TEAM_STYLES, teamLabel, type Team } from '../../src/lib/domain/teams.js';
import { fontRuns, registerFonts } from './fonts.js';
import { drawOrigins } from './pdfOrigins.js';
import { DOT_RADIUS, ROW_HEIGHT, layoutChart, type ChartLayout } from './timelineLayout.js';
import { wrapLines } from './wrap.js';


const INK = '#1d2327';
const MUTED = '#5b6670';
const ACCENT = '#1f4e5f';
const LINE = '#dde1e5';
const MARGIN = 56;
/** What heading() takes: space above, the 16-pt line, the rule and the space under it. */
const HEADING_HEIGHT = 50;

export function renderPdf(data: ExportData): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: plain(data.title), Creator: 'Plumbline' } });
	registerFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

	const width = doc.page.width - MARGIN * 2;
	const bottom = () => doc.page.height - MARGIN - 20;
	const ensure = (height: number) => {
		if (doc.y + height > bottom()) doc.addPage();
	};
	const text = (value: string, font = 'regular', size = 10.5, color = INK, options: PDFKit.Mixins.TextOptions = {}) =>
		write(doc.fontSize(size).fillColor(color), plain(value), font, { width, ...options });
	/** A heading never stands alone at the foot of a page: it starts a page unless `keep` points of what follows fit under it. */
	const heading = (title: string, keep: number) => {
		ensure(HEADING_HEIGHT + keep);
		doc.moveDown(0.8);
		text(title, 'bold', 16, ACCENT);
		doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).strokeColor(LINE).lineWidth(1).stroke();
		doc.moveDown(0.6);
	};

	const pad = 4;
	const columnWidths = (weights: readonly number[]) => {
		const total = weights.reduce((a, b) => a + b, 0);
		return weights.map((w) => (w / total) * width);
	};
	const rowHeightIn = (widths: number[], cells: readonly string[], font: string) =>
		Math.max(...cells.map((c, i) => cellLines(doc, plain(c), font, widths[i]! - pad * 2).length * cellLineHeight(doc, font))) + pad * 2;
	/** The header and first row of a table: what must fit under its heading. */
	const tableStart = (head: readonly string[], rows: readonly (readonly string[])[], weights: readonly number[]) => {
		const widths = columnWidths(weights);
		return rowHeightIn(widths, head, 'semibold') + (rows[0] ? rowHeightIn(widths, rows[0], 'regular') : 0);
	};
	/** The height `value` takes as text() sets it. */
	const textHeight = (value: string, font = 'regular', size = 10.5) => doc.font(font).fontSize(size).heightOfString(plain(value) || ' ', { width });

	/** A table whose rows never split; a row that does not fit starts a new page with the header again. */
	const drawTable = (head: readonly string[], rows: readonly (readonly string[])[], weights: readonly number[]) => {
		const widths = columnWidths(weights);
		const rowHeight = (cells: readonly string[], font: string) => rowHeightIn(widths, cells, font);
		const drawRow = (cells: readonly string[], font: string, fill?: string) => {
			const h = rowHeight(cells, font);
			const y = doc.y;
			if (fill) doc.rect(MARGIN, y, width, h).fill(fill);
			let x = MARGIN;
			cells.forEach((c, i) => {
				drawCell(doc.fillColor(INK), plain(c), font, widths[i]! - pad * 2, { x: x + pad, y: y + pad });
				x += widths[i]!;
			});
			doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).strokeColor(LINE).lineWidth(0.5).stroke();
			doc.x = MARGIN;
			doc.y = y + h;
		};
		ensure(rowHeight(head, 'semibold') + (rows[0] ? rowHeight(rows[0], 'regular') : 0));
		drawRow(head, 'semibold', '#eef2f3');
		for (const row of rows) {
			if (doc.y + rowHeight(row, 'regular') > bottom()) {
				doc.addPage();
				drawRow(head, 'semibold', '#eef2f3');
			}
			drawRow(row, 'regular');
		}
		doc.moveDown(0.8);
	};

	// Title page.
	doc.y = 200;
	text('Plumbline · Alignment workshop', 'semibold', 11, ACCENT);
	doc.moveDown(0.4);
	text(data.title, 'bold', 28);
	doc.moveDown(0.6);
	for (const [label, value] of [
		['Product', data.product],
		['Target customer', data.customer],
		['Launch', data.launchDate ? formatDate(data.launchDate) : ''],
		['Campaign end', data.campaignEnd ? formatDate(data.campaignEnd) : ''],
		['Exported', `${data.generatedAt.slice(0, 10)} ${data.generatedAt.slice(11, 16)} UTC`]
	] as const) {
		if (!value) continue;
		doc.font('semibold').fontSize(10.5).fillColor(MUTED).text(`${label}  `, { continued: true, width });
		write(doc.fillColor(INK), plain(value), 'regular');
	}
	doc.moveDown(1.2);
	text('Participants', 'semibold', 12);
	for (const team of [...Object.keys(TEAM_STYLES), 'observer']) {
		const people = data.participants.filter((p) => (p.team ?? 'observer') === team);
		if (!people.length) continue;
		doc.font('semibold').fontSize(10).fillColor(team === 'observer' ? MUTED : TEAM_STYLES[team as Team].color).text(`${team === 'observer' ? 'Observers' : teamLabel(team)}  `, { continued: true, width });
		write(doc.fillColor(INK), people.map((p) => plain(p.name)).join(', '), 'regular');
	}

	// The proposition.
	doc.addPage();
	heading('Value proposition', 0);
	text(data.proposition.headline || 'No headline yet', 'bold', 20);
	if (data.proposition.oneLiner) {
		doc.moveDown(0.3);
		text(data.proposition.oneLiner, 'regular', 12.5, MUTED);
	}
	doc.moveDown(0.8);
	for (const part of data.proposition.statement.filter((s) => s.text)) {
		ensure(30);
		doc.font('semibold').fontSize(10.5).fillColor(ACCENT).text(`${part.label.toUpperCase()}  `, { continued: true, width });
		write(doc.fillColor(INK), plain(part.text), 'regular');
		doc.moveDown(0.2);
	}
	if (data.proposition.claims.length) {
		doc.moveDown(0.5);
		ensure(textHeight('Proof points', 'semibold', 12) + textHeight(data.proposition.claims[0]!.text || ' ') + 4);
		text('Proof points', 'semibold', 12);
		data.proposition.claims.forEach((c, i) => {
			ensure(24);
			text(`${i + 1}.  ${c.text || '(empty)'}`, 'regular', 10.5);
		});
	}
	if (data.proposition.notes) {
		doc.moveDown(0.5);
		text(`Notes: ${data.proposition.notes}`, 'regular', 10, MUTED);
	}
	if (data.contribution.length) {
		doc.moveDown(0.6);
		text(`Who wrote it: ${data.contribution.map((c) => `${teamLabel(c.team)} ${Math.round(c.share * 100)}%`).join(' · ')}`, 'regular', 9.5, MUTED);
	}

	if (data.language.length) {
		const voteTable = (vote: ExportData['language'][number]) =>
			[
				['Option', `Total ${vote.unit}`, ...vote.groups],
				vote.options.map((o) => [`${o.text}${o.winner ? `\n(most ${vote.unit})` : ''}`, String(o.total), ...o.byGroup.map(String)]),
				[5, 1.2, ...vote.groups.map(() => 1.7)]
			] as const;
		/** A vote's title, adopted line and agreement stay with the start of its table. */
		const voteStart = (vote: ExportData['language'][number]) =>
			textHeight(vote.line, 'semibold', 12) + (vote.adopted ? textHeight(`Adopted: ${vote.adopted}`) : 0) + (vote.agreement ? textHeight(vote.agreement, 'regular', 9.5) : 0) + 8 + tableStart(...voteTable(vote));
		heading('Agreed language', voteStart(data.language[0]!));
		for (const vote of data.language) {
			ensure(voteStart(vote));
			text(vote.line, 'semibold', 12);
			if (vote.adopted) text(`Adopted: ${vote.adopted}`, 'regular', 10.5);
			if (vote.agreement) text(vote.agreement, 'regular', 9.5, MUTED);
			doc.moveDown(0.3);
			drawTable(...voteTable(vote));
			text([`${vote.voters} voted.`, vote.note].filter(Boolean).join(' '), 'regular', 8.5, MUTED);
		}
	}

	if (data.stressTest.length) {
		const intro = 'Mean of 1–5, with sales / marketing means; “split” marks a criterion where the teams split. Claims where they split come first.';
		const findings = [
			['Claim', ...data.stressTest[0]!.cells.map((c) => c.criterion)],
			data.stressTest.map((s) => [
				`${s.text || s.claim}${s.splits.length ? '\nContested' : ''}`,
				...s.cells.map((c) => (c.mean === null ? '–' : `${c.mean.toFixed(1)}${c.weakest ? ' (weakest)' : ''}${c.contested ? ' · split' : ''}\n${c.sales?.toFixed(1) ?? '–'} / ${c.marketing?.toFixed(1) ?? '–'}`))
			]),
			[3, 1, 1, 1, 1]
		] as const;
		heading('Stress-test findings', textHeight(intro, 'regular', 9.5) + 6 + tableStart(...findings));
		text(intro, 'regular', 9.5, MUTED);
		doc.moveDown(0.4);
		drawTable(...findings);
		const splits = data.stressTest.filter((s) => s.splits.length);
		if (splits.length) {
			doc.moveDown(0.4);
			ensure(textHeight('Where sales and marketing split', 'semibold') + textHeight(`${splits[0]!.claim}, ${splits[0]!.splits[0]}`, 'regular', 9.5));
			text('Where sales and marketing split', 'semibold', 10.5);
			for (const s of splits) for (const line of s.splits) text(`${s.claim}, ${line}`, 'regular', 9.5);
		}
		const notes = [...new Set(data.stressTest.map((s) => s.note).filter(Boolean))].join(' ');
		if (notes) text(notes, 'regular', 8.5, MUTED);
	}

	if (data.glossary.length) {
		const glossary = [['Marketing says', 'Sales says', 'We say', 'Definition', 'Example'], data.glossary.map((g) => [g.marketingSays, g.salesSays, g.weSay, g.definition, g.example]), [1, 1, 1.2, 1.5, 1.5]] as const;
		heading('Glossary', tableStart(...glossary));
		drawTable(...glossary);
	}
	if (data.metrics.length) {
		const metrics = [
			['Metric', 'Measures', 'Owner', 'Target', 'Horizon', 'Measured in', 'Both'],
			data.metrics.map((m) => [m.name, m.measures, teamLabel(m.owner), m.target, m.horizon, m.source, m.shared ? 'yes' : '']),
			[1.4, 1.6, 1, 1, 0.8, 1.2, 0.6]
		] as const;
		heading('Shared metrics', tableStart(...metrics));
		drawTable(...metrics);
	}
	if (data.handoff.fields.length || data.handoff.followUp || data.handoff.feedback) {
		const fields = [['Field', 'Wanted by', 'Status'], data.handoff.fields.map((f) => [f.field, f.wantedBy.map(teamLabel).join(', '), f.status]), [3, 2, 1]] as const;
		heading('Lead hand-off', data.handoff.fields.length ? tableStart(...fields) : textHeight(`Follow-up: ${data.handoff.followUp || data.handoff.feedback}`));
		if (data.handoff.fields.length) drawTable(...fields);
		if (data.handoff.followUp) text(`Follow-up: ${data.handoff.followUp}`);
		if (data.handoff.feedback) text(`Back to marketing: ${data.handoff.feedback}`);
	}

	if (data.timeline.length) {
		const chart = timelineChart(doc, data, width);
		const plan = [
			['When', 'Milestone', 'Owner', 'Channel', 'Call to action', 'Targets', 'Materials'],
			data.timeline.map((m) => [m.date ? `${formatDate(m.date)}\n${m.time}` : '–', `${m.title}\n${m.phase}`, teamLabel(m.owner), m.channel, m.callToAction, m.targets, m.materials]),
			[1.2, 1.8, 1.15, 0.9, 1.8, 1.2, 1.2]
		] as const;
		heading('Ramp-up timeline', (chart ? chartHeight(chart) : 0) + 20 + tableStart(...plan));
		if (chart) drawChart(doc, chart);
		text(`Times are local to ${data.timeZone}.`, 'regular', 9, MUTED);
		doc.moveDown(0.4);
		drawTable(...plan);
	}

	if (data.signatures.length) {
		const signatureHeight = 40;
		heading('Signatures', signatureHeight);
		for (const sig of data.signatures) {
			ensure(signatureHeight);
			text(`${sig.name} signed “${sig.versionName}” on ${formatDate(sig.signedAt.slice(0, 10))}`, 'semibold', 10.5);
			text(`Version ${sig.versionHash}${sig.matches === true ? ' — this document is that version.' : sig.matches === false ? ' — this document has changed since it was signed.' : ''}`, 'regular', 8.5, sig.matches === false ? '#874800' : MUTED);
			doc.moveDown(0.4);
		}
	}

	if (data.origins?.length) drawOrigins({ heading, text, textHeight, tableStart, drawTable, ensure, space: (lines) => doc.moveDown(lines), muted: MUTED }, data.origins);

	// Page numbers on every page but the title page.
	const range = doc.bufferedPageRange();
	for (let i = 1; i < range.count; i++) {
		doc.switchToPage(range.start + i);
		// Writing inside the bottom margin would make pdfkit start a new page.
		doc.page.margins.bottom = 0;
		write(doc.fontSize(8.5).fillColor(MUTED), `${plain(data.title)} · page ${i + 1} of ${range.count}`, 'regular', { width, align: 'right', lineBreak: false }, { x: MARGIN, y: doc.page.height - MARGIN + 12 });
	}
	doc.end();
	return done;
}

/**
 * Text in `font`, each character in a face that can draw it (fonts.ts): runs
 * in other faces continue the same line. `at` places the first run. Each line
 * is its own paragraph: pdfkit loses the line height when a continued run
 * holds a line break, and the next line was set over the one before.
 */
export function write(doc: PDFKit.PDFDocument, value: string, font: string, options: PDFKit.Mixins.TextOptions = {}, at?: { x: number; y: number }): void {
	const lines = value.split('\n');
	lines.forEach((line, l) => {
		const runs = fontRuns(line, font);
		const top = l === 0 && at ? at.y : doc.y;
		const lastLine = l === lines.length - 1;
		runs.forEach((run, i) => {
			const last = i === runs.length - 1;
			const runOptions = { ...options, continued: last ? (lastLine ? (options.continued ?? false) : false) : true };
			doc.font(run.font);
			if (l === 0 && i === 0 && at) doc.text(run.text || ' ', at.x, at.y, runOptions);
			else doc.text(run.text || ' ', runOptions);
		});
		// A run that wraps while continued can leave pdfkit's y a line short: never above the line's own measured height.
		if (!lastLine || !options.continued) doc.y = Math.max(doc.y, top + doc.font(font).heightOfString(line || ' ', options));
	});
	// Later plain calls expect the weight's own face.
	doc.font(font);
}

export const CELL_FONT = 9;

/** The height of one line of a table cell. */
export function cellLineHeight(doc: PDFKit.PDFDocument, font: string): number {
	return doc.font(font).fontSize(CELL_FONT).currentLineHeight(true);
}

/** A cell's text broken into lines over all its fonts at once (wrap.ts). */
export function cellLines(doc: PDFKit.PDFDocument, value: string, font: string, width: number): string[] {
	// A row is measured for its heading, its page break and its drawing: break it once.
	let cache = wrapped.get(doc);
	if (!cache) wrapped.set(doc, (cache = new Map()));
	const key = `${font}\u0000${width}\u0000${value}`;
	const known = cache.get(key);
	if (known) return known;
	const measure = (text: string) => fontRuns(text, font).reduce((sum, run) => sum + doc.font(run.font).fontSize(CELL_FONT).widthOfString(run.text), 0);
	const lines = wrapLines(value, width, measure);
	cache.set(key, lines);
	return lines;
}

const wrapped = new WeakMap<PDFKit.PDFDocument, Map<string, string[]>>();

/** A table cell, each line drawn where it belongs, so a line in another font never lands on the one before. */
export function drawCell(doc: PDFKit.PDFDocument, value: string, font: string, width: number, at: { x: number; y: number }): void {
	const lineHeight = cellLineHeight(doc, font);
	cellLines(doc, value, font, width).forEach((line, i) => {
		if (line) write(doc.fontSize(CELL_FONT), line, font, { lineBreak: false }, { x: at.x, y: at.y + i * lineHeight });
	});
}

/** The ramp-up chart's layout (timelineLayout.ts) in the label font, or null without dated milestones. */
function timelineChart(doc: PDFKit.PDFDocument, data: ExportData, width: number): ChartLayout | null {
	const milestones = data.timeline
		.filter((m) => m.date)
		.map((m) => ({ date: m.date, title: plain(m.title), color: m.owner in TEAM_STYLES ? TEAM_STYLES[m.owner as Team].color : MUTED }));
	if (milestones.length === 0) return null;
	const measure = (value: string) => fontRuns(value, 'regular').reduce((sum, run) => sum + doc.font(run.font).fontSize(CHART_FONT).widthOfString(run.text), 0);
	const markers = [
		{ date: data.launchDate, label: 'Launch' },
		{ date: data.campaignEnd, label: 'End' }
	];
	return layoutChart({ milestones, markers, left: MARGIN, width, measure });
}

const CHART_FONT = 7.5;

/** Rows of labels, the axis and the marker names under it. */
function chartHeight(chart: ChartLayout): number {
	return chart.rows * ROW_HEIGHT + 30;
}

/** Dots on their label rows above an axis from the first to the last date, launch and end marked. */
function drawChart(doc: PDFKit.PDFDocument, chart: ChartLayout): void {
	const top = doc.y + 4;
	const axis = top + chart.rows * ROW_HEIGHT + 4;
	const first = Math.min(...chart.dots.map((d) => d.x), ...chart.markers.map((m) => m.x));
	const last = Math.max(...chart.dots.map((d) => d.x), ...chart.markers.map((m) => m.x));
	doc.moveTo(first, axis).lineTo(last, axis).strokeColor(MUTED).lineWidth(1).stroke();
	for (const marker of chart.markers) {
		// Drawn row by row, left out behind any label that sits across it.
		for (let row = 0; row < chart.rows; row++) {
			if (marker.gaps.includes(row)) continue;
			doc.moveTo(marker.x, top + row * ROW_HEIGHT).lineTo(marker.x, top + (row + 1) * ROW_HEIGHT).dash(2, { space: 2 }).strokeColor(ACCENT).lineWidth(1).stroke().undash();
		}
		doc.moveTo(marker.x, top + chart.rows * ROW_HEIGHT).lineTo(marker.x, axis).strokeColor(ACCENT).stroke();
		const labelWidth = 40;
		const x = Math.max(MARGIN, Math.min(doc.page.width - MARGIN - labelWidth, marker.x - labelWidth / 2));
		doc.font('semibold').fontSize(CHART_FONT).fillColor(ACCENT).text(marker.label, x, axis + 3, { width: labelWidth, align: 'center', lineBreak: false });
	}
	for (const dot of chart.dots) doc.circle(dot.x, top + dot.row * ROW_HEIGHT + ROW_HEIGHT / 2, DOT_RADIUS).fill(dot.color);
	for (const label of chart.labels) {
		if (label.text) write(doc.fontSize(CHART_FONT).fillColor(INK), label.text, 'regular', { lineBreak: false }, { x: label.x, y: top + label.y + (ROW_HEIGHT - CHART_FONT) / 2 - 1 });
	}
	doc.x = MARGIN;
	doc.y = axis + 18;
}
