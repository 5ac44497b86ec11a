/**
 * Line breaking for text set in several fonts (fonts.ts picks one per
 * character). pdfkit wraps each font's run on its own, and a run that wraps
 * while continued left its y a line short, so in narrow table cells the next
 * line was set over the one before. Here lines are broken first, over the
 * whole text, and each line is then drawn at a known position.
 */

/** Spaces, single CJK characters (they break anywhere), and words, a hyphen ending one ("role-" "play"). */
const TOKENS = /\s+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef-]+-*|-+/gu;

/** `text` broken into lines no wider than `width` (a word wider than that is cut by characters); "\n" always breaks. */
export function wrapLines(text: string, width: number, measure: (text: string) => number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const token of paragraph.match(TOKENS) ?? []) {
			if (/^\s+$/.test(token)) {
				if (line) line += token;
				continue;
			}
			if (measure(line + token) <= width) {
				line += token;
				continue;
			}
			if (line.trim()) lines.push(line.trimEnd());
			line = '';
			// A word longer than the line: as many characters as fit, then the rest.
			for (const ch of token) {
				if (line && measure(line + ch) > width) {
					lines.push(line);
					line = '';
				}
				line += ch;
			}
		}
		lines.push(line.trimEnd());
	}
	return lines;
}
