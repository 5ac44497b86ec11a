// What a thin client of the load generator says about itself in its awareness state, shaped
// like the browser's: the agenda stage it looks at, its canvas viewport, and either a pointer
// moving within that viewport or, for a share of the people, a caret on a proposition line
// (`line` + a Tiptap/y-prosemirror `cursor` of two relative positions). Like the y-websocket
// provider, every change sends the whole state, not only the field that moved.
//
// Plain JavaScript: loaded by the generator's worker processes, spawned with `node` directly.

/** The stage everyone is on: the canvas stage (src/lib/domain/canvas.ts CANVAS_STAGE). */
export const STAGE = 'draft';
/** A laptop's screen, in px (the contract's DEFAULT_SCREEN). */
export const SCREEN = { w: 1440, h: 900 };
/** The canvas is a grid of this many screens, so a crowd stands in several regions. */
export const REGIONS = { columns: 4, rows: 3 };
/** Proposition lines the typists spread over. */
export const LINES = 8;
/** Of these many people, one is at a line typing (caret moves) and the others move a pointer. */
export const CARET_EVERY = 5;

/**
 * Person `index`'s place: region `index mod 12` of the canvas (a screen, nudged a little so views
 * overlap as real ones do), and whether they type on a line instead of pointing.
 * @param {number} index
 */
export function placeOf(index) {
	const regions = REGIONS.columns * REGIONS.rows;
	const region = index % regions;
	const nudge = (index * 7919) % 200;
	const view = { x: (region % REGIONS.columns) * SCREEN.w + nudge, y: Math.floor(region / REGIONS.columns) * SCREEN.h + nudge / 2, zoom: 1, w: SCREEN.w, h: SCREEN.h };
	const typist = index % CARET_EVERY === CARET_EVERY - 1;
	return { region, view, line: typist ? `line-${Math.floor(index / CARET_EVERY) % LINES}` : null };
}

/**
 * One person's presence: the fields they announce and the next move.
 * @param {number} index
 * @param {number} clientId their awareness (Y.Doc) client id
 * @param {() => number} random in [0, 1)
 */
export function createPresence(index, clientId, random = Math.random) {
	const { view, line } = placeOf(index);
	let x = view.x + view.w / 2;
	let y = view.y + view.h / 2;
	let caret = 0;
	/** @param {number} offset */
	const position = (offset) => ({ type: { client: 1, clock: 7 }, item: { client: clientId, clock: offset }, assoc: 0 });
	/** @type {Record<string, unknown>} */
	const state = { stage: STAGE, view };
	if (line) {
		state.line = line;
		state.cursor = { anchor: position(0), head: position(0) };
	} else state.pointer = { x, y };
	return {
		line,
		view,
		/** The state as it is now. */
		state: () => state,
		/** Move: a pointer wanders within the view (a hand on a trackpad), a caret walks along its line. */
		move() {
			if (line) {
				caret = Math.max(0, caret + Math.floor(random() * 9) - 3);
				state.cursor = { anchor: position(caret), head: position(caret) };
			} else {
				x = Math.min(view.x + view.w, Math.max(view.x, x + (random() - 0.5) * 160));
				y = Math.min(view.y + view.h, Math.max(view.y, y + (random() - 0.5) * 100));
				state.pointer = { x: Math.round(x), y: Math.round(y) };
			}
			return state;
		}
	};
}
