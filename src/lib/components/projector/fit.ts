/**
 * A Svelte action: scale an element (CSS zoom, so its text reflows into the
 * width it gains) until it fits its parent's height. Re-measures whenever the
 * content or the window changes size.
 */
import { fitScale } from './pages';

export function fitToParent(node: HTMLElement, min = 0.5) {
	let scale = 1;
	let frame = 0;
	const measure = () => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(() => {
			const available = node.parentElement?.clientHeight ?? 0;
			// Always from full size, so the same content in the same box settles on the same
			// scale (no back and forth between two). Then a few passes down: scaled text gains
			// width, takes fewer lines, and the first guess is conservative.
			scale = 1;
			node.style.zoom = '1';
			for (let pass = 0; pass < 4; pass++) {
				const drawn = node.getBoundingClientRect().height;
				if (drawn <= available + 1) break;
				scale = Math.min(scale - 0.01, fitScale(drawn, available, scale, min));
				if (scale <= min) scale = min;
				node.style.zoom = String(scale);
				if (scale === min) break;
			}
			node.dataset.scale = scale.toFixed(2);
		});
	};
	const observer = new ResizeObserver(measure);
	observer.observe(node);
	if (node.parentElement) observer.observe(node.parentElement);
	measure();
	return {
		update(next: number) {
			min = next;
			measure();
		},
		destroy() {
			observer.disconnect();
			cancelAnimationFrame(frame);
		}
	};
}
