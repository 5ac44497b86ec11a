/**
 * What a modified client can write into `content`: random garbage in every
 * root, through the same Yjs types an honest client uses. Shared by the
 * readers' unit property tests, the integration test against the real server
 * and the browser test, so all three try the same kinds of poison.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { PROPOSITION_LINES, lineFragment } from '../../src/lib/doc/schema.js';

/** Every map root of `content` that holds keyed records or small values. */
export const RECORD_ROOTS = ['notes', 'phrasings', 'scenarios', 'glossary', 'metrics', 'handoff', 'timeline', 'canvas.clusters', 'canvas.connectors'] as const;
export const TEXT_ROOTS = ['handoff.followUp', 'handoff.feedback'] as const;

/** Field names of every record kind, so garbage lands where readers look. */
const FIELDS = [
	'id', 'authorId', 'authorTeam', 'createdAt', 'column', 'text', 'order', 'lineId', 'title', 'objection',
	'marketingSays', 'salesSays', 'weSay', 'definition', 'example', 'name', 'measures', 'ownerTeam', 'target',
	'horizon', 'source', 'sharedCommitment', 'field', 'wantedBy', 'status', 'phase', 'anchor', 'offsetDays',
	'date', 'time', 'durationMinutes', 'channel', 'callToAction', 'targets', 'materials', 'materialsStatus',
	'rect', 'from', 'to', 'label'
];

const LINE_NAMES = ['paragraph', 'bulletList', 'orderedList', 'listItem', 'hardBreak', 'doc', 'text', 'heading', 'script', ''];

/** A JSON-ish value Yjs can store, biased to what breaks code: NaN, infinities, huge numbers, odd dates and zones. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.constantFrom(
			Number.NaN, Infinity, -Infinity, 1e9, -1e9, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, -0, 0, 1, -1,
			null, true, false, '', ' ', 'NaN', '9999-12-31', '0000-01-01', '2027-02-30', '2027-02-01', '24:00', '99:99', '09:00',
			'Mars/Olympus_Mons', 'UTC', 'Europe/Stockholm', 'date', 'launch', 'end', 'info-session', 'sales', 'both', 'ready',
			'__proto__', 'constructor', '<script>alert(1)</script>', '\u202e\u0000\u001b', '=cmd|calc', '#'.repeat(5000)
		),
		fc.double(),
		fc.integer(),
		fc.string({ maxLength: 40 }),
		fc.string({ unit: 'grapheme', maxLength: 200 }),
		fc.array(tie('value'), { maxLength: 4 }),
		// Spread into a plain object: Yjs stores only values whose constructor it knows.
		fc.dictionary(fc.constantFrom('x', 'y', 'w', 'h', 'start', 'type', 'a'), tie('value'), { maxKeys: 4 }).map((d) => ({ ...d }))
	)
})).value;

/** One write a modified client can make. */
export type Poison =
	| { kind: 'record'; root: (typeof RECORD_ROOTS)[number]; id: string; fields: [string, unknown, 'value' | 'text' | 'map'][] }
	| { kind: 'raw-record'; root: (typeof RECORD_ROOTS)[number]; id: string; value: unknown }
	| { kind: 'campaign'; key: string; value: unknown }
	| { kind: 'place'; key: string; value: unknown }
	| { kind: 'claims'; values: unknown[] }
	| { kind: 'text'; root: (typeof TEXT_ROOTS)[number]; text: string; attributes: Record<string, unknown> }
	| { kind: 'line'; lineId: string; names: string[]; depth: number; text: string; attributes: Record<string, unknown> };

const lineIds = [...PROPOSITION_LINES.map((l) => l.id), 'claim-a', 'claim-b'];

const MILESTONE_FIELDS = ['anchor', 'offsetDays', 'date', 'time', 'durationMinutes', 'phase', 'materialsStatus', 'title'];

export const poison: fc.Arbitrary<Poison> = fc.oneof(
	// Milestones most often: their numbers, dates and zones feed date arithmetic.
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('record' as const),
			root: fc.constant('timeline' as const),
			id: fc.constantFrom('a', 'b', 'c'),
			fields: fc.array(fc.tuple(fc.constantFrom(...MILESTONE_FIELDS), junk, fc.constant('value' as const)), { minLength: 1, maxLength: 6 })
		})
	},
	fc.record({
		kind: fc.constant('record' as const),
		root: fc.constantFrom(...RECORD_ROOTS),
		id: fc.constantFrom('a', 'b', 'c'),
		fields: fc.array(fc.tuple(fc.constantFrom(...FIELDS), junk, fc.constantFrom('value' as const, 'text' as const, 'map' as const)), { maxLength: 12 })
	}),
	fc.record({ kind: fc.constant('raw-record' as const), root: fc.constantFrom(...RECORD_ROOTS), id: fc.constantFrom('a', 'd'), value: junk }),
	fc.record({ kind: fc.constant('campaign' as const), key: fc.constantFrom('launchDate', 'endDate', 'timeZone'), value: junk }),
	fc.record({ kind: fc.constant('place' as const), key: fc.constantFrom('note:a', 'line:headline', 'note:b', 'x'), value: junk }),
	fc.record({ kind: fc.constant('claims' as const), values: fc.array(fc.oneof(junk, fc.constantFrom('a', 'b')), { maxLength: 5 }) }),
	fc.record({
		kind: fc.constant('text' as const),
		root: fc.constantFrom(...TEXT_ROOTS),
		text: fc.string({ unit: 'grapheme', maxLength: 300 }),
		attributes: fc.dictionary(fc.constantFrom('bold', 'href', 'x'), junk, { maxKeys: 2 }).map((d) => ({ ...d }))
	}),
	fc.record({
		kind: fc.constant('line' as const),
		lineId: fc.constantFrom(...lineIds),
		names: fc.array(fc.constantFrom(...LINE_NAMES), { minLength: 1, maxLength: 4 }),
		depth: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(300)),
		text: fc.string({ unit: 'grapheme', maxLength: 200 }),
		attributes: fc.dictionary(fc.constantFrom('start', 'type', 'level'), junk, { maxKeys: 2 }).map((d) => ({ ...d }))
	})
);

/** Write one poison into `doc`, as a modified client would. */
export function applyPoison(doc: Y.Doc, p: Poison): void {
	doc.transact(() => {
		switch (p.kind) {
			case 'record': {
				const map = doc.getMap<unknown>(p.root);
				let record = map.get(p.id);
				if (!(record instanceof Y.Map)) {
					record = new Y.Map<unknown>();
					map.set(p.id, record);
				}
				for (const [key, value, as] of p.fields) {
					const stored = as === 'text' ? new Y.Text(String(value)) : as === 'map' ? new Y.Map<unknown>([['v', value]]) : value;
					(record as Y.Map<unknown>).set(key, stored);
				}
				break;
			}
			case 'raw-record':
				doc.getMap<unknown>(p.root).set(p.id, p.value);
				break;
			case 'campaign':
				doc.getMap<unknown>('campaign').set(p.key, p.value);
				break;
			case 'place':
				doc.getMap<unknown>('canvas.places').set(p.key, p.value);
				break;
			case 'claims':
				doc.getArray<unknown>('claims').push(p.values);
				break;
			case 'text':
				doc.getText(p.root).insert(0, p.text, p.attributes);
				break;
			case 'line':
				nest(lineFragment(doc, p.lineId), p.names, p.depth, p.text, p.attributes);
				break;
		}
	});
}

/**
 * Elements nested `depth` deep, built one level at a time into the live
 * document (Yjs integrates a prepared tree recursively, which would overflow
 * the writer's own stack long before a reader's).
 */
export function nest(fragment: Y.XmlFragment, names: readonly string[], depth: number, text: string, attributes: Record<string, unknown> = {}): void {
	// One transaction: Yjs walks every ancestor of each changed type at the end of a transaction.
	fragment.doc!.transact(() => {
		let parent: Y.XmlFragment | Y.XmlElement = fragment;
		for (let level = 0; level < depth; level++) {
			const element = new Y.XmlElement(names[level % names.length] || 'paragraph');
			parent.insert(parent.length, [element]);
			for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as string);
			parent = element;
		}
		parent.insert(parent.length, [new Y.XmlText(text)]);
	});
}

/** The poisons the issue names, written together: every kind of value that broke a reader once. */
export function applyKnownPoisons(doc: Y.Doc): void {
	doc.transact(() => {
		const timeline = doc.getMap<unknown>('timeline');
		const milestone = (id: string, fields: Record<string, unknown>) =>
			timeline.set(id, new Y.Map<unknown>(Object.entries({ title: new Y.Text(`Poisoned ${id}`), phase: 'info-session', anchor: 'launch', ...fields })));
		milestone('nan', { offsetDays: Number.NaN });
		milestone('far', { offsetDays: 1e9 });
		milestone('long', { durationMinutes: 1e300, time: '25:61' });
		milestone('date', { anchor: 'date', date: '9999-99-99', offsetDays: Infinity });
		const campaign = doc.getMap<unknown>('campaign');
		campaign.set('launchDate', '2027-02-01');
		campaign.set('endDate', '2027-04-30');
		campaign.set('timeZone', 'Mars/Olympus_Mons');
		doc.getMap<unknown>('metrics').set('m', new Y.Map<unknown>([['horizon', 'eon'], ['createdAt', Number.NaN]]));
		doc.getMap<unknown>('handoff').set('h', new Y.Map<unknown>([['status', { x: 1 }], ['wantedBy', [1, 'sales', 'sales', 'aliens']]]));
		doc.getMap<unknown>('notes').set('n', new Y.Map<unknown>([['order', -Infinity], ['text', 42]]));
		doc.getArray<unknown>('claims').push(['a', 42, null, 'a']);
	});
	nest(lineFragment(doc, 'headline'), ['bulletList', 'listItem'], 20_000, 'deep');
}
