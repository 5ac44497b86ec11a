import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	BOARD_LIMIT,
	CLUSTER_MIN,
	MAX_ZOOM,
	MIN_ZOOM,
	NOTE_SIZE,
	autoPlace,
	boundsOf,
	clusterMembers,
	connectorEnds,
	containsRect,
	detailAt,
	edgePoint,
	fitView,
	frameAround,
	containsPoint,
	nestedClusters,
	nodeKey,
	parseNodeKey,
	pointerInterval,
	rectFromCorners,
	sanitizePoint,
	sanitizeRect,
	sanitizeViewport,
	snapOut,
	toScreen,
	toWorld,
	translate,
	viewAround,
	viewCenter,
	visibleWorld,
	within,
	zoomAt,
	layoutNodes,
	type Rect
} from './canvas.js';

const card = (id: string, x: number, y: number) => ({ id, rect: { x, y, ...NOTE_SIZE } });

describe('sanitising what anyone may have written', () => {
	it('keeps sane points, rounded', () => {
		expect(sanitizePoint({ x: 10.4, y: -20.6 })).toEqual({ x: 10, y: -21 });
	});
	it('refuses NaN, infinities, strings, arrays and null', () => {
		for (const bad of [{ x: NaN, y: 0 }, { x: 0, y: Infinity }, { x: '1', y: 2 }, [1, 2], null, undefined, 42, 'x']) {
			expect(sanitizePoint(bad)).toBeNull();
		}
	});
	it('clamps huge coordinates to the board', () => {
		expect(sanitizePoint({ x: 1e300, y: -1e300 })).toEqual({ x: BOARD_LIMIT, y: -BOARD_LIMIT });
	});
	it('keeps frames between their minimum and maximum size', () => {
		expect(sanitizeRect({ x: 0, y: 0, w: -5, h: 1e9 })).toEqual({ x: 0, y: 0, w: CLUSTER_MIN.w, h: 20_000 });
		expect(sanitizeRect({ x: 0, y: 0, w: NaN, h: 10 })).toBeNull();
	});
	it('makes a received viewport safe', () => {
		expect(sanitizeViewport({ x: 1, y: 2, zoom: 1000 })).toEqual({ x: 1, y: 2, zoom: MAX_ZOOM });
		expect(sanitizeViewport({ x: 1, y: 2, zoom: 'big' })).toBeNull();
	});
	it('never returns a point off the board, whatever it is given', () => {
		fc.assert(
			fc.property(fc.anything(), (value) => {
				const p = sanitizePoint(value);
				return p === null || (Math.abs(p.x) <= BOARD_LIMIT && Math.abs(p.y) <= BOARD_LIMIT && Number.isInteger(p.x));
			})
		);
	});
});

describe('viewport transforms', () => {
	it('screen and world are inverse', () => {
		fc.assert(
			fc.property(
				fc.double({ min: -1e4, max: 1e4, noNaN: true }),
				fc.double({ min: -1e4, max: 1e4, noNaN: true }),
				fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }),
				(x, y, zoom) => {
					const view = { x: 100, y: -50, zoom };
					const back = toScreen(view, toWorld(view, { x, y }));
					return Math.abs(back.x - x) < 1e-6 && Math.abs(back.y - y) < 1e-6;
				}
			)
		);
	});
	it('zooming keeps the point under the pointer in place', () => {
		const view = { x: 30, y: 40, zoom: 1 };
		const pointer = { x: 200, y: 120 };
		const before = toWorld(view, pointer);
		const after = toWorld(zoomAt(view, pointer, 1.5), pointer);
		expect(after.x).toBeCloseTo(before.x);
		expect(after.y).toBeCloseTo(before.y);
	});
	it('zoom stays within its limits', () => {
		expect(zoomAt({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0 }, 1e6).zoom).toBe(MAX_ZOOM);
		expect(zoomAt({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0 }, 0).zoom).toBe(MIN_ZOOM);
	});
	it('fit shows every card and never zooms past 100%', () => {
		const bounds = { x: -500, y: 200, w: 4000, h: 1000 };
		const view = fitView(bounds, 1200, 700);
		expect(containsRect(visibleWorld(view, 1200, 700), bounds)).toBe(true);
		expect(fitView({ x: 0, y: 0, w: 10, h: 10 }, 1200, 700).zoom).toBe(1);
	});
	it('a shared view centre shows the same world point on a screen of another size', () => {
		const mine = { x: 100, y: 100, zoom: 0.5 };
		const shared = viewCenter(mine, 1600, 900);
		const theirs = viewAround(shared, 1280, 720);
		expect(viewCenter(theirs, 1280, 720)).toEqual(shared);
	});
});

describe('hit-testing and selection', () => {
	const cards = [card('a', 0, 0), card('b', 100, 50), card('c', 1000, 1000)];
	it('a point is on a card from edge to edge, and nowhere else', () => {
		expect(containsPoint(cards[1]!.rect, { x: 150, y: 100 })).toBe(true);
		expect(containsPoint(cards[0]!.rect, { x: NOTE_SIZE.w, y: NOTE_SIZE.h })).toBe(true);
		expect(containsPoint(cards[0]!.rect, { x: NOTE_SIZE.w + 1, y: 0 })).toBe(false);
	});
	it('snapping out to a grid keeps the whole rectangle and lands on grid lines', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1e5, max: 1e5 }), fc.integer({ min: -1e5, max: 1e5 }), fc.nat(1e4), fc.nat(1e4), (x, y, w, h) => {
				const r = { x, y, w, h };
				const snapped = snapOut(r, 480);
				return containsRect(snapped, r) && snapped.x % 480 === 0 && snapped.w % 480 === 0;
			})
		);
	});
	it('a marquee dragged in any direction selects what it touches', () => {
		const area = rectFromCorners({ x: 400, y: 400 }, { x: -10, y: -10 });
		expect(within(cards, area).map((c) => c.id)).toEqual(['a', 'b']);
	});
});

describe('clusters', () => {
	it('hold the cards whose centre lies inside the frame', () => {
		const frame: Rect = { x: -20, y: -60, w: 300, h: 250 };
		const cards = [card('in', 0, 0), card('half-out', 200, 0), card('out', 600, 0)];
		expect(clusterMembers(frame, cards).map((c) => c.id)).toEqual(['in']);
	});
	it('a frame drawn around cards contains them all', () => {
		const cards = [card('a', 0, 0), card('b', 400, 300)];
		const frame = frameAround(cards.map((c) => c.rect))!;
		expect(clusterMembers(frame, cards)).toHaveLength(2);
		for (const c of cards) expect(containsRect(frame, c.rect)).toBe(true);
		expect(frameAround([])).toBeNull();
	});
	it('nested frames move with their parent; a frame is never inside itself', () => {
		const outer = { id: 'outer', rect: { x: 0, y: 0, w: 1000, h: 1000 } };
		const inner = { id: 'inner', rect: { x: 100, y: 100, w: 200, h: 200 } };
		const apart = { id: 'apart', rect: { x: 900, y: 900, w: 300, h: 300 } };
		expect(nestedClusters(outer, [outer, inner, apart]).map((f) => f.id)).toEqual(['inner']);
		expect(nestedClusters(inner, [outer, inner, apart])).toEqual([]);
	});
});

describe('connectors', () => {
	it('run from edge to edge along the line between centres', () => {
		const a = { x: 0, y: 0, w: 100, h: 50 };
		const b = { x: 300, y: 0, w: 100, h: 50 };
		expect(connectorEnds(a, b)).toEqual({ from: { x: 100, y: 25 }, to: { x: 300, y: 25 } });
	});
	it('leave through the top or bottom when the other card is above or below', () => {
		const a = { x: 0, y: 0, w: 100, h: 50 };
		expect(edgePoint(a, { x: 50, y: 500 })).toEqual({ x: 50, y: 50 });
		expect(edgePoint(a, { x: 50, y: -500 })).toEqual({ x: 50, y: 0 });
	});
	it('are not drawn between overlapping cards', () => {
		expect(connectorEnds({ x: 0, y: 0, w: 100, h: 50 }, { x: 50, y: 10, w: 100, h: 50 })).toBeNull();
	});
});

describe('layout and keys', () => {
	it('places unmoved notes by column and row, lines to the left', () => {
		expect(autoPlace('note', 0, 0).x).toBe(0);
		expect(autoPlace('note', 1, 0).x).toBeGreaterThan(NOTE_SIZE.w);
		expect(autoPlace('note', 0, 1).y).toBeGreaterThan(autoPlace('note', 0, 0).y + NOTE_SIZE.h);
		expect(autoPlace('line', 0, 0).x).toBeLessThan(0);
	});
	it('node keys round-trip and refuse junk', () => {
		expect(parseNodeKey(nodeKey('note', 'a:b'))).toEqual({ kind: 'note', id: 'a:b' });
		expect(parseNodeKey('frame:x')).toBeNull();
		expect(parseNodeKey('note:')).toBeNull();
	});
	it('shares pointers less often the bigger the room', () => {
		expect(pointerInterval(3)).toBe(150);
		expect(pointerInterval(100)).toBe(400);
		expect(pointerInterval(300)).toBe(1000);
		expect(pointerInterval(5000)).toBe(1000);
	});
	it('draws less detail the further out it is zoomed', () => {
		expect(detailAt(1)).toBe('full');
		expect(detailAt(0.4)).toBe('summary');
		expect(detailAt(0.1)).toBe('block');
	});
	it('moves stay on the board', () => {
		expect(translate({ x: BOARD_LIMIT - 1, y: 0 }, 100, 0).x).toBe(BOARD_LIMIT);
	});
	it('bounds cover every rectangle', () => {
		expect(boundsOf([{ x: 0, y: 0, w: 10, h: 10 }, { x: -5, y: 20, w: 1, h: 1 }])).toEqual({ x: -5, y: 0, w: 15, h: 21 });
		expect(boundsOf([])).toBeNull();
	});
});

describe('laying out the board', () => {
	const columns = [
		{ id: 'a', title: 'A', hint: '' },
		{ id: 'b', title: 'B', hint: '' }
	];
	const note = (id: string, column: string, order: number) => ({ id, column, order, createdAt: order });
	it('puts unplaced notes in their column, placed ones where they were put, lines first', () => {
		const notes = [note('n1', 'a', 1), note('n2', 'a', 2), note('n3', 'b', 1)];
		const places = new Map([[nodeKey('note', 'n1'), { x: 900, y: 900 }]]);
		const nodes = layoutNodes(notes, columns, ['headline'], places);
		expect(nodes.map((n) => n.key)).toEqual(['line:headline', 'note:n1', 'note:n2', 'note:n3']);
		const byKey = new Map(nodes.map((n) => [n.key, n]));
		expect(byKey.get('note:n1')!.rect).toMatchObject({ x: 900, y: 900 });
		expect(byKey.get('note:n1')!.placed).toBe(true);
		// n2 takes the first row of column a, since n1 left it.
		expect(byKey.get('note:n2')!.rect).toMatchObject(autoPlace('note', 0, 0));
		expect(byKey.get('note:n3')!.rect).toMatchObject(autoPlace('note', 1, 0));
	});
});
