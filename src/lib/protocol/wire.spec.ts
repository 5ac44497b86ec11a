import { describe, expect, it } from 'vitest';
import { CloseCode, FINAL_CLOSE_CODES, MessageType } from './wire';

/** y-websocket stops reconnecting after a close code from 4400 to 4499. */
const stopsReconnecting = (code: number) => code >= 4400 && code <= 4499;

describe('wire constants', () => {
	it('gives every close code and message type its own number', () => {
		const codes = Object.values(CloseCode);
		expect(new Set(codes).size).toBe(codes.length);
		for (const code of codes) expect(code === 1001 || code === 1009 || code === 1011 || code === 1013 || (code >= 4000 && code <= 4999), String(code)).toBe(true);
		const types = Object.values(MessageType);
		expect(new Set(types).size).toBe(types.length);
	});

	it('keeps "try again" codes out of the range where y-websocket gives up, and final ones in it', () => {
		for (const code of [CloseCode.goingAway, CloseCode.storageBehind, CloseCode.rightsChanged, CloseCode.tooManyMessages, CloseCode.slowConsumer]) {
			expect(stopsReconnecting(code), String(code)).toBe(false);
		}
		for (const code of FINAL_CLOSE_CODES) expect(stopsReconnecting(code), String(code)).toBe(true);
		expect([...FINAL_CLOSE_CODES].sort()).toEqual([CloseCode.removed, CloseCode.workshopDeleted]);
	});
});
