/**
 * A projector never scrolls: nobody at the back of the room can scroll it.
 * Content that does not fit is first scaled down (fitScale), and long lists
 * are shown a page at a time, turning on their own (paginate, pageAt).
 */

/** Split a list into pages of at most `perPage` items, sharing them out evenly (never a lone last row). */
export function paginate<T>(items: readonly T[], perPage: number): T[][] {
	if (items.length === 0) return [[]];
	const size = Math.max(1, Math.floor(perPage));
	const count = Math.ceil(items.length / size);
	const even = Math.ceil(items.length / count);
	const pages: T[][] = [];
	for (let i = 0; i < items.length; i += even) pages.push(items.slice(i, i + even));
	return pages;
}

/** Which page shows at `now`: each stays `periodMs`, then the next, round and round. */
export function pageAt(pageCount: number, now: number, periodMs: number): number {
	if (pageCount <= 1 || periodMs <= 0) return 0;
	return Math.floor(now / periodMs) % pageCount;
}

/**
 * The scale at which content fits its box, from its height as drawn at the
 * current scale: never above 1, never below `min` (past that, pages turn).
 */
export function fitScale(drawnHeight: number, available: number, current: number, min: number): number {
	if (drawnHeight <= 0 || available <= 0) return current;
	const natural = drawnHeight / current;
	return Math.max(min, Math.min(1, available / natural));
}
