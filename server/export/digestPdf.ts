/**
 * The weekly field digest as a PDF (issue 21), from the same model as the Markdown
 * (src/lib/domain/export/digestMarkdown.ts): a header with the figures that matter first,
 * then claims that work, claims that don't (with the stress-test's prediction beside them),
 * top objections with how often they were heard, metrics against target and lead quality.
 * Text goes through the export's font chain (write, cells) so no character prints as a box.
 */
import PDFDocument from 'pdfkit';
import { formatDate, plain } from '../../src/lib/domain/export/model.js';
import { HORIZON_LABEL, digestSummary, digestTitle, figure, metricStanding, percent, type DigestDocument } from '../../src/lib/domain/export/digestMarkdown.js';
import { CELL_FONT, cellLineHeight, cellLines, drawCell, write } from './pdf.js';
import { registerFonts } from './fonts.js';

const INK = '#1d2327';
const MUTED = '#5b6670';
const ACCENT = '#1f4e5f';
const LINE = '#dde1e5';
const GOOD = '#2f7d4f';
const BAD = '#b3412e';
const TRACK = '#eceff1';
const MARGIN = 48;

type Align = 'left' | 'right';
interface Column {
	head: string;
	weight: number;
	align?: Align;
	/** A share drawn as a bar under the cell's text (0–1). */
	bar?: (row: number) => { share: number; color: string } | null;
}

export function renderDigestPdf(input: DigestDocument): Promise<Buffer> {
	const d = input.digest;
	const title = digestTitle(input);
	const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: plain(title), Creator: 'Plumbline' } });
	registerFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

	const width = doc.page.width - MARGIN * 2;
	const bottom = () => doc.page.height - MARGIN - 16;
	const ensure = (height: number) => {
		if (doc.y + height > bottom()) doc.addPage();
	};
	const text = (value: string, font = 'regular', size = 10, color = INK, options: PDFKit.Mixins.TextOptions = {}) =>
		write(doc.fontSize(size).fillColor(color), plain(value), font, { width, ...options });
	const heading = (value: string, keep: number) => {
		ensure(40 + keep);
		doc.moveDown(1);
		text(value, 'bold', 14, ACCENT);
		doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).strokeColor(LINE).lineWidth(1).stroke();
		doc.moveDown(0.5);
	};
	const empty = (value: string) => text(value, 'regular', 9.5, MUTED);

	/** A table whose rows never split; a row that does not fit starts a new page with the header again. */
	const table = (columns: Column[], rows: string[][]) => {
		const total = columns.reduce((a, c) => a + c.weight, 0);
		const widths = columns.map((c) => (c.weight / total) * width);
		const pad = 5;
		const barSpace = columns.some((c) => c.bar) ? 7 : 0;
		const height = (cells: readonly string[], font: string, bars: boolean) =>
			Math.max(...cells.map((c, i) => cellLines(doc, plain(c), font, widths[i]! - pad * 2).length * cellLineHeight(doc, font))) + pad * 2 + (bars ? barSpace : 0);
		const row = (cells: readonly string[], font: string, index: number | null) => {
			const h = height(cells, font, index !== null);
			const y = doc.y;
			if (index === null) doc.rect(MARGIN, y, width, h).fill('#eef2f3');
			let x = MARGIN;
			cells.forEach((cell, i) => {
				const w = widths[i]! - pad * 2;
				const value = plain(cell);
				const lineWidth = columns[i]!.align === 'right' ? cellLines(doc, value, font, w).reduce((m, l) => Math.max(m, doc.font(font).fontSize(CELL_FONT).widthOfString(l)), 0) : 0;
				drawCell(doc.fillColor(index === null ? MUTED : INK), value, font, w, { x: x + pad + (columns[i]!.align === 'right' ? w - lineWidth : 0), y: y + pad });
				const bar = index === null ? null : columns[i]!.bar?.(index);
				if (bar) {
					const by = y + h - pad - 4;
					doc.roundedRect(x + pad, by, w, 3.5, 1.75).fill(TRACK);
					if (bar.share > 0) doc.roundedRect(x + pad, by, Math.max(3.5, w * Math.min(1, bar.share)), 3.5, 1.75).fill(bar.color);
				}
				x += widths[i]!;
			});
			doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).strokeColor(LINE).lineWidth(0.5).stroke();
			doc.x = MARGIN;
			doc.y = y + h;
		};
		const head = columns.map((c) => c.head);
		ensure(height(head, 'semibold', false) + (rows[0] ? height(rows[0], 'regular', true) : 0));
		row(head, 'semibold', null);
		rows.forEach((cells, i) => {
			if (doc.y + height(cells, 'regular', true) > bottom()) {
				doc.addPage();
				row(head, 'semibold', null);
			}
			row(cells, 'regular', i);
		});
		doc.moveDown(0.6);
	};

	/** Four figures in boxes, the first thing a reader sees. */
	const tiles = (items: { label: string; value: string; note: string; color: string }[]) => {
		const gap = 10;
		const w = (width - gap * (items.length - 1)) / items.length;
		const h = 64;
		const y = doc.y;
		items.forEach((item, i) => {
			const x = MARGIN + i * (w + gap);
			doc.roundedRect(x, y, w, h, 6).fill('#f5f7f8');
			doc.rect(x, y + 8, 3, h - 16).fill(item.color);
			write(doc.fontSize(8).fillColor(MUTED), item.label.toUpperCase(), 'semibold', { width: w - 24, lineBreak: false }, { x: x + 12, y: y + 9 });
			write(doc.fontSize(20).fillColor(INK), item.value, 'bold', { width: w - 24, lineBreak: false }, { x: x + 12, y: y + 21 });
			write(doc.fontSize(8).fillColor(MUTED), item.note, 'regular', { width: w - 24, lineBreak: false, ellipsis: true }, { x: x + 12, y: y + 47 });
		});
		doc.x = MARGIN;
		doc.y = y + h + 6;
	};

	// Header band.
	doc.rect(0, 0, doc.page.width, 6).fill(ACCENT);
	doc.y = MARGIN - 8;
	text(`Plumbline · Field digest · week ${d.week}`, 'semibold', 9.5, ACCENT);
	doc.moveDown(0.2);
	text(input.title, 'bold', 21);
	doc.moveDown(0.25);
	const facts = [`Signed version “${input.versionName}”`, input.launchDate && `launched ${formatDate(input.launchDate)}`, input.endDate && `campaign ends ${formatDate(input.endDate)}`, d.asOf && `as of ${formatDate(d.asOf)}`].filter(Boolean).join(' · ');
	text(facts, 'regular', 9.5, MUTED);
	doc.moveDown(0.9);

	const worked = d.conversations.workedShare;
	tiles([
		{ label: 'Conversations', value: figure(d.conversations.logs), note: `${figure(d.conversations.uses)} claim uses`, color: ACCENT },
		{ label: 'Worked', value: percent(worked), note: 'of claim uses landed', color: worked === null ? LINE : worked >= 0.6 ? GOOD : worked < 0.4 ? BAD : '#c58a1b' },
		{ label: 'Failing claims', value: figure(d.claimsThatFail.length), note: d.claimsThatFail.length ? 'need new words' : 'none so far', color: d.claimsThatFail.length ? BAD : GOOD },
		{ label: 'Leads to definition', value: percent(d.leads.metShare), note: `of ${figure(d.leads.leads)} handed off`, color: d.leads.metShare === null ? LINE : d.leads.metShare >= 0.6 ? GOOD : BAD }
	]);
	doc.moveDown(0.4);
	text(digestSummary(d), 'regular', 9.5, MUTED);

	heading('Claims that work', 60);
	if (d.claimsThatWork.length)
		table(
			[
				{ head: 'Claim', weight: 6 },
				{ head: 'Uses', weight: 1, align: 'right' },
				{ head: 'Worked', weight: 2, bar: (i) => ({ share: d.claimsThatWork[i]!.workedShare, color: GOOD }) }
			],
			d.claimsThatWork.map((c) => [c.text, figure(c.uses), percent(c.workedShare)])
		);
	else empty('No claim has worked in at least 60 % of five or more conversations yet.');

	heading("Claims that don't", 70);
	if (d.claimsThatFail.length) {
		for (const c of d.claimsThatFail) {
			const flagHeight = c.flag ? doc.font('regular').fontSize(9.5).heightOfString(plain(c.flag), { width: width - 24 }) : 0;
			const titleHeight = doc.font('semibold').fontSize(11).heightOfString(plain(c.text), { width: width - 24 });
			const h = titleHeight + flagHeight + 34;
			ensure(h + 8);
			const y = doc.y;
			doc.roundedRect(MARGIN, y, width, h, 6).fill('#fbf1ef');
			doc.rect(MARGIN, y, 3.5, h).fill(BAD);
			doc.y = y + 9;
			write(doc.fontSize(11).fillColor(INK), plain(c.text), 'semibold', { width: width - 24 }, { x: MARGIN + 14, y: y + 9 });
			write(doc.fontSize(9).fillColor(BAD), `${figure(c.uses)} uses · ${percent(c.workedShare)} worked`, 'semibold', { width: width - 24 }, { x: MARGIN + 14, y: doc.y + 2 });
			if (c.flag) write(doc.fontSize(9.5).fillColor(INK), plain(c.flag), 'regular', { width: width - 24 }, { x: MARGIN + 14, y: doc.y + 2 });
			doc.x = MARGIN;
			doc.y = y + h + 8;
		}
	} else empty('No claim fails in the field so far.');

	heading('Top objections', 60);
	if (d.topObjections.length)
		table(
			[
				{ head: 'Objection', weight: 4.5 },
				{ head: 'Heard', weight: 2.2, bar: (i) => ({ share: d.topObjections[i]!.share, color: BAD }) },
				{ head: 'When using the claim', weight: 4 }
			],
			d.topObjections.map((o) => [o.text, `${figure(o.count)} of ${figure(o.uses)} (${percent(o.share)})`, o.claimText])
		);
	else empty('No objection was heard more than once.');

	heading('Metrics against target', 60);
	if (d.metrics.length)
		table(
			[
				{ head: 'Metric', weight: 4.6 },
				{ head: 'Horizon', weight: 1.4 },
				{ head: 'Latest', weight: 2.4 },
				{ head: 'Target', weight: 1.5, align: 'right' },
				{ head: 'Standing', weight: 1.8, bar: (i) => standingBar(d.metrics[i]!) }
			],
			d.metrics.map((m) => [m.name, HORIZON_LABEL[m.horizon] ?? m.horizon, m.value === null ? '—' : `${figure(m.value)} · ${m.period ?? ''}`, figure(m.target), metricStanding(m)])
		);
	else empty('The workshop agreed no shared metrics.');

	heading('Lead quality', 50);
	const l = d.leads;
	if (l.leads) {
		text(`${figure(l.leads)} leads handed off; ${percent(l.metShare)} met the agreed definition; ${figure(l.returned)} returned.`, 'regular', 10);
		doc.moveDown(0.5);
		const lists: [string, { label: string; count: number }[]][] = [
			['Fields most often missing', l.mostMissing],
			['Why leads were returned', l.topReasons.map((r) => ({ label: r.text, count: r.count }))]
		];
		for (const [label, items] of lists.filter(([, items]) => items.length)) {
			const max = Math.max(...items.map((i) => i.count));
			table(
				[
					{ head: label, weight: 6 },
					{ head: 'Leads', weight: 2.5, bar: (i) => ({ share: items[i]!.count / max, color: '#c58a1b' }) }
				],
				items.map((i) => [i.label, figure(i.count)])
			);
		}
	} else empty('No lead hand-off logged yet.');

	if (input.fieldUrl) {
		doc.moveDown(0.8);
		ensure(20);
		text(`The live field view, by claim and by week: ${input.fieldUrl}`, 'regular', 9, MUTED, { link: input.fieldUrl });
	}

	const range = doc.bufferedPageRange();
	for (let i = 0; i < range.count; i++) {
		doc.switchToPage(range.start + i);
		doc.page.margins.bottom = 0;
		write(doc.fontSize(8).fillColor(MUTED), `${plain(title)} · page ${i + 1} of ${range.count}`, 'regular', { width, align: 'right', lineBreak: false }, { x: MARGIN, y: doc.page.height - MARGIN + 14 });
	}
	doc.end();
	return done;
}

function standingBar(m: DigestDocument['digest']['metrics'][number]): { share: number; color: string } | null {
	if (m.value === null || m.target === null || m.target === 0) return null;
	const share = m.direction === 'at-most' ? m.target / Math.max(m.value, 1e-9) : m.value / m.target;
	return { share: Math.max(0, Math.min(1, share)), color: m.met ? GOOD : BAD };
}
