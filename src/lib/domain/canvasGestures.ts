/**
 * What the pointer and the keyboard do on the canvas, as a pure reducer: the
 * gesture state and one input event give the next state and a list of effects
 * for the component to carry out (write places, change the view, connect cards).
 * No DOM here: the component turns DOM events into these events (which card,
 * frame or connector is under the pointer, in world and screen coordinates).
 */
import {
	BIG_NUDGE,
	CLUSTER_MIN,
	NUDGE,
	center,
	clusterMembers,
	containsRect,
	grow,
	nestedClusters,
	panBy,
	rectFromCorners,
	translate,
	visibleWorld,
	within,
	zoomAt,
	type CanvasNode,
	type Point,
	type Rect,
	type Viewport
} from './canvas.js';

export type Gesture =
	| { kind: 'pan'; last: Point; moved: boolean }
	| { kind: 'move'; start: Point; cards: ReadonlyMap<string, Point>; frames: ReadonlyMap<string, Rect>; moved: boolean; toggle: string | null }
	| { kind: 'resize'; id: string; start: Point; origin: Rect }
	| { kind: 'marquee'; start: Point };

export interface GestureState {
	gesture: Gesture | null;
	selection: ReadonlySet<string>;
	selectedCluster: string | null;
	selectedConnector: string | null;
	/** Cards and frames being dragged: drawn at these places until the drag ends. */
	held: ReadonlyMap<string, Point>;
	heldFrames: ReadonlyMap<string, Rect>;
	marquee: Rect | null;
	panning: boolean;
	/** Space held down: a left drag pans from anywhere (a full wall has little empty space). */
	spaceHeld: boolean;
}

export const initialGestures = (): GestureState => ({
	gesture: null,
	selection: new Set(),
	selectedCluster: null,
	selectedConnector: null,
	held: new Map(),
	heldFrames: new Map(),
	marquee: null,
	panning: false,
	spaceHeld: false
});

/** What the board looks like as the event happens. */
export interface GestureContext {
	nodes: readonly CanvasNode[];
	frames: readonly { id: string; rect: Rect }[];
	view: Viewport;
	width: number;
	height: number;
	editable: boolean;
	/** A card waiting for the other end of a new connector. */
	connectFrom: string | null;
}

/** What lies under the pointer, read from the DOM by the component. */
export interface PointerTarget {
	card?: string | undefined;
	frame?: string | undefined;
	resize?: string | undefined;
	link?: string | undefined;
	/** A form field, a button, a link or a panel: the canvas leaves the pointer to it. */
	control?: boolean;
}

export type GestureEvent =
	| { kind: 'down'; button: number; screen: Point; world: Point; target: PointerTarget; shift: boolean; additive: boolean }
	| { kind: 'move'; screen: Point; world: Point }
	| { kind: 'up' }
	/** A card's handle clicked (or Shift+Enter on it: additive). */
	| { kind: 'handle'; node: string; additive: boolean }
	| { kind: 'cardKey'; node: string; key: string; shift: boolean }
	/** A key on the canvas itself: `onViewport` when the canvas, not something in it, has the focus. */
	| { kind: 'viewportKey'; key: string; inField: boolean; onViewport: boolean }
	| { kind: 'spaceUp' };

export type GestureEffect =
	/** Show this view; `byHand` views stop following someone. */
	| { kind: 'view'; view: Viewport; byHand: boolean }
	| { kind: 'fit' }
	| { kind: 'capture' }
	| { kind: 'preventDefault' }
	/** Complete the connector started at `connectFrom`. */
	| { kind: 'connect'; to: string }
	| { kind: 'cancelConnect' }
	| { kind: 'stopFollowing' }
	/** Write what is held soon (throttled while dragging). */
	| { kind: 'scheduleWrite' }
	/** Write these now: the drag ended. */
	| { kind: 'write'; held: ReadonlyMap<string, Point>; heldFrames: ReadonlyMap<string, Rect> }
	/** Keyboard moves, written at once. */
	| { kind: 'place'; moves: [string, Point][] };

export interface GestureResult {
	state: GestureState;
	effects: GestureEffect[];
}

/** A drag shorter than this many screen pixels is a click. */
const CLICK_SLOP = 3;
const KEY_PAN = 80;
const ARROWS: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

export function reduceGesture(state: GestureState, event: GestureEvent, ctx: GestureContext): GestureResult {
	switch (event.kind) {
		case 'down':
			return pointerDown(state, event, ctx);
		case 'move':
			return pointerMove(state, event, ctx);
		case 'up':
			return pointerUp(state, ctx);
		case 'handle':
			return handle(state, event.node, event.additive, ctx);
		case 'cardKey':
			return cardKey(state, event, ctx);
		case 'viewportKey':
			return viewportKey(state, event, ctx);
		case 'spaceUp':
			return { state: state.spaceHeld ? { ...state, spaceHeld: false } : state, effects: [] };
	}
}

function startMove(start: Point, cardKeys: Iterable<string>, frameIds: Iterable<string>, ctx: GestureContext, toggle: string | null = null): Gesture {
	const cards = new Map<string, Point>();
	for (const key of cardKeys) {
		const node = ctx.nodes.find((n) => n.key === key);
		if (node) cards.set(key, { x: node.rect.x, y: node.rect.y });
	}
	const frames = new Map<string, Rect>();
	for (const id of frameIds) {
		const frame = ctx.frames.find((f) => f.id === id);
		if (frame) frames.set(id, frame.rect);
	}
	return { kind: 'move', start, cards, frames, moved: false, toggle };
}

function pointerDown(state: GestureState, event: Extract<GestureEvent, { kind: 'down' }>, ctx: GestureContext): GestureResult {
	const { button, target, world } = event;
	if (button === 1 || (button === 0 && state.spaceHeld)) {
		return { state: { ...state, gesture: { kind: 'pan', last: event.screen, moved: true } }, effects: [{ kind: 'preventDefault' }, { kind: 'capture' }] };
	}
	if (button !== 0 || target.control) return { state, effects: [] };
	const effects: GestureEffect[] = [{ kind: 'capture' }];
	const next: GestureState = { ...state, selectedConnector: null };
	if (target.card && ctx.connectFrom) return { state: next, effects: [...effects, { kind: 'connect', to: target.card }] };
	if (target.link) return { state: { ...next, selectedConnector: target.link, selectedCluster: null }, effects };
	if (ctx.editable && target.resize) {
		const frame = ctx.frames.find((f) => f.id === target.resize);
		if (frame) next.gesture = { kind: 'resize', id: frame.id, start: world, origin: frame.rect };
		return { state: next, effects };
	}
	if (target.frame) {
		next.selectedCluster = target.frame;
		next.selection = new Set();
		const frame = ctx.frames.find((f) => f.id === target.frame);
		if (ctx.editable && frame) {
			// A frame carries what lies inside it, nested frames included.
			const cards = clusterMembers(frame.rect, ctx.nodes).map((n) => n.key);
			next.gesture = startMove(world, cards, [frame.id, ...nestedClusters(frame, ctx.frames).map((f) => f.id)], ctx);
		}
		return { state: next, effects };
	}
	next.selectedCluster = null;
	if (target.card) {
		const card = target.card;
		let toggle: string | null = null;
		if (event.additive) {
			// Shift-click on a selected card deselects it, but only if it is not dragged.
			if (state.selection.has(card)) toggle = card;
			else next.selection = new Set([...state.selection, card]);
		} else if (!state.selection.has(card)) next.selection = new Set([card]);
		if (ctx.editable) next.gesture = startMove(world, next.selection, [], ctx, toggle);
		return { state: next, effects };
	}
	next.gesture = event.shift ? { kind: 'marquee', start: world } : { kind: 'pan', last: event.screen, moved: false };
	return { state: next, effects };
}

function pointerMove(state: GestureState, event: Extract<GestureEvent, { kind: 'move' }>, ctx: GestureContext): GestureResult {
	const gesture = state.gesture;
	const { screen, world } = event;
	if (!gesture) return { state, effects: [] };
	if (gesture.kind === 'pan') {
		const view = panBy(ctx.view, screen.x - gesture.last.x, screen.y - gesture.last.y);
		return { state: { ...state, gesture: { kind: 'pan', last: screen, moved: true }, panning: true }, effects: [{ kind: 'view', view, byHand: true }] };
	}
	if (gesture.kind === 'marquee') return { state: { ...state, marquee: rectFromCorners(gesture.start, world) }, effects: [] };
	if (gesture.kind === 'resize') {
		const { origin, start, id } = gesture;
		const rect = { ...origin, w: Math.max(CLUSTER_MIN.w, origin.w + world.x - start.x), h: Math.max(CLUSTER_MIN.h, origin.h + world.y - start.y) };
		return { state: { ...state, heldFrames: new Map([[id, rect]]) }, effects: [{ kind: 'scheduleWrite' }] };
	}
	const dx = world.x - gesture.start.x;
	const dy = world.y - gesture.start.y;
	if (!gesture.moved && Math.hypot(dx, dy) * ctx.view.zoom < CLICK_SLOP) return { state, effects: [] };
	return {
		state: {
			...state,
			gesture: gesture.moved ? gesture : { ...gesture, moved: true },
			held: new Map([...gesture.cards].map(([key, at]) => [key, translate(at, dx, dy)])),
			heldFrames: new Map([...gesture.frames].map(([id, rect]) => [id, translate(rect, dx, dy)]))
		},
		effects: [{ kind: 'scheduleWrite' }]
	};
}

function pointerUp(state: GestureState, ctx: GestureContext): GestureResult {
	const done = state.gesture;
	if (!done) return { state: state.panning ? { ...state, panning: false } : state, effects: [] };
	const next: GestureState = { ...state, gesture: null, panning: false, held: new Map(), heldFrames: new Map() };
	if (done.kind === 'pan' && !done.moved) {
		// A click on empty space clears the selection.
		next.selection = new Set();
		next.selectedCluster = null;
	} else if (done.kind === 'marquee') {
		if (state.marquee) next.selection = new Set(within(ctx.nodes, state.marquee).map((n) => n.key));
		next.marquee = null;
	} else if (done.kind === 'move' && !done.moved && done.toggle) {
		const selection = new Set(state.selection);
		selection.delete(done.toggle);
		next.selection = selection;
	}
	return { state: next, effects: [{ kind: 'write', held: state.held, heldFrames: state.heldFrames }] };
}

function handle(state: GestureState, node: string, additive: boolean, ctx: GestureContext): GestureResult {
	if (ctx.connectFrom) return { state, effects: [{ kind: 'connect', to: node }] };
	let selection: Set<string>;
	if (additive) {
		selection = new Set(state.selection);
		if (selection.has(node)) selection.delete(node);
		else selection.add(node);
	} else selection = new Set([node]);
	return { state: { ...state, selection, selectedCluster: null, selectedConnector: null }, effects: [] };
}

/** Arrow keys on a card's handle move the card (and the rest of the selection). */
function cardKey(state: GestureState, event: Extract<GestureEvent, { kind: 'cardKey' }>, ctx: GestureContext): GestureResult {
	if ((event.key === ' ' || event.key === 'Enter') && event.shift) {
		const result = handle(state, event.node, true, ctx);
		return { ...result, effects: [{ kind: 'preventDefault' }, ...result.effects] };
	}
	if (event.key === 'Escape') return { state: { ...state, selection: new Set() }, effects: [{ kind: 'cancelConnect' }] };
	const step = ARROWS[event.key];
	if (!step || !ctx.editable) return { state, effects: [] };
	const size = event.shift ? BIG_NUDGE : NUDGE;
	const keys = state.selection.has(event.node) ? [...state.selection] : [event.node];
	const moves = keys.flatMap((key): [string, Point][] => {
		const n = ctx.nodes.find((node) => node.key === key);
		return n ? [[key, translate({ x: n.rect.x, y: n.rect.y }, step[0] * size, step[1] * size)]] : [];
	});
	const effects: GestureEffect[] = [{ kind: 'preventDefault' }, { kind: 'place', moves }];
	const node = ctx.nodes.find((n) => n.key === event.node);
	const moved = moves.find(([key]) => key === event.node)?.[1];
	if (node && moved) {
		const view = reveal(ctx, { ...node.rect, ...moved });
		if (view) effects.push({ kind: 'view', view, byHand: false });
	}
	return { state, effects };
}

/** The view that keeps a card in sight after a keyboard move, or null if it already is. */
function reveal(ctx: GestureContext, rect: Rect): Viewport | null {
	const { view, width, height } = ctx;
	const margin = 40 / view.zoom;
	if (containsRect(grow(visibleWorld(view, width, height), -margin), rect)) return null;
	return { ...view, x: center(rect).x - width / 2 / view.zoom, y: center(rect).y - height / 2 / view.zoom };
}

function viewportKey(state: GestureState, event: Extract<GestureEvent, { kind: 'viewportKey' }>, ctx: GestureContext): GestureResult {
	const prevent: GestureEffect = { kind: 'preventDefault' };
	if (event.key === ' ' && !event.inField) return { state: state.spaceHeld ? state : { ...state, spaceHeld: true }, effects: [prevent] };
	if (!event.onViewport) return { state, effects: [] };
	const { view, width, height } = ctx;
	const middle = { x: width / 2, y: height / 2 };
	const byHand = (next: Viewport): GestureResult => ({ state, effects: [{ kind: 'view', view: next, byHand: true }, prevent] });
	const arrow = ARROWS[event.key];
	if (arrow) return byHand(panBy(view, -arrow[0] * KEY_PAN, -arrow[1] * KEY_PAN));
	if (event.key === '+' || event.key === '=') return byHand(zoomAt(view, middle, 1.25));
	if (event.key === '-') return byHand(zoomAt(view, middle, 0.8));
	if (event.key === '1') return byHand(zoomAt(view, middle, 1 / view.zoom));
	if (event.key === '0') return { state, effects: [{ kind: 'fit' }, prevent] };
	if (event.key === 'Escape') return { state: { ...state, selection: new Set() }, effects: [{ kind: 'cancelConnect' }, { kind: 'stopFollowing' }, prevent] };
	return { state, effects: [] };
}
