/**
 * Line breaking for text set in several fonts (fonts.ts picks one per
 * character). pdfkit wraps each font's run on its own, and a run that wraps
 * while continued left its y a line short, so in narrow table cells the next
 * line was set over the one before. Here lines are broken first, over the
 * whole text, and each line is then drawn at a known position.
 */

/** Spaces, single CJK characters (they break anywhere), and words, a hyphen ending one ("role-" "play"). */
const TOKENS = /\s+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef-]+-*|-+/gu;

/**
 * `text` broken into lines no wider than `width` (a word wider than that is cut by characters); "\n" always breaks.
 * Widths are added token by token (kerning across a space is ignored), so each token is measured once.
 */
export function wrapLines(text: string, width: number, measure: (text: string) => number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		let used = 0;
		const flush = () => {
			lines.push(line.trimEnd());
			line = '';
			used = 0;
		};
		let space = '';
		for (const token of paragraph.match(TOKENS) ?? []) {
			if (/^\s+$/.test(token)) {
				if (line) space = token;
				continue;
			}
			const gap = space ? measure(space) : 0;
			const size = measure(token);
			const before = space;
			space = '';
			if (line && used + gap + size <= width) {
				line += before + token;
				used += gap + size;
				continue;
			}
			if (line) flush();
			if (size <= width) {
				line = token;
				used = size;
				continue;
			}
			// A word longer than the line: as many characters as fit, then the rest.
			for (const ch of token) {
				const w = measure(ch);
				if (line && used + w > width) flush();
				line += ch;
				used += w;
			}
		}
		lines.push(line.trimEnd());
	}
	return lines;
}
