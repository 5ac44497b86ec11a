import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { Mark, NodeType, Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment, updateYFragment } from '@tiptap/y-tiptap';
import { getSchema } from '@tiptap/core';
import { lineExtensions } from './extensions';
import { defaultAgenda } from '../domain/agenda';
import { DEFAULT_COLUMNS } from '../domain/board';
import {
	PROPOSITION_LINES,
	allLineIds,
	charactersByClient,
	claims,
	content,
	controlWriters,
	docName,
	isDocKind,
	lineFragment,
	lineSchema,
	lineText,
	readControl,
	setLineText,
	type Note
} from './schema';

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const note = (id: string, text: string, createdAt: number): Note => ({
	id,
	authorId: 'p1',
	authorTeam: 'sales',
	createdAt,
	column: 'customers-say',
	text,
	order: 1,
	lineId: ''
});

describe('document names', () => {
	it('names each workshop document with the workshop as prefix', () => {
		expect(docName('abc', 'content')).toBe('abc/content');
		expect(isDocKind('control')).toBe(true);
		expect(isDocKind('secrets')).toBe(false);
	});

	it('has unique proposition line ids', () => {
		const ids = PROPOSITION_LINES.map((l) => l.id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('proposition lines', () => {
	it('reads a line as plain text, one paragraph a line', () => {
		const doc = new Y.Doc();
		lineFragment(doc, 'headline').insert(0, [paragraph('Keep every truck'), paragraph('on the road')]);
		expect(lineText(doc, 'headline')).toBe('Keep every truck\non the road');
		expect(lineText(doc, 'oneLiner')).toBe('');
	});

	it('keeps both texts when two clients start the same empty line at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		lineFragment(a, 'need').insert(0, [paragraph('from sales')]);
		lineFragment(b, 'need').insert(0, [paragraph('from marketing')]);
		sync(a, b);
		expect(lineText(a, 'need')).toBe(lineText(b, 'need'));
		expect(lineText(a, 'need')).toContain('from sales');
		expect(lineText(a, 'need')).toContain('from marketing');
	});
});

describe('text as typed', () => {
	const schema = lineSchema();
	// eslint-disable-next-line no-control-regex
	const noControl = (s: string) => !/[\u0000-\u001f\u007f-\u009f]/.test(s);
	const hostile = ['<', '>', '&', '"', "'", '<b>', '</p>', '&amp;', '<!--', '🚀', '👩🏽‍💻', 'é', 'e\u0301', '\u00a0', '“', '—', '\\', '*', '#'];
	const unit = fc.oneof(fc.constantFrom(...hostile), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(noControl));
	const lineArb = fc.string({ unit, maxLength: 12 });
	const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 4 });

	/** A paragraph as the editor holds it: the text cut in runs with random marks. */
	const paragraphArb = (line: string) =>
		fc.array(fc.subarray(Object.values(schema.marks).map((type) => type.create()) as Mark[]), { minLength: line.length, maxLength: line.length }).map((marks) => {
			const inline: PMNode[] = [];
			[...line].forEach((ch, i) => inline.push(schema.text(ch, marks[i])));
			return schema.nodes.paragraph!.create(null, inline);
		});

	it('is the editor\'s schema: same nodes, marks, content, groups and attributes as getSchema(lineExtensions())', () => {
		// Structure only: DOM parsing and rendering (functions, parseDOM) are the editor's business.
		const structure = (s: typeof schema) => {
			const strip = (spec: object) => Object.fromEntries(Object.entries(spec).filter(([key, value]) => typeof value !== 'function' && key !== 'parseDOM'));
			const nodes: [string, object][] = [];
			const marks: [string, object][] = [];
			s.spec.nodes.forEach((name, spec) => void nodes.push([name, strip(spec)]));
			s.spec.marks.forEach((name, spec) => void marks.push([name, strip(spec)]));
			return JSON.parse(JSON.stringify({ top: s.spec.topNode ?? 'doc', nodes, marks }));
		};
		expect(structure(schema)).toEqual(structure(getSchema(lineExtensions())));
	});

	it('reads what the editor wrote, "<" and ">" included (root cause: tags were stripped from XmlText.toString())', () => {
		const doc = new Y.Doc();
		const typed = 'Costs < $10 a month and saves > 3 hours';
		const bold = schema.marks.bold!.create();
		const para = schema.nodes.paragraph!.create(null, [schema.text('Costs < $10 a month and '), schema.text('saves > 3 hours', [bold])]);
		prosemirrorToYXmlFragment(schema.topNodeType.create(null, [para]), lineFragment(doc, 'headline'));
		expect(lineText(doc, 'headline')).toBe(typed);
	});

	it('reads hard breaks as new lines and list items as "- " or "1. " lines', () => {
		const doc = new Y.Doc();
		const [paragraph, hardBreak, bulletList, orderedList, listItem] = ['paragraph', 'hardBreak', 'bulletList', 'orderedList', 'listItem'].map((name) => schema.nodes[name]!) as [NodeType, NodeType, NodeType, NodeType, NodeType];
		const item = (text: string) => listItem.create(null, paragraph.create(null, schema.text(text)));
		const tree = schema.topNodeType.create(null, [
			paragraph.create(null, [schema.text('one'), hardBreak.create(), schema.text('two')]),
			bulletList.create(null, [item('fast'), item('cheap')]),
			orderedList.create({ start: 3 }, [item('third'), listItem.create(null, [paragraph.create(null, schema.text('fourth')), bulletList.create(null, item('nested'))])])
		]);
		prosemirrorToYXmlFragment(tree, lineFragment(doc, 'notes'));
		expect(lineText(doc, 'notes')).toBe('one\ntwo\n- fast\n- cheap\n3. third\n4. fourth\n   - nested');
	});

	it('property: any text typed in the editor reads back unchanged', () => {
		fc.assert(
			fc.property(
				linesArb.chain((lines) => fc.tuple(fc.constant(lines), fc.tuple(...lines.map(paragraphArb)), fc.array(lineArb, { maxLength: 3 }))),
				([lines, paragraphs, before]) => {
					const doc = new Y.Doc();
					const fragment = lineFragment(doc, 'headline');
					// Earlier text first, then the edit, both through the binding's own write (updateYFragment).
					const meta = () => ({ mapping: new Map(), isOMark: new Map() });
					const earlier = schema.topNodeType.create(null, before.map((l) => schema.nodes.paragraph!.create(null, l ? schema.text(l) : null)));
					updateYFragment(doc, fragment, earlier, meta());
					updateYFragment(doc, fragment, schema.topNodeType.create(null, paragraphs), meta());
					expect(lineText(doc, 'headline')).toBe(lines.join('\n'));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('property: setLineText then lineText is the identity for text without control characters', () => {
		fc.assert(
			fc.property(linesArb, lineArb, (lines, previous) => {
				const doc = new Y.Doc();
				setLineText(doc, 'oneLiner', previous);
				const text = lines.join('\n');
				setLineText(doc, 'oneLiner', text);
				expect(lineText(doc, 'oneLiner')).toBe(text);
				// And it survives the wire.
				const copy = new Y.Doc();
				Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
				expect(lineText(copy, 'oneLiner')).toBe(text);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('collections', () => {
	it('adds, updates, lists in creation order and removes records', () => {
		const doc = new Y.Doc();
		const notes = content.notes(doc);
		notes.add(note('n2', 'second', 2));
		notes.add(note('n1', 'first', 1));
		expect(notes.list().map((n) => n.text)).toEqual(['first', 'second']);
		expect(notes.update('n1', { text: 'first, edited' })).toBe(true);
		expect(notes.get('n1')?.text).toBe('first, edited');
		expect(notes.update('missing', { text: 'x' })).toBe(false);
		notes.remove('n2');
		expect(notes.list().map((n) => n.id)).toEqual(['n1']);
	});

	it('merges concurrent edits of different fields of one record', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		content.notes(a).add(note('n1', 'draft', 1));
		sync(a, b);
		content.notes(a).update('n1', { text: 'what customers say' });
		content.notes(b).update('n1', { column: 'objections' });
		sync(a, b);
		expect(content.notes(a).get('n1')).toMatchObject({ text: 'what customers say', column: 'objections' });
		expect(content.notes(b).get('n1')).toEqual(content.notes(a).get('n1'));
	});

	it('coerces junk written by a modified client to safe defaults', () => {
		const doc = new Y.Doc();
		const record = new Y.Map<unknown>();
		record.set('text', { evil: true });
		record.set('order', 'NaN');
		record.set('authorTeam', 7);
		doc.getMap('metrics');
		content.notes(doc).map.set('n1', record);
		const read = content.notes(doc).get('n1')!;
		expect(read).toMatchObject({ id: 'n1', text: '', order: 0, authorTeam: null, column: '' });
	});

	it('filters non-string entries out of list fields', () => {
		const doc = new Y.Doc();
		const handoff = content.handoff(doc);
		handoff.add({ id: 'f1', authorId: 'p', authorTeam: 'marketing', createdAt: 1, field: 'Company size', wantedBy: ['marketing'], status: 'proposed' });
		handoff.map.get('f1')!.set('wantedBy', ['sales', 3, null]);
		expect(handoff.get('f1')?.wantedBy).toEqual(['sales']);
	});
});

describe('control', () => {
	it('reads defaults from an empty document', () => {
		expect(readControl(new Y.Doc())).toEqual({
			agenda: [],
			columns: DEFAULT_COLUMNS,
			currentStageId: '',
			frozen: false,
			savingFails: false,
			timer: null,
			summon: null,
			privateRound: null,
			done: {},
			participants: [],
			votes: [],
			ratings: [],
			versions: [],
			signers: [],
			exportPolicy: 'leaders',
			frame: null,
			signoffs: [],
			breakouts: [],
			field: null,
			fieldCounts: { revision: 0, fieldMembers: 0, conversations: 0, handoffs: 0, metricValues: 0 }
		});
	});

	it('reads what the server writes', () => {
		const doc = new Y.Doc();
		const agenda = defaultAgenda();
		controlWriters.setAgenda(doc, agenda, 'draft');
		controlWriters.setFrozen(doc, true);
		controlWriters.upsertParticipant(doc, { id: 'p2', name: 'Elif', team: 'marketing', role: 'participant', joinedAt: 2 });
		controlWriters.upsertParticipant(doc, { id: 'p1', name: 'Anna', team: 'sales', role: 'participant', joinedAt: 1 });
		const control = readControl(doc);
		expect(control.agenda).toHaveLength(7);
		expect(control.currentStageId).toBe('draft');
		expect(control.frozen).toBe(true);
		expect(control.participants.map((p) => p.name)).toEqual(['Anna', 'Elif']);
	});

	it('defaults the current stage to the first of the agenda', () => {
		const doc = new Y.Doc();
		controlWriters.setAgenda(doc, defaultAgenda());
		expect(readControl(doc).currentStageId).toBe('frame');
	});
});

describe('claims', () => {
	it('adds, moves and removes claims', () => {
		const doc = new Y.Doc();
		for (const id of ['a', 'b', 'c']) claims.add(doc, id);
		claims.move(doc, 'c', 0);
		expect(claims.ids(doc)).toEqual(['c', 'a', 'b']);
		claims.move(doc, 'c', 2);
		expect(claims.ids(doc)).toEqual(['a', 'b', 'c']);
		claims.remove(doc, 'b');
		expect(claims.ids(doc)).toEqual(['a', 'c']);
	});

	it('keeps one copy of a claim two people moved at the same time', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		for (const id of ['x', 'y', 'z']) claims.add(a, id);
		sync(a, b);
		claims.move(a, 'z', 0);
		claims.move(b, 'z', 1);
		sync(a, b);
		expect(claims.ids(a)).toEqual(claims.ids(b));
		expect([...claims.ids(a)].sort()).toEqual(['x', 'y', 'z']);
	});

	it('lists every line id, fixed then claims', () => {
		const doc = new Y.Doc();
		claims.add(doc, 'k1');
		expect(allLineIds(doc).slice(-2)).toEqual(['notes', 'claim-k1']);
	});
});

describe('characters by client', () => {
	it('counts the characters present, per inserting client, ignoring deleted ones', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.clientID = 1;
		b.clientID = 2;
		lineFragment(a, 'headline').insert(0, [paragraph('Keep trucks')]);
		sync(a, b);
		const text = (lineFragment(b, 'headline').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.insert(text.length, ' rolling');
		text.delete(0, 5); // removes "Keep " written by client 1
		sync(a, b);
		expect(charactersByClient(a, ['headline'])).toEqual(new Map([[1, 6], [2, 8]]));
		expect(charactersByClient(b, ['headline'])).toEqual(charactersByClient(a, ['headline']));
	});
});

describe('note text', () => {
	it('stores note text as shared text, read back as a string', () => {
		const doc = new Y.Doc();
		const notes = content.notes(doc);
		notes.add(note('n1', 'hello', 1));
		notes.text('n1', 'text')!.insert(5, ' world');
		expect(notes.get('n1')?.text).toBe('hello world');
	});
});
