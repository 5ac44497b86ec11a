/**
 * Hostile y-websocket messages from a seeded generator: random bytes, mutated
 * valid sync and awareness messages, truncated varints, huge declared lengths,
 * unknown message types. The same seed gives the same messages.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync.js';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness.js';
import { seeded } from './random.js';

export function fuzzMessages(seed: number): () => Uint8Array {
	const rand = seeded(seed);
	const source = new Y.Doc();
	// Yjs picks a random client id; the messages must depend on the seed alone.
	source.clientID = 1 + rand.int(0x7ffffffe);
	source.getText('t').insert(0, 'hello fuzz');
	source.getMap('m').set('k', { nested: [1, 2, 3] });
	const update = Y.encodeStateAsUpdate(source);
	const awareness = new Awareness(source);
	awareness.setLocalState({ user: { name: 'fuzz' }, cursor: { anchor: 1 } });
	const awarenessUpdate = encodeAwarenessUpdate(awareness, [source.clientID]);

	const message = (type: number, write: (e: encoding.Encoder) => void) => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, type);
		write(e);
		return encoding.toUint8Array(e);
	};
	const valid = [
		message(0, (e) => syncProtocol.writeSyncStep1(e, source)),
		message(0, (e) => syncProtocol.writeUpdate(e, update)),
		message(0, (e) => syncProtocol.writeSyncStep2(e, source)),
		message(1, (e) => encoding.writeVarUint8Array(e, awarenessUpdate)),
		message(3, () => {})
	];
	const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => rand.int(256));

	const mutate = (bytes: Uint8Array): Uint8Array => {
		const copy = Uint8Array.from(bytes);
		const kind = rand.int(4);
		if (kind === 0 && copy.length) copy[rand.int(copy.length)] = rand.int(256);
		if (kind === 1) return copy.slice(0, rand.int(copy.length + 1));
		if (kind === 2) {
			const at = rand.int(copy.length + 1);
			return Uint8Array.from([...copy.slice(0, at), ...randomBytes(1 + rand.int(8)), ...copy.slice(at)]);
		}
		if (kind === 3 && copy.length) {
			for (let i = 0; i < 3; i++) {
				const at = rand.int(copy.length);
				copy[at] = copy[at]! ^ (1 << rand.int(8));
			}
		}
		return copy;
	};

	const generators: Array<() => Uint8Array> = [
		() => randomBytes(rand.int(64)),
		() => mutate(rand.pick(valid)),
		// Truncated variable-length integers.
		() => Uint8Array.from([rand.pick([0, 1]), 0x80, 0x80, 0x80]),
		// A huge declared length with almost nothing behind it.
		() => message(rand.pick([0, 1]), (e) => {
			if (rand.chance(0.5)) encoding.writeVarUint(e, rand.int(3));
			encoding.writeVarUint(e, 0x7fffffff);
			encoding.writeUint8Array(e, randomBytes(4));
		}),
		// Unknown message types and sync steps.
		() => message(4 + rand.int(250), (e) => encoding.writeUint8Array(e, randomBytes(rand.int(16)))),
		() => message(0, (e) => {
			encoding.writeVarUint(e, 3 + rand.int(100));
			encoding.writeVarUint8Array(e, randomBytes(rand.int(16)));
		}),
		// Awareness with broken JSON.
		() => message(1, (e) => {
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, 1);
			encoding.writeVarUint(inner, rand.int(1 << 30));
			encoding.writeVarUint(inner, 1 + rand.int(100));
			encoding.writeVarString(inner, rand.pick(['{', '[1,', '"x', 'null', '{"user":', '1e999999']));
			encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
		}),
		// Valid messages too: the endpoint must keep working between hostile ones.
		() => rand.pick(valid)
	];
	return () => rand.pick(generators)();
}
