/**
 * Fonts for the PDF, so that text prints as typed: Inter for Latin, Greek and
 * Cyrillic, then a fallback chain (Noto Sans Math and Symbols 2 for ≥ → ✓ and
 * the like, Noto Sans SC and KR for Chinese, Japanese and Korean, Noto Emoji,
 * monochrome since PDF fonts have no colour). Each family comes as subset
 * files whose Unicode ranges are listed in its package's unicode.json; those
 * lists claim more than some files draw (and Noto Sans Math lists only
 * Latin), so a character goes to the first face that really has a glyph for
 * it, checked in the font's own character map. pdfkit embeds only the glyphs
 * a document uses, so the large CJK families cost nothing in a Latin export.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export const WEIGHTS = { regular: 400, semibold: 600, bold: 700 } as const;
export type Weight = keyof typeof WEIGHTS;

interface Face {
	/** Name registered with pdfkit; the first face of a weight is the weight's own name. */
	name: string;
	file: string;
	ranges: [number, number][];
	/** True when the family is one file: its declared ranges are not trusted, only its glyphs. */
	whole: boolean;
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

/** Fallback families after Inter, in order; `weighted`: the family has the document's weights (else 400 only). */
const FALLBACKS: { id: string; pkg: string; weighted: boolean }[] = [
	{ id: 'math', pkg: 'noto-sans-math', weighted: false },
	{ id: 'symbols', pkg: 'noto-sans-symbols-2', weighted: false },
	{ id: 'sc', pkg: 'noto-sans-sc', weighted: true },
	{ id: 'kr', pkg: 'noto-sans-kr', weighted: true },
	{ id: 'emoji', pkg: 'noto-emoji', weighted: false }
];

function familyFaces(weight: Weight, id: string, pkg: string, weighted: boolean): Face[] {
	const list = subsets(`@fontsource/${pkg}`);
	const w = weighted ? WEIGHTS[weight] : 400;
	return list.map(([subset, ranges]) => ({
		name: `${weight}/${id}-${subset}`,
		file: require.resolve(`@fontsource/${pkg}/files/${pkg}-${subset}-${w}-normal.woff`),
		ranges,
		whole: list.length === 1
	}));
}

function facesOf(weight: Weight): { inter: Face[]; fallbacks: Map<string, Face[]> } {
	const inter = new Map(subsets('@fontsource/inter'));
	const interFaces: Face[] = INTER_ORDER.filter((s) => inter.has(s)).map((subset, i) => ({
		name: i === 0 ? weight : `${weight}/${subset}`,
		file: require.resolve(`@fontsource/inter/files/inter-${subset}-${WEIGHTS[weight]}-normal.woff`),
		ranges: inter.get(subset)!,
		whole: false
	}));
	return { inter: interFaces, fallbacks: new Map(FALLBACKS.map((f) => [f.id, familyFaces(weight, f.id, f.pkg, f.weighted)])) };
}

const FACES = Object.fromEntries((Object.keys(WEIGHTS) as Weight[]).map((w) => [w, facesOf(w)])) as Record<Weight, ReturnType<typeof facesOf>>;

/** Register every face; pdfkit reads a file only when a document uses it. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
	for (const { inter, fallbacks } of Object.values(FACES)) {
		for (const face of [...inter, ...[...fallbacks.values()].flat()]) doc.registerFont(face.name, face.file);
	}
}

/** Opened fonts by file, for their character maps (a worker opens each file at most once); null: unreadable. */
const opened = new Map<string, fontkit.Font | null>();

function hasGlyph(face: Face, code: number): boolean {
	if (!face.whole && !face.ranges.some(([a, b]) => code >= a && code <= b)) return false;
	let font = opened.get(face.file);
	if (font === undefined) {
		font = fontkit.openSync(face.file) as fontkit.Font;
		opened.set(face.file, font);
	}
	if (font === null) return false;
	try {
		return font.hasGlyphForCodePoint(code);
	} catch {
		// Some subset files have no character map fontkit can read (a Noto Sans SC slice, for one):
		// it throws on every lookup. Such a face draws nothing here; the next one is asked.
		opened.set(face.file, null);
		return false;
	}
}

/** Pictographs drawn as emoji by default (🚀, 👍) try the emoji font before the symbol fonts, which draw a few of them too. */
const EMOJI_FIRST = /^\p{Emoji_Presentation}$/u;

const chosen = new Map<string, string>();

/** The registered face of `weight` that draws `ch`, or the weight's own face when none does. */
export function faceFor(weight: Weight, ch: string): string {
	const key = `${weight}:${ch}`;
	const known = chosen.get(key);
	if (known) return known;
	const code = ch.codePointAt(0)!;
	const { inter, fallbacks } = FACES[weight];
	const order = EMOJI_FIRST.test(ch) && code > 0xff ? ['emoji', ...FALLBACKS.map((f) => f.id).filter((id) => id !== 'emoji')] : FALLBACKS.map((f) => f.id);
	const candidates = [...inter, ...order.flatMap((id) => fallbacks.get(id)!)];
	const face = candidates.find((f) => hasGlyph(f, code))?.name ?? weight;
	chosen.set(key, face);
	return face;
}

/** Marks, joiners, variation selectors, skin tones and tags belong to the character before them. */
// One code point at a time (the u flag): joiners and modifiers on their own, never combined with the one before.
// eslint-disable-next-line no-misleading-character-class
const JOINS = /^[\p{M}\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;

/** `text` cut into runs, each with the face (registered name) that can draw it; `font` is a weight name. */
export function fontRuns(text: string, font: string): { font: string; text: string }[] {
	if (!(font in FACES) || !text) return [{ font, text }];
	const runs: { font: string; text: string }[] = [];
	for (const ch of text) {
		const last = runs.at(-1);
		const face = last && JOINS.test(ch) ? last.font : faceFor(font as Weight, ch);
		if (last && last.font === face) last.text += ch;
		else runs.push({ font: face, text: ch });
	}
	return runs;
}
