// A worker process of the load generator: many thin protocol clients in one room.
//
// Each client does the y-websocket handshake, sends its own small edits (a Y.Text
// insert carrying a fixed-width marker: sender, sequence, send time) and awareness
// updates at the given rates, and finds the others' markers in the bytes it
// receives without applying them. It never echoes anyone's awareness. So the
// generator costs little per client and measures the server, not itself.
//
// It behaves like a browser where bytes are concerned: it announces a stage and a canvas
// view and sends its whole awareness state on every move (people.mjs); with `compact` it
// asks for compact presence (`presence=compact` on its /sync URL). It counts every message
// it receives by kind, and its own edits when they come back (traffic.mjs).
//
// Plain JavaScript: spawned with `node` directly (Node 20 runs no TypeScript).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MARKER_LENGTH, Histogram, encodeMarker, nowMs, scanMarkers } from './marker.mjs';
import { atRate } from './rate.mjs';
import { createPresence } from './people.mjs';
import { SYNC, countMessage, emptyCounts, sumCounts } from './traffic.mjs';

// The configuration arrives as the first message (a thousand URLs do not fit on a command line).
/** @type {{ clients: { url: string, control?: string, edits: number, cursors: number, compact?: boolean, delayMs?: number }[], epoch: number, senderBase: number }} */
let config;
let epoch = 0;
let senderBase = 0;

// PLUMBLINE_BENCH_DEFLATE=1: offer permessage-deflate, as browsers do (the server decides whether to use it).
const DEFLATE = process.env.PLUMBLINE_BENCH_DEFLATE === '1';
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const histogram = new Histogram();
const clients = [];
let measuring = false;
let sending = false;

class ThinClient {
	constructor(index, spec) {
		this.sender = senderBase + index;
		// Only Plumbline is told; the reference keeps its URL as before (it ignores queries anyway).
		this.url = spec.compact ? `${spec.url}${spec.url.includes('?') ? '&' : '?'}presence=compact` : spec.url;
		this.spec = spec;
		this.doc = new Y.Doc();
		this.text = this.doc.getText('load');
		this.seq = 0;
		this.clock = 0;
		this.synced = false;
		this.syncedAt = 0;
		/** sender → markers received */
		this.received = new Map();
		this.presence = createPresence(this.sender, this.doc.clientID);
		/** What arrived in the measured window, by kind. */
		this.counts = emptyCounts();
		/** Bytes of each edit this client sent, by sequence: what an echo of it costs. */
		this.sentBytes = [];
		/** Bytes read off the network when the measured window began. */
		this.wireAt = 0;
		if (spec.delayMs) setTimeout(() => this.connect(), spec.delayMs);
		else this.connect();
	}

	connect() {
		this.startedAt = nowMs(epoch);
		const ws = new WebSocket(this.url, { perMessageDeflate: DEFLATE });
		ws.binaryType = 'nodebuffer';
		this.ws = ws;
		ws.on('open', () => {
			// y-websocket's opening: our state vector (sync step 1).
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			encoding.writeVarUint(encoder, 0);
			encoding.writeVarUint8Array(encoder, Y.encodeStateVector(this.doc));
			ws.send(encoding.toUint8Array(encoder));
			// As the provider does: the awareness state right after the opening.
			this.sendPresence(this.presence.state());
		});
		ws.on('message', (data) => this.receive(data));
		ws.on('close', (code) => {
			if (!this.closing) process.send?.({ type: 'error', message: `client ${this.sender} closed with ${code}` });
		});
		ws.on('error', (error) => process.send?.({ type: 'error', message: `client ${this.sender}: ${error.message}` }));
		if (this.spec.control) this.connectControl(this.spec.control);
	}

	/**
	 * The second document a browser keeps open (Plumbline's `control`: roster, stage, who wrote
	 * what): the handshake, then everything it receives is counted, nothing sent.
	 */
	connectControl(url) {
		const ws = new WebSocket(url, { perMessageDeflate: DEFLATE });
		ws.binaryType = 'nodebuffer';
		this.controlWs = ws;
		const empty = new Y.Doc();
		ws.on('open', () => ws.send(syncMessage(0, Y.encodeStateVector(empty))));
		ws.on('message', (data) => {
			if (measuring) {
				this.counts.controlBytes += data.length;
				this.counts.controlMessages += 1;
			}
			const decoder = decoding.createDecoder(data);
			if (decoding.readVarUint(decoder) === SYNC && decoding.readVarUint(decoder) === 0) ws.send(syncMessage(1, Y.encodeStateAsUpdate(empty)));
		});
		ws.on('close', (code) => {
			if (!this.closing) process.send?.({ type: 'error', message: `client ${this.sender}'s control closed with ${code}` });
		});
		ws.on('error', (error) => process.send?.({ type: 'error', message: `client ${this.sender}'s control: ${error.message}` }));
	}

	receive(data) {
		if (measuring) countMessage(this.counts, data);
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type !== SYNC) return; // presence and the rest: counted above, nothing to answer
		const step = decoding.readVarUint(decoder);
		if (step === 0) {
			// The server's state vector: answer with whatever of ours it lacks.
			const sv = decoding.readVarUint8Array(decoder);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, sv));
			this.ws.send(encoding.toUint8Array(encoder));
			return;
		}
		if (step === 1 && !this.synced) {
			this.synced = true;
			this.syncedAt = nowMs(epoch);
			process.send?.({ type: 'synced', sender: this.sender, ms: this.syncedAt - this.startedAt, at: this.syncedAt });
		}
		this.scan(data);
	}

	/** Find every marker in the received bytes: the others' edits, and its own come back. */
	scan(data) {
		const now = nowMs(epoch);
		scanMarkers(data, this.sender, (marker, own) => {
			if (own) {
				// Its own edit, back from the server: bytes a laptop had no need for.
				if (measuring) {
					this.counts.ownEchoes += 1;
					this.counts.ownEchoBytes += this.sentBytes[marker.seq] ?? MARKER_LENGTH;
				}
				return;
			}
			this.received.set(marker.sender, (this.received.get(marker.sender) ?? 0) + 1);
			// Every edit sent within the window counts, whenever it arrives: one that arrives after the
			// window (while draining) is among the slowest, and leaving it out would hide the tail.
			if (marker.sentAt >= measureFrom && marker.sentAt <= measureTo) histogram.add(now - marker.sentAt);
		});
	}

	edit() {
		if (!this.synced || this.ws.readyState !== WebSocket.OPEN) return;
		this.seq += 1;
		let update = null;
		const capture = (u) => (update = u);
		this.doc.once('update', capture);
		this.text.insert(this.text.length, encodeMarker(this.sender, this.seq, nowMs(epoch)));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, 2);
		encoding.writeVarUint8Array(encoder, update);
		const message = encoding.toUint8Array(encoder);
		this.sentBytes[this.seq] = message.length;
		this.ws.send(message);
	}

	/** A pointer move within its view, or a caret move on its line: the whole state, as the provider sends it. */
	cursor() {
		if (!this.synced || this.ws.readyState !== WebSocket.OPEN) return;
		this.sendPresence(this.presence.move());
	}

	/** @param {Record<string, unknown>} fields */
	sendPresence(fields) {
		this.clock += 1;
		const state = JSON.stringify(fields);
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, 1);
		encoding.writeVarUint(update, this.doc.clientID);
		encoding.writeVarUint(update, this.clock);
		encoding.writeVarString(update, state);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
		this.ws.send(encoding.toUint8Array(encoder));
	}

	/** Bytes its sockets have read from the network so far (compressed, with framing). */
	wireBytes() {
		return (this.ws?._socket?.bytesRead ?? 0) + (this.controlWs?._socket?.bytesRead ?? 0);
	}

	close() {
		this.closing = true;
		this.ws?.close();
		this.controlWs?.close();
	}
}

/** A sync message: step 0 (state vector), 1 (answer) or 2 (update). */
function syncMessage(step, payload) {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, SYNC);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** Each client on its own fixed rate, phases spread at random so the room's load is even. */
function every(rate, fn) {
	for (const client of clients) atRate(rate(client), () => sending && fn(client));
}

let measureFrom = Infinity;
let measureTo = Infinity;
let cpuStart = process.cpuUsage();
let wallStart = performance.now();

process.on('message', (message) => {
	if (message.type === 'config') {
		config = message.config;
		epoch = config.epoch;
		senderBase = config.senderBase;
		config.clients.forEach((spec, i) => clients.push(new ThinClient(i, spec)));
	} else if (message.type === 'start') {
		sending = true;
		every((c) => c.spec.edits, (c) => c.edit());
		every((c) => c.spec.cursors, (c) => c.cursor());
	} else if (message.type === 'measure') {
		measuring = true;
		measureFrom = nowMs(epoch);
		for (const c of clients) c.wireAt = c.wireBytes();
		loop.reset();
		cpuStart = process.cpuUsage();
		wallStart = performance.now();
	} else if (message.type === 'stop') {
		sending = false;
		for (const c of clients) c.counts.wireBytes = c.wireBytes() - c.wireAt;
		const cpu = process.cpuUsage(cpuStart);
		const wall = performance.now() - wallStart;
		measuring = false;
		measureTo = nowMs(epoch);
		process.send({
			type: 'stopped',
			cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
			loopP99: loop.percentile(99) / 1e6,
			seconds: wall / 1000,
			traffic: sumCounts(clients.map((c) => c.counts))
		});
	} else if (message.type === 'report') {
		// Sent edits per sender, and per receiver what arrived from whom.
		process.send({
			type: 'report',
			sent: clients.map((c) => [c.sender, c.seq]),
			received: clients.map((c) => [c.sender, [...c.received]]),
			histogram: histogram.toJSON()
		});
	} else if (message.type === 'exit') {
		for (const c of clients) c.close();
		setTimeout(() => process.exit(0), 200);
	}
});

