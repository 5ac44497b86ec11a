/**
 * A message as a WebSocket binary frame (RFC 6455 §5.2: final, opcode 2, unmasked as a server's
 * frames are), written to a connection's socket as it is.
 *
 * Why not `ws.send`: a broadcast sends the same bytes to every socket in the room, and ws builds
 * a header per socket and writes it and the payload corked, as two chunks (a writev). Built once
 * and written as one chunk, a room of 100 costs about a tenth less CPU (BENCHMARKS.md, issue 23).
 * Without permessage-deflate (the server does not enable it) ws's sender never queues, so a
 * frame written to the socket keeps its place among those ws writes (pings, close).
 */

/**
 * The frame of the last message framed: a broadcast frames the same message for every peer in
 * turn. Messages are never changed once sent (each is encoded anew), so the same array is the same frame.
 */
let lastMessage: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

export function binaryFrame(message: Uint8Array): Buffer {
	if (message === lastMessage) return lastFrame!;
	const length = message.byteLength;
	const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(head + length);
	frame[0] = 0x82; // FIN, binary
	if (length < 126) frame[1] = length;
	else if (length < 65_536) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.set(message, head);
	lastMessage = message;
	lastFrame = frame;
	return frame;
}
