import { describe, expect, it } from 'vitest';
import { ProtocolError, readPresenceState } from './wire-read.js';

describe('readPresenceState', () => {
	it('reads an object, or null for someone who left', () => {
		expect(readPresenceState('{"stage":"draft"}', 100)).toEqual({ stage: 'draft' });
		expect(readPresenceState('null', 100)).toBeNull();
	});

	it.each(['', '{', '[]', '"text"', '42', 'true'])('refuses %j as not protocol', (json) => {
		expect(() => readPresenceState(json, 100)).toThrow(ProtocolError);
	});

	it('refuses a state past the size limit before parsing it', () => {
		expect(() => readPresenceState(`{"a":"${'x'.repeat(100)}"}`, 100)).toThrow('presence state too large');
	});
});
