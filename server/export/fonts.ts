/**
 * Fonts for the PDF, so that text prints as typed: Inter for Latin, Greek and
 * Cyrillic, Noto Emoji (monochrome: PDF fonts have no colour) for emoji. A
 * font file covers one subset of Unicode, listed in its package's
 * unicode.json; each character is set in the first face that covers it.
 * Scripts none covers (e.g. Chinese) still print as missing glyphs.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const WEIGHTS = { regular: 400, semibold: 600, bold: 700 } as const;
export type Weight = keyof typeof WEIGHTS;

interface Face {
	/** Name registered with pdfkit; the first face of a weight is the weight's own name. */
	name: string;
	file: string;
	ranges: [number, number][];
}

function parseRanges(list: string): [number, number][] {
	return list.split(',').map((part) => {
		const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
		return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
	});
}

function subsets(pkg: string): [string, [number, number][]][] {
	return Object.entries(require(`${pkg}/unicode.json`) as Record<string, string>).map(([key, list]) => [key.replace(/^\[|\]$/g, ''), parseRanges(list)]);
}

const INTER_ORDER = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

function facesOf(weight: Weight): Face[] {
	const inter = new Map(subsets('@fontsource/inter'));
	const faces: Face[] = INTER_ORDER.filter((s) => inter.has(s)).map((subset, i) => ({
		name: i === 0 ? weight : `${weight}/${subset}`,
		file: require.resolve(`@fontsource/inter/files/inter-${subset}-${WEIGHTS[weight]}-normal.woff`),
		ranges: inter.get(subset)!
	}));
	// One weight of emoji for all: they are pictures, not letters.
	for (const [subset, ranges] of subsets('@fontsource/noto-emoji')) {
		faces.push({ name: `${weight}/emoji-${subset}`, file: require.resolve(`@fontsource/noto-emoji/files/noto-emoji-${subset}-400-normal.woff`), ranges });
	}
	return faces;
}

const FACES = Object.fromEntries((Object.keys(WEIGHTS) as Weight[]).map((w) => [w, facesOf(w)])) as Record<Weight, Face[]>;

/** Register every face; pdfkit embeds only the ones a document uses. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
	for (const faces of Object.values(FACES)) for (const face of faces) doc.registerFont(face.name, face.file);
}

/** Marks, joiners, variation selectors, skin tones and tags belong to the character before them. */
// One code point at a time (the u flag): joiners and modifiers on their own, never combined with the one before.
// eslint-disable-next-line no-misleading-character-class
const JOINS = /^[\p{M}\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;

/** `text` cut into runs, each with the face (registered name) that can draw it; `font` is a weight name. */
export function fontRuns(text: string, font: string): { font: string; text: string }[] {
	const faces = FACES[font as Weight];
	if (!faces || !text) return [{ font, text }];
	const runs: { font: string; text: string }[] = [];
	for (const ch of text) {
		const last = runs.at(-1);
		const code = ch.codePointAt(0)!;
		const face = last && JOINS.test(ch) ? last.font : (faces.find((f) => f.ranges.some(([a, b]) => code >= a && code <= b))?.name ?? font);
		if (last && last.font === face) last.text += ch;
		else runs.push({ font: face, text: ch });
	}
	return runs;
}
