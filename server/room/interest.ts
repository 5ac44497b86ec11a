/**
 * Interest management: which of the others in a room one connection is shown. Pure.
 *
 * Candidates share the viewer's stage bucket (no stage is a bucket of its own). In priority:
 *   1. the others editing the viewer's `line`, most recently active first, up to MAX_SHOWN_CARETS;
 *   2. the others whose pointer lies in the viewer's canvas view (plus a quarter screen), nearest
 *      to its centre first;
 *   3. the most recently active others of the bucket,
 * up to MAX_SHOWN_POINTERS in all; tiers 2 and 3 leave out the others on the viewer's line, so
 * that line never shows more than MAX_SHOWN_CARETS carets. Whoever was shown last time and still qualifies for a tier
 * keeps their place in it before newcomers are ranked: in a crowd where everyone moves, the
 * ranking changes every tick, and each change costs a full state and a removal.
 *
 * The index is built once per tick, in O(people), and shared by every viewer; a viewer's query
 * reads a few dozen entries (a coarse grid finds the pointers in a view).
 */
import { DEFAULT_SCREEN, MAX_SHOWN_CARETS, MAX_SHOWN_POINTERS } from '../../src/lib/protocol/presence.js';
import { sanitizePoint, sanitizeViewport, type Point } from '../../src/lib/domain/canvas.js';

/** Longer stage or line ids than this are read as absent (real ones are short ids). */
export const MAX_KEY_CHARS = 128;
/** A shown person kept for recency alone stays shown while active this recently. */
export const FILL_STICKY_MS = 10_000;
/** World units per grid cell: a screen at zoom 1 covers a few cells. */
const CELL = 1024;
/** A view covering more cells than this is answered by scanning the bucket instead. */
const MAX_CELLS = 64;

export interface View {
	x: number;
	y: number;
	zoom: number;
	w: number;
	h: number;
}

/** The parts of an awareness state interest depends on, made safe. */
export interface Presence {
	/** '' when none. */
	stage: string;
	line: string | null;
	view: View | null;
	pointer: Point | null;
}

export interface PresenceRecord {
	presence: Presence;
	/** When the state last changed (ms). */
	changedAt: number;
}

/** Read a client's awareness state; anything hostile or malformed reads as absent. */
export function readPresence(state: unknown): Presence {
	const s = typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
	return { stage: key(s.stage) ?? '', line: key(s.line), view: readView(s.view), pointer: sanitizePoint(s.pointer) };
}

function key(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_CHARS ? value : null;
}

function readView(value: unknown): View | null {
	const at = sanitizeViewport(value);
	if (!at) return null;
	const { w, h } = value as Record<string, unknown>;
	const size = screenSide(w) !== null && screenSide(h) !== null ? { w: screenSide(w)!, h: screenSide(h)! } : DEFAULT_SCREEN;
	return { ...at, w: size.w, h: size.h };
}

function screenSide(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 10_000 ? value : null;
}

/** The world rect a view shows, widened by a quarter screen on every side. */
export function viewRect(view: View): { left: number; top: number; right: number; bottom: number } {
	const w = view.w / view.zoom;
	const h = view.h / view.zoom;
	return { left: view.x - w / 4, top: view.y - h / 4, right: view.x + w * 1.25, bottom: view.y + h * 1.25 };
}

interface Bucket {
	/** Oldest activity first: the most recent are read from the end. */
	recency: number[];
	/** Per line, oldest activity first. */
	lines: Map<string, number[]>;
	/** Pointers by grid cell. */
	cells: Map<string, number[]>;
	pointers: number[];
}

export class InterestIndex {
	private readonly buckets = new Map<string, Bucket>();

	/** `records` in order of activity, oldest first (a Map re-inserted on every change is). */
	constructor(private readonly records: ReadonlyMap<number, PresenceRecord>) {
		for (const [id, { presence }] of records) {
			let bucket = this.buckets.get(presence.stage);
			if (!bucket) this.buckets.set(presence.stage, (bucket = { recency: [], lines: new Map(), cells: new Map(), pointers: [] }));
			bucket.recency.push(id);
			if (presence.line !== null) push(bucket.lines, presence.line, id);
			if (presence.pointer) {
				bucket.pointers.push(id);
				push(bucket.cells, cellOf(presence.pointer), id);
			}
		}
	}

	/**
	 * The client ids `viewer` is shown, at most MAX_SHOWN_POINTERS. `own`: the viewer's own ids,
	 * never shown to it. `previous`: what it was shown last time (kept where it still qualifies).
	 */
	shown(viewer: Presence, own: (id: number) => boolean, previous: ReadonlySet<number> = new Set(), now = Date.now()): number[] {
		const bucket = this.buckets.get(viewer.stage);
		if (!bucket) return [];
		const shown = new Set<number>();
		const sameBucket = (id: number) => this.records.get(id)?.presence.stage === viewer.stage;
		const onMyLine = (id: number) => viewer.line !== null && this.records.get(id)?.presence.line === viewer.line;
		const take = (id: number) => {
			if (shown.size < MAX_SHOWN_POINTERS && !shown.has(id) && !own(id)) shown.add(id);
		};
		/** Tiers 2 and 3: the viewer's line had its share in tier 1. */
		const fill = (id: number) => {
			if (!onMyLine(id)) take(id);
		};
		if (viewer.line !== null) {
			const line = viewer.line;
			const limit = Math.min(MAX_SHOWN_CARETS, MAX_SHOWN_POINTERS);
			for (const id of previous) if (shown.size < limit && sameBucket(id) && this.records.get(id)!.presence.line === line) take(id);
			const editing = bucket.lines.get(line) ?? [];
			for (let i = editing.length - 1; i >= 0 && shown.size < limit; i--) take(editing[i]!);
		}
		if (viewer.view && shown.size < MAX_SHOWN_POINTERS) {
			const rect = viewRect(viewer.view);
			const inView = (id: number) => inRect(this.records.get(id)?.presence.pointer ?? null, rect);
			for (const id of previous) if (sameBucket(id) && inView(id)) fill(id);
			if (shown.size < MAX_SHOWN_POINTERS) {
				const cx = viewer.view.x + viewer.view.w / viewer.view.zoom / 2;
				const cy = viewer.view.y + viewer.view.h / viewer.view.zoom / 2;
				const candidates = this.pointersIn(bucket, rect).filter((id) => inView(id) && !shown.has(id) && !own(id));
				const distance = (id: number) => {
					const p = this.records.get(id)!.presence.pointer!;
					return (p.x - cx) ** 2 + (p.y - cy) ** 2;
				};
				for (const id of nearest(candidates.filter((id) => !onMyLine(id)), distance, MAX_SHOWN_POINTERS - shown.size)) take(id);
			}
		}
		if (shown.size < MAX_SHOWN_POINTERS) {
			for (const id of previous) if (sameBucket(id) && now - this.records.get(id)!.changedAt <= FILL_STICKY_MS) fill(id);
			const recency = bucket.recency;
			for (let i = recency.length - 1; i >= 0 && shown.size < MAX_SHOWN_POINTERS; i--) fill(recency[i]!);
		}
		return [...shown];
	}

	private pointersIn(bucket: Bucket, rect: Rect): number[] {
		const keys = cellsIn(rect, bucket.pointers.length);
		if (!keys) return bucket.pointers;
		const found: number[] = [];
		for (const key of keys) {
			const ids = bucket.cells.get(key);
			if (ids) for (const id of ids) found.push(id);
		}
		return found;
	}
}

export type Rect = ReturnType<typeof viewRect>;

/** The grid cell a pointer is in. */
export function cellOf(p: Point): string {
	return cellKey(Math.floor(p.x / CELL), Math.floor(p.y / CELL));
}

export function inRect(p: Point | null, rect: Rect): boolean {
	return !!p && p.x >= rect.left && p.x <= rect.right && p.y >= rect.top && p.y <= rect.bottom;
}

/** The grid cells a rect covers, or null when they are more than `atMost` (or MAX_CELLS): scan instead. */
export function cellsIn(rect: Rect, atMost = MAX_CELLS): string[] | null {
	const x0 = Math.floor(rect.left / CELL);
	const x1 = Math.floor(rect.right / CELL);
	const y0 = Math.floor(rect.top / CELL);
	const y1 = Math.floor(rect.bottom / CELL);
	const cells = (x1 - x0 + 1) * (y1 - y0 + 1);
	if (cells > MAX_CELLS || cells > atMost) return null;
	const keys: string[] = [];
	for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(cellKey(x, y));
	return keys;
}

/** The `count` nearest of `ids`, nearest first: a full sort only of what is kept. */
function nearest(ids: number[], distance: (id: number) => number, count: number): number[] {
	if (count <= 0) return [];
	const kept: Array<[number, number]> = [];
	for (const id of ids) {
		const d = distance(id);
		if (kept.length === count && d >= kept[count - 1]![1]) continue;
		let i = kept.length;
		while (i > 0 && kept[i - 1]![1] > d) i--;
		kept.splice(i, 0, [id, d]);
		if (kept.length > count) kept.pop();
	}
	return kept.map(([id]) => id);
}

function push(map: Map<string, number[]>, key: string, id: number): void {
	const list = map.get(key);
	if (list) list.push(id);
	else map.set(key, [id]);
}

function cellKey(x: number, y: number): string {
	return `${x},${y}`;
}
