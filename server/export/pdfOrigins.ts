/**
 * The PDF's appendix "Where the lines came from" (src/lib/domain/export/origins.ts), set with
 * the PDF's own heading, text and table (pdf.ts hands them over), so it reads like the other sections.
 */
import type { LineOrigin } from '../../src/lib/domain/export/origins.js';

type Rows = readonly (readonly string[])[];

/** What pdf.ts lends this section: its text, headings that keep with what follows, and its tables. */
export interface PdfSection {
	heading(title: string, keep: number): void;
	text(value: string, font?: string, size?: number, color?: string): void;
	textHeight(value: string, font?: string, size?: number): number;
	tableStart(head: readonly string[], rows: Rows, weights: readonly number[]): number;
	drawTable(head: readonly string[], rows: Rows, weights: readonly number[]): void;
	ensure(height: number): void;
	space(lines: number): void;
	muted: string;
}

const INTRO = 'Each line the room adopted from the breakout groups: what every group proposed, and how the room chose.';

export function drawOrigins(pdf: PdfSection, origins: readonly LineOrigin[]): void {
	const title = (o: LineOrigin) => [o.round, o.line].filter(Boolean).join(' · ');
	const adopted = (o: LineOrigin) => `${o.how}: ${o.adopted}${o.editedSince ? ' (edited in the room since)' : ''}`;
	const voted = (o: LineOrigin) => o.wordings.some((w) => w.total !== null);
	const table = (o: LineOrigin) =>
		[
			['Wording', 'Groups', ...(voted(o) ? [`Total ${o.unit}`, ...o.teams] : [])],
			o.wordings.map((w) => [`${w.text}${w.adopted ? '\n(adopted)' : ''}`, w.groups.join(', '), ...(voted(o) ? [String(w.total ?? 0), ...w.byTeam.map(String)] : [])]),
			voted(o) ? [4.2, 2, 1.1, ...o.teams.map(() => 1.5)] : [5, 2.2]
		] as const;
	/** A line's title, what was adopted and the agreement stay with the start of its table. */
	const start = (o: LineOrigin) =>
		pdf.textHeight(title(o), 'semibold', 12) + pdf.textHeight(adopted(o)) + (o.agreement ? pdf.textHeight(o.agreement, 'regular', 9.5) : 0) + 8 + pdf.tableStart(...table(o));

	pdf.heading('Where the lines came from', pdf.textHeight(INTRO, 'regular', 9.5) + 6 + start(origins[0]!));
	pdf.text(INTRO, 'regular', 9.5, pdf.muted);
	pdf.space(0.4);
	for (const o of origins) {
		pdf.ensure(start(o));
		pdf.text(title(o), 'semibold', 12);
		pdf.text(adopted(o), 'regular', 10.5);
		if (o.agreement) pdf.text(o.agreement, 'regular', 9.5, pdf.muted);
		pdf.space(0.3);
		pdf.drawTable(...table(o));
		const foot = [o.missing.length ? `No text from ${o.missing.join(', ')}.` : '', voted(o) ? o.note : ''].filter(Boolean).join(' ');
		if (foot) pdf.text(foot, 'regular', 8.5, pdf.muted);
		// The next line's title reads as a new item, not as a caption of this table.
		pdf.space(0.9);
	}
}
