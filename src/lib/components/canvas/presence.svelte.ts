/**
 * Who else is on the canvas, where their pointers are and what they look at, and
 * sharing mine: read from and written to the content document's awareness.
 */
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import type { PresenceIdentity } from '$lib/protocol/wire';
import { DEFAULT_SCREEN } from '$lib/protocol/presence';
import { CANVAS_STAGE, MAX_POINTERS, VIEW_INTERVAL_MS, pointerInterval, sanitizePoint, sanitizeViewport, viewCenter, type Point, type Viewport } from '$lib/domain/canvas';

/** What this screen shows, as the others and the server read it: top-left world point, zoom and screen size (px). */
export interface SharedView extends Viewport {
	w: number;
	h: number;
}

const MAX_SCREEN = 10_000;
const screenSide = (value: unknown, fallback: number) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(Math.round(value), MAX_SCREEN) : fallback;

/** The centre of someone's shared view (what "Follow" shows in the middle of my screen), made safe. */
export function sharedCentre(value: unknown): Viewport | null {
	const view = sanitizeViewport(value);
	if (!view) return null;
	// From the exact corner, rounded once at the end: the centre lands where theirs is, to the unit.
	const { x, y, w, h } = value as { x: number; y: number; w: unknown; h: unknown };
	const centre = viewCenter({ x, y, zoom: view.zoom }, screenSide(w, DEFAULT_SCREEN.w), screenSide(h, DEFAULT_SCREEN.h));
	return sanitizeViewport(centre);
}

export interface RemotePointer {
	client: number;
	user: PresenceIdentity;
	pointer: Point | null;
	view: Viewport | null;
}

/** Share a value at most every `interval()` ms, the last one always sent. */
function throttled<T>(interval: () => number, send: (value: T) => void) {
	let last = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let pending: T;
	return (value: T) => {
		pending = value;
		const wait = last + interval() - Date.now();
		if (wait <= 0) {
			last = Date.now();
			send(value);
		} else {
			timer ??= setTimeout(() => {
				timer = null;
				last = Date.now();
				send(pending);
			}, wait);
		}
	};
}

/** Someone online who is not on the canvas (another stage, or the board's columns): listed, not followable yet. */
export interface Elsewhere {
	id: string;
	name: string;
	/** "on Language", "on the columns" */
	where: string;
}

export class CanvasPeople {
	others: RemotePointer[] = $state([]);
	elsewhere: Elsewhere[] = $state([]);
	readonly pointers = $derived(this.others.filter((o) => o.pointer).slice(0, MAX_POINTERS));
	readonly hiddenPointers = $derived(Math.max(0, this.others.filter((o) => o.pointer).length - MAX_POINTERS));
	readonly followable = $derived(this.others.filter((o) => o.view));
	/** Others send their pointer about this often: glide over the same time, so it never stops and jumps. */
	readonly pointerStep = $derived(pointerInterval(this.others.length + 1));
	/** People on the canvas's stage in the whole room (the server shows me at most 20 of them). */
	onStage = $state(0);
	readonly #connection: () => WorkshopConnection;

	constructor(connection: () => WorkshopConnection) {
		this.#connection = connection;
	}

	readonly sharePointer = throttled<Point | null>(
		// Paced by the room, not by what I am shown: 300 people sending at a 3-person rate would flood the server.
		() => pointerInterval(Math.max(this.others.length + 1, this.onStage)),
		(p) => this.#share('pointer', p)
	);
	/** Shared whole, screen size included, so the server shows me the pointers my screen can draw. */
	readonly shareView = throttled<SharedView>(
		() => VIEW_INTERVAL_MS,
		(v) => this.#share('view', { x: v.x, y: v.y, zoom: v.zoom, w: screenSide(v.w, DEFAULT_SCREEN.w), h: screenSide(v.h, DEFAULT_SCREEN.h) })
	);

	#share(field: 'pointer' | 'view', value: unknown) {
		const connection = this.#connection();
		if (connection.presence) connection.awareness.setLocalStateField(field, value);
	}

	/** Keep `others` up to date; returns the function that stops listening. */
	watch(): () => void {
		const awareness = this.#connection().awareness;
		const read = (changes?: { added: number[]; updated: number[]; removed: number[] }) => {
			// My own pointer moving is no news to me.
			if (changes && [...changes.added, ...changes.updated, ...changes.removed].every((id) => id === awareness.clientID)) return;
			const list: RemotePointer[] = [];
			const away = new Map<string, Elsewhere>();
			const me = this.#connection().me.id;
			const titles = new Map(this.#connection().controlState.agenda.map((s) => [s.id, s.title]));
			for (const [client, state] of awareness.getStates()) {
				if (client === awareness.clientID) continue;
				const { user, stage, pointer, view } = state as { user?: PresenceIdentity; stage?: unknown; pointer?: unknown; view?: unknown };
				if (!user?.id) continue;
				const seen = sharedCentre(view);
				if (stage === CANVAS_STAGE) list.push({ client, user, pointer: sanitizePoint(pointer), view: seen });
				// Everyone else online is listed by "Follow…" too, so it never says "nobody" to a full room.
				if (user.id === me || seen) continue;
				const title = typeof stage === 'string' ? titles.get(stage) : undefined;
				away.set(user.id, { id: user.id, name: user.name, where: stage === CANVAS_STAGE ? 'on the columns' : title ? `on ${title}` : 'elsewhere' });
			}
			// The server shows me only some of the room: the others are on its roster, listed by name and stage.
			const names = new Map(this.#connection().controlState.participants.map((p) => [p.id, p.name]));
			const shown = new Set(list.map((o) => o.user.id));
			for (const [id, stage] of this.#connection().presenceStream?.people ?? []) {
				const name = names.get(id);
				if (id === me || shown.has(id) || away.has(id) || !name) continue;
				const title = titles.get(stage);
				away.set(id, { id, name, where: title ? `on ${title}` : 'elsewhere' });
			}
			for (const o of list) if (o.view) away.delete(o.user.id);
			this.others = list;
			this.onStage = this.#connection().presenceStream?.stages.get(CANVAS_STAGE)?.people ?? 0;
			this.elsewhere = [...away.values()].sort((a, b) => a.name.localeCompare(b.name));
		};
		awareness.on('change', read);
		const stopRoster = this.#connection().presenceStream?.onRoster(() => read());
		read();
		return () => {
			awareness.off('change', read);
			stopRoster?.();
		};
	}

	/** Leaving the canvas: my pointer and view disappear from others' screens. */
	leave() {
		this.#share('pointer', null);
		this.#share('view', null);
	}
}
