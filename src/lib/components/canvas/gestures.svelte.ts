/**
 * The canvas's gesture state as reactive fields, one per field of the domain's
 * GestureState, so that a pan (which changes only the view) redraws no card.
 */
import type { Point, Rect } from '$lib/domain/canvas';
import { reduceGesture, type Gesture, type GestureContext, type GestureEffect, type GestureEvent, type GestureState } from '$lib/domain/canvasGestures';

export class CanvasGestures {
	gesture: Gesture | null = null;
	selection: ReadonlySet<string> = $state.raw(new Set());
	selectedCluster: string | null = $state(null);
	selectedConnector: string | null = $state(null);
	held: ReadonlyMap<string, Point> = $state.raw(new Map());
	heldFrames: ReadonlyMap<string, Rect> = $state.raw(new Map());
	marquee: Rect | null = $state.raw(null);
	panning = $state(false);
	spaceHeld = $state(false);

	/** Run one event through the reducer; returns what the component must do. */
	run(event: GestureEvent, context: GestureContext): GestureEffect[] {
		const { gesture, selection, selectedCluster, selectedConnector, held, heldFrames, marquee, panning, spaceHeld } = this;
		const before: GestureState = { gesture, selection, selectedCluster, selectedConnector, held, heldFrames, marquee, panning, spaceHeld };
		const { state, effects } = reduceGesture(before, event, context);
		// Assigning an unchanged value is free: Svelte notifies only on a new value.
		({
			gesture: this.gesture,
			selection: this.selection,
			selectedCluster: this.selectedCluster,
			selectedConnector: this.selectedConnector,
			held: this.held,
			heldFrames: this.heldFrames,
			marquee: this.marquee,
			panning: this.panning,
			spaceHeld: this.spaceHeld
		} = state);
		return effects;
	}
}
