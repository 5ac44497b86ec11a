import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { MessageType, type PresenceIdentity } from './wire';
import { decodePresence, goneEntry, identityEntry, personEntry, pointerEntry, presenceMessage, stageEntry, stateEntry } from './presence';

const ada: PresenceIdentity = { id: 'p1', name: 'Ada', team: 'sales', role: 'participant', color: '#0072b2' };

function read(message: Uint8Array) {
	const decoder = decoding.createDecoder(message);
	expect(decoding.readVarUint(decoder)).toBe(MessageType.presence);
	return decodePresence(decoder);
}

describe('compact presence', () => {
	it('round-trips every section in one message', () => {
		const message = presenceMessage({
			identity: [identityEntry(7, ada)],
			state: [stateEntry(7, 3, JSON.stringify({ stage: 'draft', view: null }))],
			pointer: [pointerEntry(7, 4, -120.4, 3000.6)],
			gone: [goneEntry(9)],
			people: [personEntry('p1', 'draft'), personEntry('p2', null), personEntry('p3', '')],
			stages: [stageEntry('draft', 12, 3)]
		})!;
		expect(read(message)).toEqual({
			identities: [{ client: 7, user: ada }],
			states: [{ client: 7, clock: 3, fields: { stage: 'draft', view: null } }],
			pointers: [{ client: 7, clock: 4, x: -120, y: 3001 }],
			gone: [9],
			people: [
				{ id: 'p1', stage: 'draft' },
				{ id: 'p2', stage: null },
				{ id: 'p3', stage: '' }
			],
			stages: [{ stage: 'draft', people: 12, typing: 3 }]
		});
	});

	it('is small where it matters: a pointer move costs a few bytes', () => {
		expect(pointerEntry(123_456_789, 1000, 2500, -800).length).toBeLessThanOrEqual(10);
	});

	it('sends nothing for nothing, and refuses what it cannot read', () => {
		expect(presenceMessage({ state: [], gone: [] })).toBeNull();
		const bad = new Uint8Array([MessageType.presence, 9, 1, 0]);
		expect(() => read(bad)).toThrow();
		const notObject = presenceMessage({ state: [stateEntry(1, 1, '[1]')] })!;
		expect(() => read(notObject)).toThrow();
	});
});
