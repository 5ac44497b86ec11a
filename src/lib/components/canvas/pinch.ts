/**
 * Two fingers on the canvas: track the touching pointers and, while two are
 * down, turn their movement into a view (the geometry is the domain's pinchView).
 */
import { panBy, pinchView, zoomAt, type Point, type Viewport } from '$lib/domain/canvas';

export class Pinch {
	private readonly down = new Map<number, Point>();
	private start: { view: Viewport; points: [Point, Point] } | null = null;

	/** A finger touched; true when it makes a pinch (the one-finger gesture must then stop). */
	press(id: number, at: Point, view: Viewport): boolean {
		this.down.set(id, at);
		if (this.down.size !== 2) return false;
		const [a, b] = [...this.down.values()];
		this.start = { view, points: [a!, b!] };
		return true;
	}

	get active(): boolean {
		return this.start !== null;
	}

	/** A finger moved: the view to show while pinching, else null. */
	move(id: number, at: Point): Viewport | null {
		if (!this.down.has(id)) return null;
		this.down.set(id, at);
		if (!this.start || this.down.size !== 2) return null;
		const [a, b] = [...this.down.values()];
		return pinchView(this.start.view, this.start.points, [a!, b!]);
	}

	release(id: number): void {
		this.down.delete(id);
		if (this.down.size < 2) this.start = null;
	}
}

/** A wheel turn: pinch on a trackpad and Ctrl/⌘+wheel zoom about the pointer; two-finger scroll pans. */
export function wheelView(view: Viewport, event: WheelEvent, at: Point): Viewport {
	if (event.ctrlKey || event.metaKey) return zoomAt(view, at, Math.exp(-event.deltaY * 0.01));
	return panBy(view, -event.deltaX, -event.deltaY);
}
