/**
 * The smallest single edit turning `before` into `after`: what a plain textarea
 * bound to a Y.Text applies on each input, so concurrent typists in one note
 * merge instead of overwriting each other.
 */
export interface TextEdit {
	index: number;
	remove: number;
	insert: string;
}

export function diffText(before: string, after: string): TextEdit | null {
	if (before === after) return null;
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
		endBefore--;
		endAfter--;
	}
	// Never split a surrogate pair: widen the edit to whole characters.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
		endBefore++;
		endAfter++;
	}
	return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/** One operation of a Y.Text change (Quill-style delta). */
export interface DeltaOp {
	insert?: unknown;
	delete?: number;
	retain?: number;
}

/** Where a caret at `index` ends up after someone else's change, so remote typing never moves your caret. */
export function transformIndex(index: number, delta: readonly DeltaOp[]): number {
	let position = 0;
	let result = index;
	for (const op of delta) {
		if (position > index) break;
		if (op.retain !== undefined) position += op.retain;
		else if (op.delete !== undefined) {
			const removedBefore = Math.min(op.delete, Math.max(0, index - position));
			result -= removedBefore;
			index -= removedBefore;
			if (removedBefore < op.delete) break;
		} else if (op.insert !== undefined) {
			const length = typeof op.insert === 'string' ? op.insert.length : 1;
			if (position <= index) {
				result += length;
				index += length;
			}
			position += length;
		}
	}
	return result;
}
