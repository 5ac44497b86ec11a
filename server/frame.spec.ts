import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { COPY_LIMIT, binaryFrame, writeBinaryFrame } from './frame.js';

/** ws's frame parser: exported by the package, left out of its type declarations. */
interface FrameReader extends NodeJS.EventEmitter {
	write(chunk: Buffer): void;
}
const Receiver = (ws as unknown as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReader }).Receiver;

/** What ws's own receiver (a client's view) reads from the bytes a socket was given. */
function readBack(write: (socket: PassThrough) => void): Promise<{ data: Buffer; isBinary: boolean; chunks: number }> {
	const socket = new PassThrough();
	const chunks: Buffer[] = [];
	socket.on('data', (chunk: Buffer) => chunks.push(chunk));
	write(socket);
	socket.end();
	return new Promise((resolve, reject) => {
		socket.on('end', () => {
			const receiver = new Receiver({ isServer: false, maxPayload: 1 << 24 });
			receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary, chunks: chunks.length }));
			receiver.on('error', reject);
			receiver.write(Buffer.concat(chunks));
		});
	});
}

describe('writeBinaryFrame', () => {
	it.each([0, 1, 125, 126, COPY_LIMIT, COPY_LIMIT + 1, 65_535, 65_536, 300_000])('writes %i bytes as one binary message', async (length) => {
		const message = Uint8Array.from({ length }, (_, i) => (i * 7) % 256);
		const { data, isBinary } = await readBack((socket) => writeBinaryFrame(socket, message));
		expect(isBinary).toBe(true);
		expect(Buffer.compare(data, Buffer.from(message))).toBe(0);
	});

	it('writes a small message as one chunk, a big one after its header without copying it', async () => {
		expect((await readBack((socket) => writeBinaryFrame(socket, new Uint8Array(100)))).chunks).toBe(1);
		const big = new Uint8Array(COPY_LIMIT + 1);
		const socket = new PassThrough();
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		writeBinaryFrame(socket, big);
		await new Promise((resolve) => setImmediate(resolve));
		expect(chunks.map((chunk) => chunk.length)).toEqual([4, COPY_LIMIT + 1]);
		expect(chunks[1]!.buffer).toBe(big.buffer);
	});

	it('calls back once the message is written', async () => {
		let written = false;
		await readBack((socket) => writeBinaryFrame(socket, new Uint8Array(10), () => (written = true)));
		expect(written).toBe(true);
	});
});

describe('binaryFrame', () => {
	it('builds a message’s frame once for a broadcast, and anew for another message', () => {
		const first = Uint8Array.of(1, 2, 3);
		const frame = binaryFrame(first);
		expect(binaryFrame(first)).toBe(frame);
		const second = Uint8Array.of(1, 2, 3);
		expect(binaryFrame(second)).not.toBe(frame);
		expect(Buffer.compare(binaryFrame(second), frame)).toBe(0);
	});
});
