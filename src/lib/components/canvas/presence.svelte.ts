/**
 * Who else is on the canvas, where their pointers are and what they look at, and
 * sharing mine: read from and written to the content document's awareness.
 */
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import type { PresenceIdentity } from '$lib/protocol/wire';
import { CANVAS_STAGE, MAX_POINTERS, VIEW_INTERVAL_MS, pointerInterval, sanitizePoint, sanitizeViewport, type Point, type Viewport } from '$lib/domain/canvas';

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

export class CanvasPeople {
	others: RemotePointer[] = $state([]);
	readonly pointers = $derived(this.others.filter((o) => o.pointer).slice(0, MAX_POINTERS));
	readonly hiddenPointers = $derived(Math.max(0, this.others.filter((o) => o.pointer).length - MAX_POINTERS));
	readonly followable = $derived(this.others.filter((o) => o.view));
	/** Others send their pointer about this often: glide over the same time, so it never stops and jumps. */
	readonly pointerStep = $derived(pointerInterval(this.others.length + 1));
	readonly #connection: () => WorkshopConnection;

	constructor(connection: () => WorkshopConnection) {
		this.#connection = connection;
	}

	readonly sharePointer = throttled<Point | null>(
		() => pointerInterval(this.others.length + 1),
		(p) => this.#share('pointer', p)
	);
	readonly shareView = throttled<Viewport>(
		() => VIEW_INTERVAL_MS,
		(v) => this.#share('view', v)
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
			for (const [client, state] of awareness.getStates()) {
				if (client === awareness.clientID) continue;
				const { user, stage, pointer, view } = state as { user?: PresenceIdentity; stage?: unknown; pointer?: unknown; view?: unknown };
				if (!user?.id || stage !== CANVAS_STAGE) continue;
				list.push({ client, user, pointer: sanitizePoint(pointer), view: sanitizeViewport(view) });
			}
			this.others = list;
		};
		awareness.on('change', read);
		read();
		return () => awareness.off('change', read);
	}

	/** Leaving the canvas: my pointer and view disappear from others' screens. */
	leave() {
		this.#share('pointer', null);
		this.#share('view', null);
	}
}
