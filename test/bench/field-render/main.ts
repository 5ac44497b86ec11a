/**
 * The browser half of the field bench (field-render.bench.ts): FieldResults alone in a page,
 * mounted from a FieldResponse as JSON text, timed from the text in to the frame painted.
 */
import { flushSync, mount, unmount } from 'svelte';
import FieldResults from '../../../src/lib/components/field/FieldResults.svelte';
import '../../../src/app.css';

export interface RenderTime {
	/** Parse and mount, DOM built. */
	script: number;
	/** Until the first frame was painted (what the first screen shows). */
	painted: number;
	/** Until the frame with everything, the sections built after the first frame included, was painted. */
	complete: number;
}

let current: Record<string, unknown> | null = null;

export function renderField(json: string, projector: boolean): Promise<RenderTime> {
	if (current) unmount(current);
	const target = document.getElementById('app')!;
	return new Promise((resolve) => {
		const t0 = performance.now();
		// A rAF callback runs before the frame's style, layout and paint; a task queued from it runs after them.
		// Asked before mounting, so it comes before the component's own "after the first frame" work.
		const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then));
		afterPaint(() => {
			const painted = performance.now() - t0;
			afterPaint(() => resolve({ script, painted, complete: performance.now() - t0 }));
		});
		current = mount(FieldResults, { target, props: { data: JSON.parse(json), projector, workshopId: 'bench' } });
		flushSync();
		const script = performance.now() - t0;
	});
}
