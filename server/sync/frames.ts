/**
 * Broadcast messages framed once and written straight to each socket.
 *
 * A room sends the same message to dozens or hundreds of sockets. Through ws every send frames
 * it again (a header allocated, the socket corked, a two-part writev); at 100 people that
 * per-socket work was most of the server's time. Frames from a server are never masked, so one
 * binary frame's bytes serve every receiver: they are built once per message and written with
 * a single plain socket write. Only for sockets whose ws sender never queues (no compression,
 * no Blobs), so frames from both paths leave in the order they were sent.
 */

/** Bigger messages (a newcomer's answer) go through ws: copying them into a frame would cost more than it saves. */
export const MAX_SHARED_FRAME_BYTES = 64 * 1024;

const FIN_BINARY = 0x82;
const framed = new WeakMap<Uint8Array, Buffer>();

/** The message as one unmasked binary WebSocket frame (RFC 6455 §5.2), built once per message. */
export function binaryFrame(payload: Uint8Array): Buffer {
	let frame = framed.get(payload);
	if (frame) return frame;
	const length = payload.byteLength;
	const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
	frame = Buffer.allocUnsafe(header + length);
	frame[0] = FIN_BINARY;
	if (header === 2) frame[1] = length;
	else if (header === 4) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.set(payload, header);
	framed.set(payload, frame);
	return frame;
}
