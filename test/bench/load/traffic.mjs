// What a laptop of the load generator receives, counted by kind: document (sync) messages,
// presence (y-websocket awareness, type 1, and Plumbline's compact presence, type 5) and the
// rest, plus the bytes of its own edits coming back. Presence is walked entry by entry, so a
// thin client accounts for every presence message and can tell what it was shown.
//
// Plain JavaScript: loaded by the generator's worker processes, spawned with `node` directly.
import * as decoding from 'lib0/decoding';

export const SYNC = 0;
export const AWARENESS = 1;
export const PRESENCE = 5;
/** Compact presence sections, in the contract's numbering (src/lib/protocol/presence.ts). */
export const SECTIONS = ['identity', 'state', 'pointer', 'gone', 'people', 'stages'];

/**
 * @typedef {{ documentBytes: number, documentMessages: number, presenceBytes: number, presenceMessages: number,
 *   otherBytes: number, otherMessages: number, controlBytes: number, controlMessages: number, wireBytes: number, ownEchoes: number, ownEchoBytes: number, awarenessStates: number,
 *   identity: number, state: number, pointer: number, gone: number, people: number, stages: number, malformed: number }} Counts
 */

/** @returns {Counts} */
export function emptyCounts() {
	return {
		documentBytes: 0,
		documentMessages: 0,
		presenceBytes: 0,
		presenceMessages: 0,
		otherBytes: 0,
		otherMessages: 0,
		/** What the second socket (Plumbline's `control`) received. */
		controlBytes: 0,
		controlMessages: 0,
		/** What its sockets read off the network: compressed when permessage-deflate is on, framing included. */
		wireBytes: 0,
		/** Own edits found in what came back, and the bytes those edits took when sent. */
		ownEchoes: 0,
		ownEchoBytes: 0,
		/** Presence entries received: awareness states, or compact entries by section. */
		awarenessStates: 0,
		identity: 0,
		state: 0,
		pointer: 0,
		gone: 0,
		people: 0,
		stages: 0,
		/** Presence messages this client could not read (a server bug, or a harness out of date). */
		malformed: 0
	};
}

/**
 * Count one received message into `counts`. Returns the message type.
 * @param {Counts} counts
 * @param {Uint8Array} data
 */
export function countMessage(counts, data) {
	const decoder = decoding.createDecoder(data);
	const type = decoding.readVarUint(decoder);
	if (type === SYNC) {
		counts.documentBytes += data.length;
		counts.documentMessages += 1;
	} else if (type === AWARENESS || type === PRESENCE) {
		counts.presenceBytes += data.length;
		counts.presenceMessages += 1;
		try {
			if (type === AWARENESS) counts.awarenessStates += decoding.readVarUint(decoding.createDecoder(decoding.readVarUint8Array(decoder)));
			else walkPresence(decoder, counts);
		} catch {
			counts.malformed += 1;
		}
	} else {
		counts.otherBytes += data.length;
		counts.otherMessages += 1;
	}
	return type;
}

/**
 * Walk a compact presence message (after its type), counting entries per section. Reads every
 * field the contract's decodePresence reads, without parsing the JSON (the generator's core is
 * the budget of 3,000 laptops).
 * @param {decoding.Decoder} decoder
 * @param {Counts} counts
 */
export function walkPresence(decoder, counts) {
	while (decoding.hasContent(decoder)) {
		const kind = decoding.readVarUint(decoder);
		const count = decoding.readVarUint(decoder);
		const name = SECTIONS[kind];
		if (name === undefined) throw new Error(`unknown presence section ${kind}`);
		for (let i = 0; i < count; i++) {
			if (kind === 0) {
				decoding.readVarUint(decoder);
				decoding.readVarUint8Array(decoder);
			} else if (kind === 1) {
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
				decoding.readVarUint8Array(decoder);
			} else if (kind === 2) {
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
				decoding.readVarInt(decoder);
				decoding.readVarInt(decoder);
			} else if (kind === 3) decoding.readVarUint(decoder);
			else if (kind === 4) {
				decoding.readVarUint8Array(decoder);
				if (decoding.readVarUint(decoder) !== 0) decoding.readVarUint8Array(decoder);
			} else {
				decoding.readVarUint8Array(decoder);
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
			}
		}
		counts[/** @type {keyof Counts} */ (name)] += count;
	}
}

/**
 * Sum per-client counts; also the busiest laptop's bytes (in all, and presence).
 * @param {Counts[]} list
 */
export function sumCounts(list) {
	const sum = emptyCounts();
	let maxBytes = 0;
	let maxPresenceBytes = 0;
	for (const counts of list) {
		for (const key of /** @type {(keyof Counts)[]} */ (Object.keys(sum))) sum[key] += counts[key];
		maxBytes = Math.max(maxBytes, counts.documentBytes + counts.presenceBytes + counts.otherBytes + counts.controlBytes);
		maxPresenceBytes = Math.max(maxPresenceBytes, counts.presenceBytes);
	}
	return { sum, maxBytes, maxPresenceBytes };
}

/**
 * Per laptop and per second, from the workers' sums over the measured window (kB = 1,024 bytes).
 * The server's egress is everything all laptops received: the replicas' few are left out.
 * @param {{ sum: Counts, maxBytes: number, maxPresenceBytes: number }[]} workers
 * @param {number} laptops
 * @param {number} seconds
 */
export function perLaptop(workers, laptops, seconds) {
	const { sum } = sumCounts(workers.map((w) => w.sum));
	const kBps = (/** @type {number} */ bytes) => bytes / 1024 / laptops / seconds;
	const rate = (/** @type {number} */ n) => n / laptops / seconds;
	const received = sum.documentBytes + sum.presenceBytes + sum.otherBytes + sum.controlBytes;
	const presenceEntries = sum.awarenessStates + sum.identity + sum.state + sum.pointer + sum.gone + sum.people + sum.stages;
	return {
		documentKBps: kBps(sum.documentBytes),
		presenceKBps: kBps(sum.presenceBytes),
		otherKBps: kBps(sum.otherBytes),
		controlKBps: kBps(sum.controlBytes),
		controlMessagesPerSecond: rate(sum.controlMessages),
		totalKBps: kBps(received),
		wireKBps: kBps(sum.wireBytes),
		ownEchoKBps: kBps(sum.ownEchoBytes),
		ownEchoes: sum.ownEchoes,
		messagesPerSecond: rate(sum.documentMessages + sum.presenceMessages + sum.otherMessages + sum.controlMessages),
		documentMessagesPerSecond: rate(sum.documentMessages),
		presenceMessagesPerSecond: rate(sum.presenceMessages),
		/** Others' presence states or compact entries a laptop took in per second. */
		presenceEntriesPerSecond: rate(presenceEntries),
		pointersPerSecond: rate(sum.pointer),
		compact: sum.presenceMessages > 0 && sum.awarenessStates === 0,
		busiestLaptopKBps: Math.max(0, ...workers.map((w) => w.maxBytes)) / 1024 / seconds,
		busiestLaptopPresenceKBps: Math.max(0, ...workers.map((w) => w.maxPresenceBytes)) / 1024 / seconds,
		/** What leaves the server(s) for the laptops, in MB/s and Mbit/s. */
		egressMBps: received / 1024 / 1024 / seconds,
		egressMbitps: (received * 8) / 1e6 / seconds,
		malformed: sum.malformed
	};
}
