import { describe, expect, it } from 'vitest';
import {
	LINE_GRID_COLUMNS,
	LINE_SIZE,
	NOTE_SIZE,
	READABLE_ZOOM,
	autoPlace,
	boundsOf,
	detailAt,
	fitView,
	initialView,
	pinchView,
	toScreen,
	toWorld,
	viewCenter,
	zoomAt,
	type Point,
	type Rect
} from './canvas.js';
import { initialGestures, reduceGesture, type GestureContext } from './canvasGestures.js';

/** A board like the sample workshop's: four columns of notes and thirteen proposition lines. */
const noteRects: Rect[] = [0, 1, 2, 3].flatMap((col) => [0, 1, 2, 3, 4].map((row) => ({ ...autoPlace('note', col, row), ...NOTE_SIZE })));
const lineRects: Rect[] = Array.from({ length: 13 }, (_, row) => ({ ...autoPlace('line', 0, row), ...LINE_SIZE }));
const notes = boundsOf(noteRects)!;
const everything = boundsOf([...noteRects, ...lineRects])!;

describe("the canvas's first look", () => {
	it('was the fitted board: at 1280 px the whole wall shrank to coloured blocks', () => {
		// Root cause of the unreadable first look: fitting everything, lines included.
		expect(detailAt(fitView(everything, 1240, 640).zoom)).not.toBe('full');
	});

	it('opens at a readable zoom, centred across the notes, headings in view', () => {
		const view = initialView(notes, everything, 1240, 640);
		expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
		expect(detailAt(view.zoom)).toBe('full');
		const middle = viewCenter(view, 1240, 640);
		expect(middle.x).toBeCloseTo(notes.x + notes.w / 2);
		// The notes are taller than the screen: it starts at their top, the column headings showing.
		expect(toScreen(view, { x: 0, y: 0 }).y).toBeGreaterThanOrEqual(0);
		expect(toScreen(view, { x: 0, y: notes.y }).y).toBeLessThan(120);
	});

	it('shows a few notes whole and centred, never past 100%', () => {
		const few = boundsOf(noteRects.slice(0, 2))!;
		const view = initialView(few, few, 1860, 900);
		expect(view.zoom).toBe(1);
		const middle = viewCenter(view, 1860, 900);
		expect(middle.x).toBeCloseTo(few.x + few.w / 2);
		expect(middle.y).toBeCloseTo(few.y + few.h / 2);
	});

	it('with no notes yet, looks at the lines; with nothing at all, a readable empty board', () => {
		expect(initialView(null, boundsOf(lineRects), 1240, 640).zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
		expect(initialView(null, null, 0, 0).zoom).toBe(READABLE_ZOOM);
	});

	it('lays the proposition lines out in a block no taller than a busy note column', () => {
		const lines = boundsOf(lineRects)!;
		const rows = Math.ceil(13 / LINE_GRID_COLUMNS);
		expect(lines.h).toBe(rows * LINE_SIZE.h + (rows - 1) * 20);
		expect(lines.h).toBeLessThan(notes.h * 1.05);
		// Left of the notes, never overlapping them.
		expect(lines.x + lines.w).toBeLessThan(notes.x);
	});
});

describe('zoom around the centre of what is shown', () => {
	const ctx: GestureContext = { nodes: [], frames: [], view: { x: 100, y: 50, zoom: 0.5 }, width: 1000, height: 600, editable: true, connectFrom: null };
	for (const key of ['+', '-', '1']) {
		it(`"${key}" keeps the world point in the middle where it was`, () => {
			const before = viewCenter(ctx.view, ctx.width, ctx.height);
			const { effects } = reduceGesture(initialGestures(), { kind: 'viewportKey', key, inField: false, onViewport: true }, ctx);
			const view = effects.find((e) => e.kind === 'view');
			expect(view?.kind).toBe('view');
			if (view?.kind !== 'view') return;
			if (key === '1') expect(view.view.zoom).toBe(1);
			const after = viewCenter(view.view, ctx.width, ctx.height);
			expect(after.x).toBeCloseTo(before.x);
			expect(after.y).toBeCloseTo(before.y);
		});
	}
	it('the buttons zoom the same way (zoomAt the middle)', () => {
		const view = zoomAt(ctx.view, { x: 500, y: 300 }, 1.25);
		expect(viewCenter(view, 1000, 600).x).toBeCloseTo(viewCenter(ctx.view, 1000, 600).x);
	});
});

describe('pinch', () => {
	const start = { x: 0, y: 0, zoom: 0.5 };
	const from: [Point, Point] = [
		{ x: 400, y: 300 },
		{ x: 600, y: 300 }
	];
	it('spreading the fingers twice as far doubles the zoom about their midpoint', () => {
		const to: [Point, Point] = [
			{ x: 300, y: 300 },
			{ x: 700, y: 300 }
		];
		const view = pinchView(start, from, to);
		expect(view.zoom).toBeCloseTo(1);
		expect(toWorld(view, { x: 500, y: 300 })).toEqual(toWorld(start, { x: 500, y: 300 }));
	});
	it('moving both fingers pans: the world point under them follows', () => {
		const to: [Point, Point] = from.map((p) => ({ x: p.x + 50, y: p.y - 20 })) as [Point, Point];
		const view = pinchView(start, from, to);
		expect(view.zoom).toBeCloseTo(0.5);
		const anchor = toWorld(start, { x: 500, y: 300 });
		const now = toScreen(view, anchor);
		expect(now.x).toBeCloseTo(550);
		expect(now.y).toBeCloseTo(280);
	});
	it('stays within the zoom limits, even with fingers on one spot', () => {
		const same: [Point, Point] = [from[0], from[0]];
		expect(pinchView(start, same, from).zoom).toBeLessThanOrEqual(2.5);
		expect(Number.isFinite(pinchView(start, from, same).zoom)).toBe(true);
	});
});

describe('a small board', () => {
	it('shows lines and notes together when all of them read on the screen', () => {
		const small = boundsOf([...noteRects.slice(0, 1), ...lineRects.slice(0, 3)])!;
		const view = initialView(boundsOf(noteRects.slice(0, 1)), small, 1860, 900);
		expect(view.zoom).toBe(1);
		expect(viewCenter(view, 1860, 900).x).toBeCloseTo(small.x + small.w / 2);
	});
});
