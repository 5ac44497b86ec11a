// A thin client's own fixed rate, at a random phase so that a room's load is even.

/**
 * Call `fn` `perSecond` times a second, the first time at a random point of the first
 * interval, then every interval. (Starting the interval only after the phase put the first
 * call one whole interval late: at 0.1 edits/s, most of the venue's clients sent nothing in
 * a 10 s window.) Returns a function that stops it.
 * @param {number} perSecond
 * @param {() => void} fn
 * @param {() => number} [random]
 */
export function atRate(perSecond, fn, random = Math.random) {
	if (!(perSecond > 0)) return () => {};
	const interval = 1000 / perSecond;
	/** @type {ReturnType<typeof setInterval> | undefined} */
	let repeat;
	const first = setTimeout(() => {
		fn();
		repeat = setInterval(fn, interval);
	}, random() * interval);
	return () => {
		clearTimeout(first);
		clearInterval(repeat);
	};
}
