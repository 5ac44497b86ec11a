/**
 * What the canvas draws, derived from the shared document, the cards held by a
 * drag and the view: cards, frames and connectors, and the few of them near the
 * screen. Identities are kept where nothing changed, so an edit or a pan
 * re-renders only what it touched.
 */
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import { lineText } from '$lib/doc/schema';
import {
	connectorEnds,
	detailAt,
	grow,
	intersects,
	layoutNodes,
	parseNodeKey,
	rectFromCorners,
	snapOut,
	visibleWorld,
	within,
	type CanvasNode,
	type Point,
	type Rect,
	type Viewport
} from '$lib/domain/canvas';
import { styleOf } from '$lib/domain/teams';

export interface CanvasLink {
	id: string;
	label: string;
	from: Point;
	to: Point;
	mid: Point;
	box: Rect;
}

export interface SceneInputs {
	connection: WorkshopConnection;
	/** Cards and frames being dragged, drawn where they are held. */
	gestures: { held: ReadonlyMap<string, Point>; heldFrames: ReadonlyMap<string, Rect> };
	view: Viewport;
	width: number;
	height: number;
}

/** The previous array when the new one holds the same items: a pan that brings nothing new re-renders nothing. */
function keepSame<T>() {
	let last: T[] = [];
	return (next: T[]) => (next.length === last.length && next.every((item, i) => item === last[i]) ? last : (last = next));
}

export class CanvasScene {
	/** Read through getters, so each derived value depends only on the inputs it reads. */
	readonly #in: SceneInputs;
	/** The same object for a card whose place has not changed since the last layout. */
	#previous = new Map<string, CanvasNode>();
	#sameNodes = keepSame<CanvasNode>();
	#sameLinks = keepSame<CanvasLink>();

	constructor(inputs: SceneInputs) {
		this.#in = inputs;
	}

	/** Line cards: lines with words in them, and any line someone placed or connected. */
	readonly lineTexts = $derived.by(() => {
		const { connection } = this.#in;
		void connection.version;
		const used = new Set<string>();
		for (const key of [...connection.places.keys(), ...connection.connectors.flatMap((c) => [c.from, c.to])]) {
			const node = parseNodeKey(key);
			if (node?.kind === 'line') used.add(node.id);
		}
		const texts = new Map<string, string>();
		for (const line of connection.lines) {
			const text = lineText(connection.content, line.id).trim();
			if (text || used.has(line.id)) texts.set(line.id, text);
		}
		return texts;
	});
	/** The line cards' ids as one string: typing in a line changes its text, not which cards exist. */
	readonly #lineIds = $derived([...this.lineTexts.keys()].join('\n'));

	readonly nodes = $derived.by(() => {
		const { connection } = this.#in;
		const { held } = this.#in.gestures;
		const laid = layoutNodes(connection.notes, connection.controlState.columns, this.#lineIds ? this.#lineIds.split('\n') : [], connection.places);
		const next = new Map<string, CanvasNode>();
		const out = laid.map((n) => {
			const at = held.get(n.key);
			const node = at ? { ...n, rect: { ...n.rect, ...at } } : n;
			const before = this.#previous.get(node.key);
			const same = before && before.placed === node.placed && before.rect.x === node.rect.x && before.rect.y === node.rect.y && before.rect.w === node.rect.w;
			next.set(node.key, same ? before : node);
			return same ? before : node;
		});
		this.#previous = next;
		return out;
	});
	readonly nodeByKey = $derived(new Map(this.nodes.map((n) => [n.key, n])));
	readonly frames = $derived.by(() => {
		const { connection } = this.#in;
		const { heldFrames } = this.#in.gestures;
		return connection.clusters.map((c) => ({ ...c, rect: heldFrames.get(c.id) ?? c.rect }));
	});
	readonly detail = $derived.by(() => detailAt(this.#in.view.zoom));
	readonly screenWorld = $derived.by(() => {
		const { view, width, height } = this.#in;
		return visibleWorld(view, width, height);
	});
	/**
	 * What is drawn: the screen plus a margin, snapped out to a coarse grid, so cards just
	 * off screen are ready before they scroll in and a pan changes the drawn set only now and then.
	 */
	readonly #drawn = $derived.by(() => {
		const zoom = this.#in.view.zoom;
		return snapOut(grow(this.screenWorld, 60 / zoom), 240 / zoom);
	});
	readonly shownNodes = $derived.by(() => this.#sameNodes(this.#in.width === 0 ? [] : within(this.nodes, this.#drawn)));
	readonly shownFrames = $derived(this.frames.filter((f) => intersects(f.rect, this.#drawn)));
	/** Every drawable connector, from the cards' places (not the view: panning leaves this alone). */
	readonly #allLinks = $derived.by(() => {
		const out: CanvasLink[] = [];
		for (const c of this.#in.connection.connectors) {
			const a = this.nodeByKey.get(c.from);
			const b = this.nodeByKey.get(c.to);
			// Dangling ends (a deleted note, a removed claim) and loops are not drawn.
			if (!a || !b || a === b) continue;
			const ends = connectorEnds(a.rect, b.rect);
			if (!ends) continue;
			const mid = { x: (ends.from.x + ends.to.x) / 2, y: (ends.from.y + ends.to.y) / 2 };
			out.push({ id: c.id, label: c.label, ...ends, mid, box: rectFromCorners(ends.from, ends.to) });
		}
		return out;
	});
	readonly links = $derived(this.#sameLinks(this.#allLinks.filter((link) => intersects(link.box, this.#drawn))));
	readonly minimapItems = $derived.by(() => {
		const notes = new Map(this.#in.connection.notes.map((n) => [n.id, n]));
		return this.nodes.map((n) => ({ rect: n.rect, color: n.kind === 'line' ? '#1f4e5f' : styleOf(notes.get(n.id)?.authorTeam ?? null).color }));
	});
}
