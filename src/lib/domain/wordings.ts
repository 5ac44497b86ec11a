/**
 * Free text heard many times (objections, reasons a lead was returned), counted as
 * it comes and grouped when read: the same words at once (case, punctuation and
 * spacing aside), then near-identical wordings of the most heard (compare.ts).
 */
import { sameWords, significantWords, wordingKey } from './compare.js';

/** Wordings compared for near-identical grouping, most heard first; rarer ones group only when exactly the same words. */
export const MERGE_MAX = 200;

export interface WordingGroup {
	/** The wording heard most often in the group. */
	text: string;
	count: number;
	/** How many different wordings were merged into it. */
	wordings: number;
}

/** wording key → count and the original wordings with theirs. */
export type Heard = Map<string, { count: number; wordings: Map<string, number> }>;

/** A text heard once more. `keys` caches each text's key across calls (the same objection comes thousands of times). */
export function hear(heard: Heard, text: string, keys: Map<string, string>): void {
	let key = keys.get(text);
	if (key === undefined) keys.set(text, (key = wordingKey(text)));
	if (!key) return;
	const h = heard.get(key) ?? { count: 0, wordings: new Map<string, number>() };
	h.count += 1;
	h.wordings.set(text, (h.wordings.get(text) ?? 0) + 1);
	heard.set(key, h);
}

/** Groups, most heard first (then in code-point order, so the result does not depend on the order heard). */
export function groupHeard(heard: Heard): WordingGroup[] {
	const entries = [...heard].map(([key, h]) => ({ count: h.count, wordings: h.wordings, text: commonest(h.wordings), words: key.split(' ') }));
	entries.sort(byCount);
	// A group's wordings are the heard map's own until a merge, which copies them first: `heard` is never changed.
	type Group = { text: string; words: string[]; count: number; wordings: Map<string, number>; copied: boolean };
	const groups: Group[] = [];
	// Only wordings with the same numbers and negations can be the same (sameWords), so each is compared within its own kind.
	const bySignificant = new Map<string, Group[]>();
	entries.forEach((e, i) => {
		const significant = i < MERGE_MAX ? significantWords(e.words) : '';
		const candidates = i < MERGE_MAX ? bySignificant.get(significant) : undefined;
		const into = candidates?.find((g) => sameWords(g.words, e.words));
		if (into) {
			if (!into.copied) [into.wordings, into.copied] = [new Map(into.wordings), true];
			into.count += e.count;
			for (const [w, n] of e.wordings) into.wordings.set(w, (into.wordings.get(w) ?? 0) + n);
			return;
		}
		const group = { text: e.text, words: e.words, count: e.count, wordings: e.wordings, copied: false };
		groups.push(group);
		if (candidates) candidates.push(group);
		else if (i < MERGE_MAX) bySignificant.set(significant, [group]);
	});
	return groups.map((g) => ({ text: commonest(g.wordings), count: g.count, wordings: g.wordings.size })).sort(byCount);
}

function byCount(x: { count: number; text: string }, y: { count: number; text: string }): number {
	return y.count - x.count || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0);
}

/** The wording heard most often; on a tie the first in code-point order. */
function commonest(wordings: Map<string, number>): string {
	let best = '';
	let most = -1;
	for (const [text, n] of wordings) if (n > most || (n === most && text < best)) [best, most] = [text, n];
	return best;
}
