import type { PointerTarget } from '$lib/domain/canvasGestures';

/** What lies under the pointer, read from the DOM for the gesture reducer. */
export function targetOf(element: HTMLElement): PointerTarget {
	return {
		control: !!element.closest('textarea, input, select, button, a, .panel'),
		card: element.closest<HTMLElement>('[data-node]')?.dataset.node,
		frame: element.closest<HTMLElement>('[data-frame]')?.dataset.frame,
		resize: element.closest<HTMLElement>('[data-frame-resize]')?.dataset.frameResize,
		link: element.closest<HTMLElement>('[data-link]')?.dataset.link
	};
}
