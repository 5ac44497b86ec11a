import { describe, expect, it } from 'vitest';
import { BIG_NUDGE, NOTE_SIZE, NUDGE, nodeKey, type CanvasNode, type Point } from './canvas.js';
import { initialGestures, reduceGesture, type GestureContext, type GestureEvent, type GestureState } from './canvasGestures.js';

const node = (id: string, x: number, y: number): CanvasNode => ({ key: nodeKey('note', id), kind: 'note', id, placed: true, rect: { x, y, ...NOTE_SIZE } });
const a = node('a', 0, 0);
const b = node('b', 400, 0);
const c = node('c', 0, 400);
const ctx: GestureContext = {
	nodes: [a, b, c],
	frames: [
		{ id: 'outer', rect: { x: -50, y: -50, w: 800, h: 300 } },
		{ id: 'inner', rect: { x: 350, y: -20, w: 300, h: 200 } }
	],
	view: { x: 0, y: 0, zoom: 1 },
	width: 1000,
	height: 800,
	editable: true,
	connectFrom: null
};
const at = (x: number, y: number): Point => ({ x, y });
const down = (target: Partial<Extract<GestureEvent, { kind: 'down' }>['target']>, x = 10, y = 10, more: Partial<Extract<GestureEvent, { kind: 'down' }>> = {}): GestureEvent => ({
	kind: 'down',
	button: 0,
	screen: at(x, y),
	world: at(x, y),
	target,
	shift: false,
	additive: false,
	...more
});
const move = (x: number, y: number): GestureEvent => ({ kind: 'move', screen: at(x, y), world: at(x, y) });

/** Run events in order, collecting every effect. */
function run(events: GestureEvent[], state: GestureState = initialGestures(), context: GestureContext = ctx) {
	const effects = [];
	for (const event of events) {
		const result = reduceGesture(state, event, context);
		state = result.state;
		effects.push(...result.effects);
	}
	return { state, effects };
}

describe('drag to move', () => {
	it('holds the card where it is dragged and writes it when the drag ends', () => {
		const during = run([down({ card: a.key }), move(60, 30)]);
		expect(during.state.selection).toEqual(new Set([a.key]));
		expect(during.state.held).toEqual(new Map([[a.key, at(50, 20)]]));
		expect(during.effects).toContainEqual({ kind: 'scheduleWrite' });
		const after = run([{ kind: 'up' }], during.state);
		expect(after.effects).toEqual([{ kind: 'write', held: new Map([[a.key, at(50, 20)]]), heldFrames: new Map() }]);
		expect(after.state.held.size).toBe(0);
		expect(after.state.gesture).toBeNull();
	});
	it('moves the whole selection when a selected card is dragged', () => {
		const selected = { ...initialGestures(), selection: new Set([a.key, b.key]) };
		const { state } = run([down({ card: b.key }), move(110, 10)], selected);
		expect(state.held).toEqual(new Map([[a.key, at(100, 0)], [b.key, at(500, 0)]]));
	});
	it('treats a wobble under three screen pixels as a click', () => {
		const { state, effects } = run([down({ card: a.key }), move(12, 11)]);
		expect(state.held.size).toBe(0);
		expect(effects).not.toContainEqual({ kind: 'scheduleWrite' });
	});
	it('carries what lies inside a frame, nested frames included', () => {
		const { state } = run([down({ frame: 'outer' }), move(20, 10)]);
		expect(state.selectedCluster).toBe('outer');
		expect([...state.held.keys()].sort()).toEqual([a.key, b.key]);
		expect(state.heldFrames.get('inner')).toEqual({ x: 360, y: -20, w: 300, h: 200 });
	});
	it('selects but does not move anything for someone who may not edit', () => {
		const { state } = run([down({ card: a.key }), move(100, 100)], initialGestures(), { ...ctx, editable: false });
		expect(state.selection).toEqual(new Set([a.key]));
		expect(state.held.size).toBe(0);
	});
	it('resizes a frame, never below the minimum', () => {
		const { state } = run([down({ resize: 'inner' }), move(-1000, -1000)]);
		expect(state.heldFrames.get('inner')).toMatchObject({ w: 160, h: 120 });
	});
});

describe('drag to pan', () => {
	it('pans the view by the distance dragged on empty space', () => {
		const { state, effects } = run([down({}), move(30, 20)]);
		expect(state.panning).toBe(true);
		expect(effects).toContainEqual({ kind: 'view', view: { x: -20, y: -10, zoom: 1 }, byHand: true });
	});
	it('clears the selection on a click on empty space, not after a pan', () => {
		const selected = { ...initialGestures(), selection: new Set([a.key]), selectedCluster: 'outer' };
		const clicked = run([down({}), { kind: 'up' }], selected).state;
		expect(clicked.selection.size).toBe(0);
		expect(clicked.selectedCluster).toBeNull();
		const panned = run([down({}, 10, 10, { world: at(900, 900) }), move(50, 50), { kind: 'up' }], { ...selected, selectedCluster: null }).state;
		expect(panned.selection).toEqual(new Set([a.key]));
	});
	it('pans from a card with the middle button or with Space held', () => {
		const middle = run([down({ card: a.key }, 10, 10, { button: 1 }), move(20, 10)]);
		expect(middle.effects).toContainEqual({ kind: 'preventDefault' });
		expect(middle.state.held.size).toBe(0);
		expect(middle.effects).toContainEqual({ kind: 'view', view: { x: -10, y: 0, zoom: 1 }, byHand: true });
		const space = run([{ kind: 'viewportKey', key: ' ', inField: false, onViewport: true }, down({ card: a.key }), move(20, 10)]);
		expect(space.state.selection.size).toBe(0);
		expect(space.effects).toContainEqual({ kind: 'view', view: { x: -10, y: 0, zoom: 1 }, byHand: true });
		expect(run([{ kind: 'spaceUp' }], space.state).state.spaceHeld).toBe(false);
	});
	it('leaves form fields and panels alone', () => {
		expect(run([down({ control: true })])).toEqual({ state: initialGestures(), effects: [] });
	});
	it('lets Space be typed in a field', () => {
		const { state, effects } = run([{ kind: 'viewportKey', key: ' ', inField: true, onViewport: false }]);
		expect(state.spaceHeld).toBe(false);
		expect(effects).toEqual([]);
	});
});

describe('rectangle select', () => {
	it('selects every card the rectangle touches when Shift-dragging on empty space', () => {
		const during = run([down({}, -10, -10, { shift: true }), move(450, 50)]);
		expect(during.state.marquee).toEqual({ x: -10, y: -10, w: 460, h: 60 });
		const { state } = run([{ kind: 'up' }], during.state);
		expect(state.selection).toEqual(new Set([a.key, b.key]));
		expect(state.marquee).toBeNull();
	});
});

describe('shift-click', () => {
	const additive = { additive: true };
	it('adds a card to the selection', () => {
		const { state } = run([down({ card: a.key }), { kind: 'up' }, down({ card: b.key }, 410, 10, additive), { kind: 'up' }]);
		expect(state.selection).toEqual(new Set([a.key, b.key]));
	});
	it('removes a selected card on release if it was not dragged', () => {
		const selected = { ...initialGestures(), selection: new Set([a.key, b.key]) };
		expect(run([down({ card: a.key }, 10, 10, additive), { kind: 'up' }], selected).state.selection).toEqual(new Set([b.key]));
		const dragged = run([down({ card: a.key }, 10, 10, additive), move(100, 100), { kind: 'up' }], selected).state;
		expect(dragged.selection).toEqual(new Set([a.key, b.key]));
	});
	it('toggles through the handle, and Shift+Enter on it', () => {
		const once = run([{ kind: 'handle', node: a.key, additive: true }, { kind: 'cardKey', node: b.key, key: 'Enter', shift: true }]);
		expect(once.state.selection).toEqual(new Set([a.key, b.key]));
		expect(run([{ kind: 'handle', node: a.key, additive: true }], once.state).state.selection).toEqual(new Set([b.key]));
		expect(run([{ kind: 'handle', node: c.key, additive: false }], once.state).state.selection).toEqual(new Set([c.key]));
	});
});

describe('connecting and choosing connectors', () => {
	it('finishes a connector on the card clicked', () => {
		const connecting = { ...ctx, connectFrom: a.key };
		expect(run([down({ card: b.key })], initialGestures(), connecting).effects).toContainEqual({ kind: 'connect', to: b.key });
		expect(run([{ kind: 'handle', node: c.key, additive: false }], initialGestures(), connecting).effects).toEqual([{ kind: 'connect', to: c.key }]);
	});
	it('selects a connector, leaving any cluster', () => {
		const { state } = run([down({ link: 'l1' })], { ...initialGestures(), selectedCluster: 'outer' });
		expect(state).toMatchObject({ selectedConnector: 'l1', selectedCluster: null, gesture: null });
	});
});

describe('keyboard', () => {
	const key = (k: string, shift = false, nodeKey = a.key): GestureEvent => ({ kind: 'cardKey', node: nodeKey, key: k, shift });
	const viewKey = (k: string): GestureEvent => ({ kind: 'viewportKey', key: k, inField: false, onViewport: true });
	it('moves a card by a nudge, or a big one with Shift', () => {
		expect(run([key('ArrowRight')]).effects).toContainEqual({ kind: 'place', moves: [[a.key, at(NUDGE, 0)]] });
		expect(run([key('ArrowUp', true)]).effects).toContainEqual({ kind: 'place', moves: [[a.key, at(0, -BIG_NUDGE)]] });
	});
	it('moves the whole selection with the focused card', () => {
		const selected = { ...initialGestures(), selection: new Set([a.key, c.key]) };
		expect(run([key('ArrowDown')], selected).effects).toContainEqual({ kind: 'place', moves: [[a.key, at(0, NUDGE)], [c.key, at(0, 400 + NUDGE)]] });
	});
	it('brings a card moved off screen back into view, without stopping a follow', () => {
		const small = { ...ctx, width: 300, height: 200 };
		const { effects } = run([key('ArrowRight', false, b.key)], initialGestures(), small);
		expect(effects).toContainEqual({ kind: 'view', view: { x: 400 + NUDGE + NOTE_SIZE.w / 2 - 150, y: NOTE_SIZE.h / 2 - 100, zoom: 1 }, byHand: false });
	});
	it('does not move cards for someone who may not edit', () => {
		expect(run([key('ArrowRight')], initialGestures(), { ...ctx, editable: false }).effects).toEqual([]);
	});
	it('pans the view with the arrows on the canvas itself, and only there', () => {
		expect(run([viewKey('ArrowRight')]).effects).toContainEqual({ kind: 'view', view: { x: 80, y: 0, zoom: 1 }, byHand: true });
		expect(run([viewKey('ArrowUp')]).effects).toContainEqual({ kind: 'view', view: { x: 0, y: -80, zoom: 1 }, byHand: true });
		expect(run([{ kind: 'viewportKey', key: 'ArrowUp', inField: false, onViewport: false }]).effects).toEqual([]);
	});
	it('zooms about the middle of the screen, back to 100% with 1, and fits with 0', () => {
		const zoomIn = run([viewKey('+')]).effects[0];
		expect(zoomIn).toEqual({ kind: 'view', view: { x: 100, y: 80, zoom: 1.25 }, byHand: true });
		const half = { ...ctx, view: { x: 0, y: 0, zoom: 0.5 } };
		expect(run([viewKey('1')], initialGestures(), half).effects[0]).toEqual({ kind: 'view', view: { x: 500, y: 400, zoom: 1 }, byHand: true });
		expect(run([viewKey('-')]).effects[0]).toMatchObject({ view: { zoom: 0.8 } });
		expect(run([viewKey('0')]).effects).toEqual([{ kind: 'fit' }, { kind: 'preventDefault' }]);
	});
	it('Esc cancels a connector, stops following and clears the selection', () => {
		const selected = { ...initialGestures(), selection: new Set([a.key]) };
		const { state, effects } = run([viewKey('Escape')], selected);
		expect(state.selection.size).toBe(0);
		expect(effects).toEqual([{ kind: 'cancelConnect' }, { kind: 'stopFollowing' }, { kind: 'preventDefault' }]);
		expect(run([key('Escape')], selected).state.selection.size).toBe(0);
	});
	it('leaves other keys to the browser', () => {
		expect(run([viewKey('x'), key('x')]).effects).toEqual([]);
	});
});
