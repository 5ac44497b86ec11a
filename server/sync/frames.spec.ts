import { describe, expect, it } from 'vitest';
import { Receiver } from 'ws';
import { binaryFrame } from './frames.js';

/** What a WebSocket client reads from these bytes: ws's own parser, as a client (unmasked frames). */
function receive(bytes: Buffer): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const receiver = new Receiver({ isServer: false });
		receiver.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? resolve(data) : reject(new Error('not binary'))));
		receiver.on('error', reject);
		receiver.write(bytes);
	});
}

describe('binaryFrame', () => {
	it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('frames %i bytes as a client reads them back', async (length) => {
		const payload = Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff);
		expect(Buffer.compare(await receive(binaryFrame(payload)), Buffer.from(payload))).toBe(0);
	});

	it('builds one frame per message, shared by every socket it goes to', () => {
		const message = new Uint8Array([0, 2, 5]);
		expect(binaryFrame(message)).toBe(binaryFrame(message));
		expect(binaryFrame(new Uint8Array([0, 2, 5]))).not.toBe(binaryFrame(message));
	});
});
