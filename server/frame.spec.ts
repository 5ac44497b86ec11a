import { describe, expect, it } from 'vitest';
import { Receiver } from 'ws';
import { binaryFrame } from './frame.js';

/** What ws's own receiver (a client's view) reads from the bytes. */
function readBack(frame: Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
	return new Promise((resolve, reject) => {
		const receiver = new Receiver({ isServer: false, maxPayload: 1 << 24 });
		receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary }));
		receiver.on('error', reject);
		receiver.write(frame);
	});
}

describe('binaryFrame', () => {
	it.each([0, 1, 125, 126, 65_535, 65_536, 300_000])('frames %i bytes as one binary message', async (length) => {
		const message = Uint8Array.from({ length }, (_, i) => (i * 7) % 256);
		const { data, isBinary } = await readBack(binaryFrame(message));
		expect(isBinary).toBe(true);
		expect(Buffer.compare(data, Buffer.from(message))).toBe(0);
	});

	it('builds a message’s frame once for a broadcast, and anew for another message', () => {
		const first = Uint8Array.of(1, 2, 3);
		const frame = binaryFrame(first);
		expect(binaryFrame(first)).toBe(frame);
		const second = Uint8Array.of(1, 2, 3);
		expect(binaryFrame(second)).not.toBe(frame);
		expect(Buffer.compare(binaryFrame(second), frame)).toBe(0);
	});
});
