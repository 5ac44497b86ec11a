/**
 * Messages written to a connection's socket as WebSocket binary frames (RFC 6455 §5.2: final,
 * opcode 2, unmasked as a server's frames are).
 *
 * Why not `ws.send`: a broadcast sends the same bytes to every socket in the room, and ws builds
 * a header per socket and writes it and the payload corked, as two chunks (a writev). Built once
 * and written as one chunk, a room of 100 costs about a tenth less CPU (BENCHMARKS.md, issue 23).
 * Without permessage-deflate (the server does not enable it) ws's sender never queues, so a
 * frame written to the socket keeps its place among those ws writes (pings, close).
 */
import type { Duplex } from 'node:stream';

/**
 * Past this size a message is written after its header as it is, not copied into a frame: a big
 * document's full state goes to every newcomer, and a crowd joining at once must share its bytes.
 */
export const COPY_LIMIT = 16 * 1024;

/**
 * The frame of the last message framed: a broadcast frames the same message for every peer in
 * turn. Messages are never changed once sent (each is encoded anew), so the same array is the same frame.
 */
let lastMessage: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

export function writeBinaryFrame(socket: Duplex, message: Uint8Array, written?: () => void): void {
	if (message.byteLength <= COPY_LIMIT) {
		socket.write(binaryFrame(message), written);
		return;
	}
	socket.cork();
	socket.write(header(message.byteLength, 0));
	socket.write(message, written);
	socket.uncork();
}

/** A message (up to COPY_LIMIT bytes) as one frame. */
export function binaryFrame(message: Uint8Array): Buffer {
	if (message === lastMessage) return lastFrame!;
	const frame = header(message.byteLength, message.byteLength);
	frame.set(message, frame.length - message.byteLength);
	lastMessage = message;
	lastFrame = frame;
	return frame;
}

/** A frame's header for a payload of `length` bytes, with `room` bytes after it. */
function header(length: number, room: number): Buffer {
	const size = length < 126 ? 2 : length < 65_536 ? 4 : 10;
	const bytes = Buffer.allocUnsafe(size + room);
	bytes[0] = 0x82; // FIN, binary
	if (length < 126) bytes[1] = length;
	else if (length < 65_536) {
		bytes[1] = 126;
		bytes.writeUInt16BE(length, 2);
	} else {
		bytes[1] = 127;
		bytes.writeBigUInt64BE(BigInt(length), 2);
	}
	return bytes;
}
