/**
 * Where the ramp-up chart puts its dots and labels: pure geometry, no PDF.
 * Labels used to be cut at 40 characters, the first dot sat on the margin
 * (half of it clipped) and the launch line ran through the labels. Here every
 * label is whole words, sits beside its dot, inside the box, and on the first
 * row where it overlaps no other label or dot; a launch or end line is
 * broken behind a label that cannot avoid it.
 */

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface ChartInput {
	/** Milestones with a YYYY-MM-DD date, in any order. */
	milestones: { date: string; title: string; color: string }[];
	/** Dated lines drawn across the rows (launch, campaign end). */
	markers: { date: string; label: string }[];
	/** Where the chart may draw, labels included. */
	left: number;
	width: number;
	/** Width of `text` as set in the label font. */
	measure: (text: string) => number;
	/** The widest a label may be before it is shortened at a word. */
	maxLabel?: number;
}

export interface ChartLayout {
	dots: { x: number; row: number; color: string }[];
	labels: (Box & { text: string; row: number })[];
	/** `gaps`: rows where the line is not drawn, because a label sits across it. */
	markers: { x: number; label: string; gaps: number[] }[];
	rows: number;
}

export const DOT_RADIUS = 3.5;
export const ROW_HEIGHT = 14;
/** Between a dot and its label, and between a label and anything else. */
const GAP = 4;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** `text` cut at a word so that it (with "…") fits `max`; whole when it fits. */
export function fitWords(text: string, max: number, measure: (text: string) => number): string {
	if (measure(text) <= max) return text;
	const words = text.split(/\s+/);
	const trim = (value: string) => value.replace(/[\s,;:.–—-]+$/, '');
	let fitted = '';
	for (const word of words) {
		const next = fitted ? `${fitted} ${word}` : word;
		if (measure(`${trim(next)} …`) > max) break;
		fitted = next;
	}
	// A first word longer than the room is cut by characters: better than an empty label.
	if (!fitted) {
		for (const ch of text) {
			if (measure(`${fitted}${ch}…`) > max) break;
			fitted += ch;
		}
		return `${fitted}…`;
	}
	return `${trim(fitted)} …`;
}

function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function layoutChart(input: ChartInput): ChartLayout {
	const { left, width, measure } = input;
	const right = left + width;
	const maxLabel = input.maxLabel ?? width * 0.45;
	const dated = input.milestones.filter((m) => ISO.test(m.date)).sort((a, b) => a.date.localeCompare(b.date));
	const markers = input.markers.filter((m) => ISO.test(m.date));
	const dates = [...dated, ...markers].map((m) => Date.parse(m.date)).sort((a, b) => a - b);
	const from = dates[0] ?? 0;
	const span = Math.max(1, (dates.at(-1) ?? 0) - from);
	// Dots keep their whole radius inside the box.
	const xOf = (date: string) => left + DOT_RADIUS + ((Date.parse(date) - from) / span) * (width - DOT_RADIUS * 2);
	const lines = markers.map((m) => ({ x: xOf(m.date), label: m.label, gaps: [] as number[] }));

	const placed: ChartLayout['labels'] = [];
	const dots: ChartLayout['dots'] = [];
	for (const m of dated) {
		const x = xOf(m.date);
		const text = fitWords(m.title, Math.min(maxLabel, width - DOT_RADIUS * 2 - GAP), measure);
		const labelWidth = measure(text);
		// Right of the dot, else left of it, inside the box; a label that crosses no marker line first.
		const sides = [x + DOT_RADIUS + GAP, x - DOT_RADIUS - GAP - labelWidth].filter((lx) => lx >= left && lx + labelWidth <= right);
		if (sides.length === 0) sides.push(Math.max(left, Math.min(right - labelWidth, x + DOT_RADIUS + GAP)));
		const crossed = (lx: number) => lines.filter((l) => l.x > lx - GAP / 2 && l.x < lx + labelWidth + GAP / 2);
		sides.sort((a, b) => crossed(a).length - crossed(b).length);
		// The first row with room; a new row is always free, so this ends.
		for (let row = 0; ; row++) {
			const y = row * ROW_HEIGHT;
			const dotBox = { x: x - DOT_RADIUS, y, width: DOT_RADIUS * 2, height: ROW_HEIGHT };
			const free = (box: Box) => !placed.some((p) => overlaps(p, box) || overlaps(p, dotBox)) && !dots.some((d) => d.row === row && overlaps({ x: d.x - DOT_RADIUS, y, width: DOT_RADIUS * 2, height: ROW_HEIGHT }, box));
			const lx = sides.find((candidate) => free({ x: candidate, y, width: labelWidth, height: ROW_HEIGHT }));
			if (lx === undefined) continue;
			placed.push({ x: lx, y, width: labelWidth, height: ROW_HEIGHT, text, row });
			dots.push({ x, row, color: m.color });
			// A line that must pass a label is broken behind it, never drawn through the words.
			for (const line of crossed(lx)) line.gaps.push(row);
			break;
		}
	}
	return { dots, labels: placed, markers: lines, rows: Math.max(1, ...placed.map((p) => p.row + 1)) };
}
