/**
 * The insight canvas: geometry only. Notes and proposition lines are fixed-size
 * cards placed in an unbounded "world"; the screen shows it through a viewport
 * (the world point at the screen's top-left, and a zoom). Clusters are frames:
 * what lies inside a frame belongs to it, so membership needs no bookkeeping,
 * cannot form cycles, and a deleted frame leaves its notes where they are.
 */
import { notesInColumn, type BoardColumn, type Placed } from './board.js';

export interface Point {
	x: number;
	y: number;
}

export interface Rect extends Point {
	w: number;
	h: number;
}

/** `x`, `y`: the world point shown at the screen's top-left corner. */
export interface Viewport extends Point {
	zoom: number;
}

/** What a card is: a note, or a proposition line shown as a card. */
export type NodeKind = 'note' | 'line';

/** The agenda stage whose insight board has the canvas. */
export const CANVAS_STAGE = 'draft';

export const NOTE_SIZE = { w: 220, h: 128 } as const;
export const LINE_SIZE = { w: 280, h: 128 } as const;
/** Coordinates beyond this are clamped: a modified client cannot fling a note to infinity. */
export const BOARD_LIMIT = 50_000;
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2.5;
export const CLUSTER_MIN = { w: 160, h: 120 } as const;
export const CLUSTER_MAX = 20_000;
const CLUSTER_PADDING = 32;
/** Room for a cluster's title bar above its first row of notes. */
const CLUSTER_TITLE = 40;
/** Keyboard moves: one step, and a big step with Shift. */
export const NUDGE = 16;
export const BIG_NUDGE = 96;
/** Connector labels people reach for; any short text is allowed. */
export const CONNECTOR_LABELS = ['answers', 'contradicts', 'supports', 'proves'] as const;
export const CONNECTOR_LABEL_MAX = 40;
export const CLUSTER_TITLE_MAX = 80;

/** Node keys name what a place, a connector end or a selection refers to. */
export function nodeKey(kind: NodeKind, id: string): string {
	return `${kind}:${id}`;
}

export function parseNodeKey(key: string): { kind: NodeKind; id: string } | null {
	const at = key.indexOf(':');
	const kind = key.slice(0, at);
	const id = key.slice(at + 1);
	return (kind === 'note' || kind === 'line') && id ? { kind, id } : null;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A stored position as written by anyone: finite numbers, clamped to the board, or null. */
export function sanitizePoint(value: unknown): Point | null {
	if (typeof value !== 'object' || value === null) return null;
	const { x, y } = value as Record<string, unknown>;
	if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
	return { x: clamp(Math.round(x), -BOARD_LIMIT, BOARD_LIMIT), y: clamp(Math.round(y), -BOARD_LIMIT, BOARD_LIMIT) };
}

/** A stored cluster frame: a sane position and a size between the minimum and maximum, or null. */
export function sanitizeRect(value: unknown): Rect | null {
	const at = sanitizePoint(value);
	if (!at) return null;
	const { w, h } = value as Record<string, unknown>;
	if (typeof w !== 'number' || typeof h !== 'number' || !Number.isFinite(w) || !Number.isFinite(h)) return null;
	return { ...at, w: clamp(Math.round(w), CLUSTER_MIN.w, CLUSTER_MAX), h: clamp(Math.round(h), CLUSTER_MIN.h, CLUSTER_MAX) };
}

export function clampZoom(zoom: number): number {
	return Number.isFinite(zoom) ? clamp(zoom, MIN_ZOOM, MAX_ZOOM) : 1;
}

/** A viewport received from someone else (follow, "bring everyone here"), made safe. */
export function sanitizeViewport(value: unknown): Viewport | null {
	const at = sanitizePoint(value);
	const zoom = (value as { zoom?: unknown } | null)?.zoom;
	if (!at || typeof zoom !== 'number' || !Number.isFinite(zoom)) return null;
	return { ...at, zoom: clampZoom(zoom) };
}

export function toScreen(view: Viewport, p: Point): Point {
	return { x: (p.x - view.x) * view.zoom, y: (p.y - view.y) * view.zoom };
}

export function toWorld(view: Viewport, p: Point): Point {
	return { x: p.x / view.zoom + view.x, y: p.y / view.zoom + view.y };
}

/** Zoom by `factor` keeping the world point under `screen` where it is (wheel and pinch). */
export function zoomAt(view: Viewport, screen: Point, factor: number): Viewport {
	const zoom = clampZoom(view.zoom * factor);
	const anchor = toWorld(view, screen);
	return { x: anchor.x - screen.x / zoom, y: anchor.y - screen.y / zoom, zoom };
}

/** Move the view by a distance in screen pixels. */
export function panBy(view: Viewport, dx: number, dy: number): Viewport {
	return { ...view, x: view.x - dx / view.zoom, y: view.y - dy / view.zoom };
}

/** The world rectangle a screen of this size shows. */
export function visibleWorld(view: Viewport, width: number, height: number): Rect {
	return { x: view.x, y: view.y, w: width / view.zoom, h: height / view.zoom };
}

/** The world point at the middle of the screen: what "follow" and "bring everyone here" share. */
export function viewCenter(view: Viewport, width: number, height: number): Viewport {
	return { x: view.x + width / 2 / view.zoom, y: view.y + height / 2 / view.zoom, zoom: view.zoom };
}

/** The viewport that shows `center` (as from viewCenter) in the middle of a screen of this size. */
export function viewAround(center: Viewport, width: number, height: number): Viewport {
	const zoom = clampZoom(center.zoom);
	return { x: center.x - width / 2 / zoom, y: center.y - height / 2 / zoom, zoom };
}

/** The viewport that shows all of `bounds` with a margin, never zoomed in past 100%. */
export function fitView(bounds: Rect | null, width: number, height: number, margin = 48): Viewport {
	if (!bounds || width <= 0 || height <= 0) return { x: -margin, y: -margin, zoom: 1 };
	const zoom = clampZoom(Math.min(1, (width - 2 * margin) / bounds.w, (height - 2 * margin) / bounds.h));
	return {
		x: bounds.x + bounds.w / 2 - width / 2 / zoom,
		y: bounds.y + bounds.h / 2 - height / 2 / zoom,
		zoom
	};
}

export function boundsOf(rects: Iterable<Rect>): Rect | null {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const r of rects) {
		minX = Math.min(minX, r.x);
		minY = Math.min(minY, r.y);
		maxX = Math.max(maxX, r.x + r.w);
		maxY = Math.max(maxY, r.y + r.h);
	}
	return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function intersects(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function containsPoint(r: Rect, p: Point): boolean {
	return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

export function containsRect(outer: Rect, inner: Rect): boolean {
	return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function center(r: Rect): Point {
	return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

export function grow(r: Rect, by: number): Rect {
	return { x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by };
}

/** Items whose rectangle overlaps `area` (marquee selection, culling). */
export function within<T extends { rect: Rect }>(items: readonly T[], area: Rect): T[] {
	return items.filter((item) => intersects(item.rect, area));
}

/** The smallest rectangle on a grid of `step` that holds `r`. */
export function snapOut(r: Rect, step: number): Rect {
	const x = Math.floor(r.x / step) * step;
	const y = Math.floor(r.y / step) * step;
	return { x, y, w: Math.ceil((r.x + r.w) / step) * step - x, h: Math.ceil((r.y + r.h) / step) * step - y };
}

/** A rectangle from two corners dragged in any direction. */
export function rectFromCorners(a: Point, b: Point): Rect {
	return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** Cards belonging to a frame: those whose centre lies inside it. */
export function clusterMembers<T extends { rect: Rect }>(frame: Rect, cards: readonly T[]): T[] {
	return cards.filter((card) => containsPoint(frame, center(card.rect)));
}

/** Frames lying wholly inside `frame` (nested clusters move with their parent). */
export function nestedClusters<T extends { id: string; rect: Rect }>(frame: T, frames: readonly T[]): T[] {
	return frames.filter((other) => other.id !== frame.id && containsRect(frame.rect, other.rect));
}

/** A frame drawn around cards, with room for its title. */
export function frameAround(rects: readonly Rect[]): Rect | null {
	const box = boundsOf(rects);
	if (!box) return null;
	return {
		x: box.x - CLUSTER_PADDING,
		y: box.y - CLUSTER_PADDING - CLUSTER_TITLE,
		w: Math.max(CLUSTER_MIN.w, box.w + 2 * CLUSTER_PADDING),
		h: Math.max(CLUSTER_MIN.h, box.h + 2 * CLUSTER_PADDING + CLUSTER_TITLE)
	};
}

/** Where a line from `r`'s centre towards `toward` leaves `r`. */
export function edgePoint(r: Rect, toward: Point): Point {
	const c = center(r);
	const dx = toward.x - c.x;
	const dy = toward.y - c.y;
	if (dx === 0 && dy === 0) return c;
	const scale = Math.min(dx === 0 ? Infinity : r.w / 2 / Math.abs(dx), dy === 0 ? Infinity : r.h / 2 / Math.abs(dy));
	return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/**
 * The two ends of a connector between cards: from edge to edge along the line
 * joining their centres. Null when there is nothing to draw (the cards overlap).
 */
export function connectorEnds(from: Rect, to: Rect): { from: Point; to: Point } | null {
	if (intersects(from, to)) return null;
	return { from: edgePoint(from, center(to)), to: edgePoint(to, center(from)) };
}

export function translate<T extends Point>(p: T, dx: number, dy: number): T {
	return { ...p, x: clamp(Math.round(p.x + dx), -BOARD_LIMIT, BOARD_LIMIT), y: clamp(Math.round(p.y + dy), -BOARD_LIMIT, BOARD_LIMIT) };
}

/** How much of a card to draw at a zoom: text editors up close, summaries further out, blocks from afar. */
export type Detail = 'full' | 'summary' | 'block';

export function detailAt(zoom: number): Detail {
	if (zoom >= 0.6) return 'full';
	if (zoom >= 0.25) return 'summary';
	return 'block';
}

const COLUMN_GAP = 48;
const ROW_GAP = 20;
/**
 * Proposition lines sit left of the first column, in a block this many cards
 * wide: thirteen lines in one column stood twice as tall as a busy note column
 * and dominated the board.
 */
export const LINE_GRID_COLUMNS = 3;
const LINE_GAP = 20;
const LINE_BLOCK_X = -(LINE_GRID_COLUMNS * (LINE_SIZE.w + LINE_GAP) - LINE_GAP + 2 * COLUMN_GAP);
/** Column headings sit above this y. */
const LAYOUT_TOP = 40;

/**
 * Where a card stands until someone moves it: notes in their board column's
 * order, one canvas column per board column; proposition lines in a block of
 * their own, read row by row. Deterministic, so every laptop draws the same board.
 */
export function autoPlace(kind: NodeKind, columnIndex: number, row: number): Point {
	if (kind === 'line') {
		const col = row % LINE_GRID_COLUMNS;
		return { x: LINE_BLOCK_X + col * (LINE_SIZE.w + LINE_GAP), y: LAYOUT_TOP + Math.floor(row / LINE_GRID_COLUMNS) * (LINE_SIZE.h + LINE_GAP) };
	}
	return { x: columnIndex * (NOTE_SIZE.w + COLUMN_GAP), y: LAYOUT_TOP + row * (NOTE_SIZE.h + ROW_GAP) };
}

/** The zoom at which a note's text reads comfortably (and cards are drawn in full, see detailAt). */
export const READABLE_ZOOM = 0.75;

/**
 * The first view of the canvas: the whole board if it reads at this size, else
 * the notes at a readable zoom. All of them when
 * they fit at READABLE_ZOOM or closer (never past 100%); otherwise the notes'
 * middle across and their top (the column headings) down, so the first
 * thing seen is readable cards rather than a fitted wall of coloured blocks.
 * Without notes, the same for whatever is on the board (the lines).
 */
export function initialView(notes: Rect | null, everything: Rect | null, width: number, height: number, margin = 48): Viewport {
	const fitZoom = (r: Rect) => Math.min(1, (width - 2 * margin) / r.w, (height - 2 * margin) / r.h);
	// The whole board when it reads at this size, else the notes.
	const target = everything && fitZoom(everything) >= READABLE_ZOOM ? everything : (notes ?? everything);
	if (!target || width <= 0 || height <= 0) return { x: -margin, y: -margin, zoom: READABLE_ZOOM };
	const fits = fitZoom(target);
	const zoom = clampZoom(Math.max(READABLE_ZOOM, fits));
	const w = width / zoom;
	const h = height / zoom;
	// Headings stand 40 above the first notes: keep them in view when starting at the top.
	const top = target.y - LAYOUT_TOP;
	return {
		x: target.x + target.w / 2 - w / 2,
		y: target.h + LAYOUT_TOP + (2 * margin) / zoom <= h ? target.y + target.h / 2 - h / 2 : top - margin / zoom,
		zoom
	};
}

/** A two-finger pinch: the view that keeps the world point under the fingers' first midpoint under their midpoint now. */
export function pinchView(start: Viewport, from: readonly [Point, Point], to: readonly [Point, Point]): Viewport {
	const spread = (p: readonly [Point, Point]) => Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
	const mid = (p: readonly [Point, Point]) => ({ x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 });
	const anchor = toWorld(start, mid(from));
	const zoom = clampZoom(start.zoom * (spread(to) / Math.max(spread(from), 1)));
	const now = mid(to);
	return { x: anchor.x - now.x / zoom, y: anchor.y - now.y / zoom, zoom };
}

/** The heading position of a board column on the canvas (the column view's titles, drawn in place). */
export function columnHeading(columnIndex: number): Point {
	return { x: columnIndex * (NOTE_SIZE.w + COLUMN_GAP), y: 0 };
}

/** The minimap's scale and offset: all of `bounds` inside a box of this size. */
export function minimapScale(bounds: Rect, width: number, height: number): { scale: number; x: number; y: number } {
	const scale = Math.min(width / Math.max(bounds.w, 1), height / Math.max(bounds.h, 1));
	return { scale, x: bounds.x - (width / scale - bounds.w) / 2, y: bounds.y - (height / scale - bounds.h) / 2 };
}

/** A card as drawn: what it is, where it stands, and whether someone placed it there. */
export interface CanvasNode {
	key: string;
	kind: NodeKind;
	id: string;
	rect: Rect;
	placed: boolean;
}

/**
 * Every card on the canvas in drawing order (lines, then notes; later ones on
 * top): stored places where they exist, the column layout for the rest.
 */
export function layoutNodes(
	notes: readonly Placed[],
	columns: readonly BoardColumn[],
	lineIds: readonly string[],
	places: ReadonlyMap<string, Point>
): CanvasNode[] {
	const nodes: CanvasNode[] = [];
	let lineRow = 0;
	for (const id of lineIds) {
		const key = nodeKey('line', id);
		const at = places.get(key);
		nodes.push({ key, kind: 'line', id, placed: !!at, rect: { ...(at ?? autoPlace('line', 0, lineRow++)), ...LINE_SIZE } });
	}
	const auto = new Map<string, Point>();
	columns.forEach((column, index) => {
		let row = 0;
		for (const note of notesInColumn([...notes], column.id, columns)) {
			if (!places.has(nodeKey('note', note.id))) auto.set(note.id, autoPlace('note', index, row++));
		}
	});
	for (const note of notes) {
		const key = nodeKey('note', note.id);
		const at = places.get(key) ?? auto.get(note.id) ?? autoPlace('note', 0, 0);
		nodes.push({ key, kind: 'note', id: note.id, placed: places.has(key), rect: { ...at, ...NOTE_SIZE } });
	}
	return nodes;
}

/**
 * How often a pointer is shared: often in a small room, less in a big one, so that
 * a room of 300 sends about one pointer move a second each (everyone receives
 * everyone's: the traffic grows with the square of the room).
 */
export function pointerInterval(peopleOnCanvas: number): number {
	return Math.round(clamp(peopleOnCanvas * 4, 150, 1000));
}
export const VIEW_INTERVAL_MS = 300;
/** While dragging, the shared position is written at most this often (remote screens interpolate between). */
export const MOVE_WRITE_INTERVAL_MS = 50;
export const MAX_POINTERS = 20;
