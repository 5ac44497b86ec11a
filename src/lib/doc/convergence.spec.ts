/**
 * Convergence in the style of Yjs's own test helper: several replicas make random edits
 * through the schema module while a simulated network delivers their updates in a random
 * order, drops peers offline and brings them back with a state-vector sync. Once everything
 * is delivered, every replica must read back the same workshop. Seeded: a failure prints
 * its seed, and `CONVERGENCE_SEED=<n>` replays it exactly.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seeded } from '../../../test/support/random.js';
import { buildExport } from './export.js';
import { canvas, claimLineId, claims, content, lineFragment, PROPOSITION_LINES, setLineText } from './schema.js';

type Random = ReturnType<typeof seeded>;

interface Peer {
	doc: Y.Doc;
	online: boolean;
}

/** Updates in flight, per receiving peer: delivered one at a time, in any order. */
class Network {
	readonly peers: Peer[];
	private readonly inbox: Uint8Array[][];

	constructor(count: number, rand: Random) {
		this.peers = Array.from({ length: count }, (_, i) => {
			const doc = new Y.Doc();
			// Yjs draws client ids at random; the run must depend on the seed alone.
			doc.clientID = 1000 + i * 7919 + rand.int(7000);
			return { doc, online: true };
		});
		this.inbox = this.peers.map(() => []);
		this.peers.forEach((peer, from) => {
			peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === this || !peer.online) return;
				this.peers.forEach((other, to) => {
					if (to !== from && other.online) this.inbox[to]!.push(update);
				});
			});
		});
	}

	/** Deliver one random update waiting for `to` (out of order is allowed: Yjs keeps what it cannot apply yet). */
	deliverOne(rand: Random): boolean {
		const waiting = this.inbox.map((queue, to) => [queue, to] as const).filter(([queue]) => queue.length > 0);
		if (waiting.length === 0) return false;
		const [queue, to] = rand.pick(waiting);
		const [update] = queue.splice(rand.int(queue.length), 1);
		Y.applyUpdate(this.peers[to]!.doc, update!, this);
		return true;
	}

	/** Offline: nothing reaches it and what it writes stays with it (the provider's socket is closed). */
	disconnect(i: number): void {
		this.peers[i]!.online = false;
		this.inbox[i] = [];
	}

	/** Back online: the sync handshake both ways with every online peer, as y-websocket does through the server. */
	reconnect(i: number): void {
		const peer = this.peers[i]!;
		peer.online = true;
		for (const other of this.peers) {
			if (other === peer || !other.online) continue;
			Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(peer.doc)), this);
			Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(other.doc)), this);
		}
	}

	settle(rand: Random): void {
		this.peers.forEach((peer, i) => {
			if (!peer.online) this.reconnect(i);
		});
		while (this.deliverOne(rand));
	}
}

const COLUMNS = ['pains', 'gains', 'jobs', 'evidence'];
const WORDS = ['uptime', 'fleet', 'breakdown', 'ROI', 'prädiktiv', '→', '€1,200', '😀', 'day one', ''];
const LINES = PROPOSITION_LINES.map((line) => line.id);

/** One random edit by one person, through the schema module as the app makes it. */
function randomEdit(doc: Y.Doc, rand: Random, step: number): void {
	const by = { authorId: `p${doc.clientID}`, authorTeam: rand.pick(['sales', 'marketing'] as const), createdAt: step };
	const notes = content.notes(doc);
	const someNote = () => rand.pick(notes.list());
	const text = () => Array.from({ length: 1 + rand.int(4) }, () => rand.pick(WORDS)).join(' ');
	switch (rand.int(12)) {
		case 0:
			notes.add({ id: `n${step}-${doc.clientID}`, ...by, column: rand.pick(COLUMNS), text: text(), order: rand.int(100), lineId: '' });
			break;
		case 1:
			if (notes.list().length > 0) notes.update(someNote().id, { column: rand.pick(COLUMNS), order: rand.int(100) });
			break;
		case 2: {
			const note = notes.list().length > 0 ? notes.text(someNote().id, 'text') : null;
			if (note) note.insert(rand.int(note.length + 1), rand.pick(WORDS));
			break;
		}
		case 3:
			if (notes.list().length > 0) content.removeNote(doc, someNote().id);
			break;
		case 4:
			claims.add(doc, `c${step}-${doc.clientID}`, rand.int(claims.ids(doc).length + 1));
			break;
		case 5: {
			const ids = claims.ids(doc);
			if (ids.length > 0) claims.move(doc, rand.pick(ids), rand.int(ids.length));
			break;
		}
		case 6: {
			const ids = claims.ids(doc);
			if (ids.length > 0) claims.remove(doc, rand.pick(ids));
			break;
		}
		case 7: {
			const ids = [...LINES, ...claims.ids(doc).map(claimLineId)];
			setLineText(doc, rand.pick(ids), text());
			break;
		}
		case 8: {
			// Typing into whatever paragraph is there, as the editor does between whole-line writes.
			const fragment = lineFragment(doc, rand.pick(LINES));
			const paragraph = fragment.length > 0 ? fragment.get(rand.int(fragment.length)) : null;
			const leaf = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
			if (leaf instanceof Y.XmlText) leaf.insert(rand.int(leaf.length + 1), rand.pick(WORDS));
			break;
		}
		case 9: {
			const glossary = content.glossary(doc);
			const entries = glossary.list();
			if (entries.length > 0 && rand.chance(0.6)) glossary.update(rand.pick(entries).id, { weSay: rand.pick(WORDS) });
			else glossary.add({ id: `g${step}-${doc.clientID}`, ...by, marketingSays: rand.pick(WORDS), salesSays: rand.pick(WORDS), weSay: '', definition: text(), example: '' });
			break;
		}
		case 10: {
			const timeline = content.timeline(doc);
			const milestones = timeline.list();
			if (milestones.length > 0 && rand.chance(0.6)) timeline.update(rand.pick(milestones).id, { offsetDays: rand.int(60) - 30, time: rand.pick(['09:00', '14:30']) });
			else
				timeline.add({
					id: `t${step}-${doc.clientID}`,
					...by,
					title: text(),
					phase: rand.pick(['info-session', 'day-one', 'first-week', 'campaign'] as const),
					anchor: 'launch',
					offsetDays: rand.int(30),
					date: '',
					time: '09:00',
					durationMinutes: 30 + rand.int(90),
					ownerTeam: 'sales',
					channel: 'meeting',
					callToAction: '',
					targets: '',
					materials: '',
					materialsStatus: 'todo'
				});
			break;
		}
		default: {
			const ids = notes.list().map((n) => `note:${n.id}`);
			if (ids.length > 0) canvas.place(doc, [[rand.pick(ids), { x: rand.int(2000), y: rand.int(1200) }]]);
			const followUp = content.handoffTerms(doc).followUp;
			if (rand.chance(0.3)) followUp.insert(rand.int(followUp.length + 1), rand.pick(WORDS));
		}
	}
}

/** Everything a person can read of the workshop: the export model plus the canvas. */
function readBack(doc: Y.Doc, control: Y.Doc) {
	const data = buildExport(doc, control, { title: 'Convergence', product: 'Fleetwise', customer: 'Fleets' }, new Date('2026-12-02T00:00:00Z'));
	return {
		data,
		places: [...canvas.places(doc)].sort(([a], [b]) => a.localeCompare(b)),
		notes: content.notes(doc).list().sort((a, b) => a.id.localeCompare(b.id)),
		claims: claims.ids(doc),
		followUp: content.handoffTerms(doc).followUp.toString()
	};
}

function run(seed: number, peers: number, steps: number): void {
	const rand = seeded(seed);
	const network = new Network(peers, rand);
	const control = new Y.Doc();
	for (let step = 0; step < steps; step++) {
		const roll = rand.next();
		if (roll < 0.45) {
			const peer = rand.pick(network.peers);
			randomEdit(peer.doc, rand, step);
		} else if (roll < 0.93) {
			network.deliverOne(rand);
		} else {
			const i = rand.int(peers);
			if (network.peers[i]!.online) network.disconnect(i);
			else network.reconnect(i);
		}
	}
	network.settle(rand);
	const first = readBack(network.peers[0]!.doc, control);
	for (const peer of network.peers.slice(1)) expect(readBack(peer.doc, control), `seed ${seed}`).toEqual(first);
	for (const peer of network.peers) expect(Y.encodeStateVector(peer.doc), `seed ${seed}`).toEqual(Y.encodeStateVector(network.peers[0]!.doc));
}

describe('replicas converge under random edits and random delivery', () => {
	const fixed = process.env.CONVERGENCE_SEED;
	const seeds = fixed ? [Number(fixed)] : Array.from({ length: 12 }, (_, i) => 20261202 + i * 101);
	for (const seed of seeds) {
		it(`seed ${seed}: 4 replicas, 400 steps`, () => run(seed, 4, 400));
	}

	it('a long run with 8 replicas', () => run(8_20261202, 8, 1500));
});
