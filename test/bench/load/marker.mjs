// The edit marker of the load generator, and a latency histogram that worker
// processes can merge. A marker is fixed-width ASCII, so a receiver finds it in
// raw update bytes without decoding them: "~E" sender(6) seq(7) sent-µs(12) "~".

export const MARKER_PREFIX = Buffer.from('~E');
export const MARKER_LENGTH = 2 + 6 + 7 + 12 + 1;

/**
 * Milliseconds since the run's epoch, on the one clock every process on this machine
 * shares (CLOCK_MONOTONIC; performance.timeOrigin differs between processes by up to a ms).
 * @param {number} epoch
 */
export function nowMs(epoch) {
	return Number(process.hrtime.bigint() / 1000n) / 1000 - epoch;
}

/** @param {number} sender @param {number} seq @param {number} sentAtMs */
export function encodeMarker(sender, seq, sentAtMs) {
	const micros = Math.round(sentAtMs * 1000);
	return `~E${String(sender).padStart(6, '0')}${String(seq).padStart(7, '0')}${String(micros).padStart(12, '0')}~`;
}

const DIGIT_0 = 48;

/** @param {Uint8Array} buffer @param {number} from @param {number} count */
function digits(buffer, from, count) {
	let value = 0;
	for (let i = from; i < from + count; i++) {
		const d = (buffer[i] ?? 0) - DIGIT_0;
		if (d < 0 || d > 9) return -1;
		value = value * 10 + d;
	}
	return value;
}

/** The marker starting at `at`, or null when the bytes there only look like its start. */
/** @param {Uint8Array} buffer @param {number} at */
export function readMarker(buffer, at) {
	if (at + MARKER_LENGTH > buffer.length || buffer[at + MARKER_LENGTH - 1] !== 126) return null;
	const sender = digits(buffer, at + 2, 6);
	const seq = digits(buffer, at + 8, 7);
	const micros = digits(buffer, at + 15, 12);
	if (sender < 0 || seq < 0 || micros < 0) return null;
	return { sender, seq, sentAt: micros / 1000 };
}

/**
 * Visit every marker in received bytes (Buffer.indexOf is native and fast), telling whether it is
 * `self`'s own edit come back; bytes that only look like a marker's start are stepped over.
 * @param {Buffer} data
 * @param {number} self
 * @param {(marker: { sender: number, seq: number, sentAt: number }, own: boolean) => void} visit
 */
export function scanMarkers(data, self, visit) {
	let at = data.indexOf(MARKER_PREFIX);
	while (at !== -1) {
		const marker = readMarker(data, at);
		if (marker) visit(marker, marker.sender === self);
		at = data.indexOf(MARKER_PREFIX, at + (marker ? MARKER_LENGTH : 1));
	}
}

/** Count every marker in a text (a full replica's document). */
/** @param {string} text */
export function countMarkers(text) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	const pattern = /~E(\d{6})(\d{7})(\d{12})~/g;
	for (const match of text.matchAll(pattern)) {
		const key = `${Number(match[1])}:${Number(match[2])}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

/**
 * Latencies in buckets: 10 µs wide up to 100 ms, 1 ms wide up to 120 s. Mergeable
 * across processes, exact enough for p50 to p99.9 and the maximum (kept exactly).
 */
export class Histogram {
	static FINE = 10_000;
	static COARSE = 120_000;
	constructor() {
		this.fine = new Uint32Array(Histogram.FINE);
		this.coarse = new Uint32Array(Histogram.COARSE);
		this.count = 0;
		this.max = 0;
	}
	/** @param {number} ms */
	add(ms) {
		const value = Math.max(0, ms);
		this.count += 1;
		if (value > this.max) this.max = value;
		if (value < 100) this.fine[Math.floor(value * 100)] = (this.fine[Math.floor(value * 100)] ?? 0) + 1;
		else {
			const i = Math.min(Histogram.COARSE - 1, Math.floor(value));
			this.coarse[i] = (this.coarse[i] ?? 0) + 1;
		}
	}
	/** @param {Histogram} other */
	merge(other) {
		for (let i = 0; i < this.fine.length; i++) this.fine[i] = (this.fine[i] ?? 0) + (other.fine[i] ?? 0);
		for (let i = 0; i < this.coarse.length; i++) this.coarse[i] = (this.coarse[i] ?? 0) + (other.coarse[i] ?? 0);
		this.count += other.count;
		this.max = Math.max(this.max, other.max);
	}
	/** @param {number} p */
	percentile(p) {
		if (this.count === 0) return NaN;
		const rank = Math.ceil((p / 100) * this.count);
		let seen = 0;
		for (let i = 0; i < this.fine.length; i++) {
			seen += this.fine[i] ?? 0;
			if (seen >= rank) return (i + 1) / 100;
		}
		for (let i = 0; i < this.coarse.length; i++) {
			seen += this.coarse[i] ?? 0;
			if (seen >= rank) return i + 1;
		}
		return this.max;
	}
	toJSON() {
		/** @param {Uint32Array} array */
		const sparse = (array) => [...array.entries()].filter(([, n]) => n > 0);
		return { fine: sparse(this.fine), coarse: sparse(this.coarse), count: this.count, max: this.max };
	}
	/** @param {{ fine: [number, number][], coarse: [number, number][], count: number, max: number }} json */
	static fromJSON(json) {
		const h = new Histogram();
		for (const [i, n] of json.fine) h.fine[i] = n;
		for (const [i, n] of json.coarse) h.coarse[i] = n;
		h.count = json.count;
		h.max = json.max;
		return h;
	}
}
