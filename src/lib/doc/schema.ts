/**
 * The one place that names the shared documents' root types and their shapes.
 * Browser and server both import it; no other module spells a root name.
 *
 * Each workshop has two Yjs documents:
 * - `content`: everything participants co-edit.
 * - `control`: what only the server writes (clients hold it read-only).
 *
 * Rich-text lines are root-level XmlFragments (one per line) rather than values
 * nested in a map: two clients creating the same nested type at once would
 * make one of them lose its text, while root types merge by name.
 */
import * as Y from 'yjs';
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import type { Stage } from '../domain/agenda.js';
import type { TimerState } from '../domain/timer.js';
import { ANCHORS, PHASES, clampDuration, clampOffsetDays, isIsoDate, isTimeOfDay, isTimeZone, type Anchor, type Campaign, type Phase } from '../domain/timeline.js';
import { readVoteResults, type Allocation, type VoteKind, type VoteOption, type VoteResults } from '../domain/voting.js';
import { readRatingResults, type RatingResults } from '../domain/ratings.js';
import { EXPORT_POLICIES, type ExportPolicy } from '../domain/export/model.js';
import { DEFAULT_COLUMNS, type BoardColumn } from '../domain/board.js';
import { isTeam, type Role, type Team } from '../domain/teams.js';
import { CLUSTER_MIN, nodeKey, sanitizePoint, sanitizeRect, type Point, type Rect, type Viewport } from '../domain/canvas.js';

export const DOC_KINDS = ['content', 'control'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export function isDocKind(value: string): value is DocKind {
	return (DOC_KINDS as readonly string[]).includes(value);
}

/** Storage and room key of one document. */
export function docName(workshopId: string, kind: DocKind): string {
	return `${workshopId}/${kind}`;
}

// ---------------------------------------------------------------- content

/** The fixed lines of the proposition, in reading order. */
export const PROPOSITION_LINES = [
	{ id: 'headline', label: 'Headline', prompt: 'The promise in a few words, as a customer would repeat it.' },
	{ id: 'oneLiner', label: 'One-liner', prompt: 'One sentence a salesperson can say and a web page can print.' },
	{ id: 'forWhom', label: 'For', prompt: 'Who exactly is the target customer?' },
	{ id: 'need', label: 'Who', prompt: 'What need or pain do they have?' },
	{ id: 'offer', label: 'Our offer', prompt: 'The product or campaign, by name.' },
	{ id: 'category', label: 'Is a', prompt: 'The category the customer would file it under.' },
	{ id: 'benefit', label: 'That', prompt: 'The key benefit, in the customer’s words.' },
	{ id: 'alternative', label: 'Unlike', prompt: 'The alternative they use today.' },
	{ id: 'difference', label: 'We', prompt: 'What makes us different, and why it can be believed.' },
	{ id: 'notes', label: 'Notes', prompt: 'Anything that does not fit yet.' }
] as const;

export type FixedLineId = (typeof PROPOSITION_LINES)[number]['id'];

const CONTENT_ROOTS = {
	/** Ordered claim ids; each claim's text is the fragment of line `claim-<id>`. */
	claims: 'claims',
	notes: 'notes',
	phrasings: 'phrasings',
	scenarios: 'scenarios',
	glossary: 'glossary',
	metrics: 'metrics',
	handoff: 'handoff',
	timeline: 'timeline',
	/** launchDate, endDate, timeZone: small values, last writer wins. */
	campaign: 'campaign',
	/** The hand-off's service level: root texts, so concurrent typing merges. */
	handoffFollowUp: 'handoff.followUp',
	handoffFeedback: 'handoff.feedback',
	/** Node key (`note:<id>`, `line:<lineId>`) → {x, y}: one value per card, so a move is atomic. */
	places: 'canvas.places',
	clusters: 'canvas.clusters',
	connectors: 'canvas.connectors'
} as const;

/**
 * The ProseMirror schema of a proposition line: the structure of what
 * `getSchema(lineExtensions())` (src/lib/doc/extensions.ts) builds for the
 * editor, without its DOM parsing and rendering. Written out rather than
 * built from StarterKit so that every page reading a line does not load
 * Tiptap (it would more than double the workshop page's first download);
 * schema.spec.ts checks the two stay the same.
 */
export const lineSchema = (() => {
	let schema: Schema | undefined;
	return (): Schema =>
		(schema ??= new Schema({
			topNode: 'doc',
			nodes: {
				paragraph: { content: 'inline*', group: 'block' },
				bulletList: { content: 'listItem+', group: 'block list' },
				doc: { content: 'block+' },
				hardBreak: { group: 'inline', inline: true, selectable: false, linebreakReplacement: true },
				listItem: { content: 'paragraph block*', defining: true },
				orderedList: { content: 'listItem+', group: 'block list', attrs: { start: { default: 1 }, type: { default: null } } },
				text: { group: 'inline' }
			},
			marks: { bold: {}, code: { excludes: '_', code: true }, italic: {}, strike: {}, underline: {} }
		}));
})();

/**
 * How deep a line's elements are read. The editor nests a list item in a list
 * in a list item at most a few dozen levels; anything deeper was written by a
 * modified client and is left out, so a line nested 20,000 deep cannot
 * overflow the stack of every reader.
 */
export const LINE_DEPTH_MAX = 64;

/**
 * Whether a line nests deeper than LINE_DEPTH_MAX. The editor's Yjs binding
 * reads a line recursively, so such a line is shown as text instead of being
 * bound to an editor. Iterative, so the check itself cannot overflow.
 */
export function lineTooDeep(doc: Y.Doc, lineId: string): boolean {
	const stack: [Y.XmlFragment | Y.XmlElement, number][] = [[lineFragment(doc, lineId), 0]];
	while (stack.length > 0) {
		const [node, depth] = stack.pop()!;
		if (depth > LINE_DEPTH_MAX) return true;
		for (let item = node._start; item !== null; item = item.right) {
			if (!item.deleted && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) stack.push([item.content.type, depth + 1]);
		}
	}
	return false;
}

/** The rich-text fragment of one proposition line (a fixed line id or `claim-<id>`). */
export function lineFragment(doc: Y.Doc, lineId: string): Y.XmlFragment {
	return doc.getXmlFragment(`proposition.${lineId}`);
}

/**
 * Replace a line's text with plain paragraphs (used when the room adopts a phrasing).
 * Written through the editor's own schema and Yjs binding, so the text lands as
 * the editor would have written it, character for character.
 */
export function setLineText(doc: Y.Doc, lineId: string, text: string): void {
	const schema = lineSchema();
	const paragraphs = text.split('\n').map((line) => schema.nodes.paragraph!.create(null, line ? schema.text(line) : null));
	const fragment = lineFragment(doc, lineId);
	doc.transact(() => prosemirrorToYXmlFragment(schema.topNodeType.create(null, paragraphs), fragment));
}

export function claimLineId(claimId: string): string {
	return `claim-${claimId}`;
}

function claimOrder(doc: Y.Doc): Y.Array<string> {
	return doc.getArray<string>(CONTENT_ROOTS.claims);
}

/**
 * Proof points, in order. A move is delete + insert, so two people moving the
 * same claim at once can leave it twice in the array: reads keep the first.
 */
export const claims = {
	ids(doc: Y.Doc): string[] {
		return [...new Set(claimOrder(doc).toArray().filter((id) => typeof id === 'string'))];
	},
	add(doc: Y.Doc, claimId: string, index?: number): void {
		const order = claimOrder(doc);
		order.insert(Math.min(index ?? order.length, order.length), [claimId]);
	},
	remove(doc: Y.Doc, claimId: string): void {
		const order = claimOrder(doc);
		doc.transact(() => {
			for (let i = order.length - 1; i >= 0; i--) if (order.get(i) === claimId) order.delete(i, 1);
		});
	},
	/** Move to `index` in the deduplicated order. */
	move(doc: Y.Doc, claimId: string, index: number): void {
		doc.transact(() => {
			claims.remove(doc, claimId);
			const ids = claims.ids(doc);
			const target = Math.max(0, Math.min(index, ids.length));
			// Translate the position among unique ids into a raw array index.
			const before = ids[target - 1];
			const order = claimOrder(doc);
			let raw = 0;
			if (before !== undefined) raw = order.toArray().indexOf(before) + 1;
			order.insert(raw, [claimId]);
		});
	},
	observe(doc: Y.Doc, fn: () => void): () => void {
		const order = claimOrder(doc);
		order.observe(fn);
		return () => order.unobserve(fn);
	}
};

/** Every fixed line id, then every claim's line id, in reading order. */
export function allLineIds(doc: Y.Doc): string[] {
	return [...PROPOSITION_LINES.map((l) => l.id), ...claims.ids(doc).map(claimLineId)];
}

/**
 * Characters present in the given lines, per Yjs client id that inserted them.
 * Walks the text items directly: Yjs keeps the inserting client on each item,
 * which is exactly the attribution we want and costs nothing extra to store.
 */
export function charactersByClient(doc: Y.Doc, lineIds: readonly string[]): Map<number, number> {
	const counts = new Map<number, number>();
	const visit = (node: Y.XmlFragment | Y.XmlElement, depth = 0) => {
		if (depth > LINE_DEPTH_MAX) return;
		node.forEach((child) => {
			if (child instanceof Y.XmlText) {
				for (let item = child._start; item !== null; item = item.right) {
					if (!item.deleted && item.content instanceof Y.ContentString) {
						counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.length);
					}
				}
			} else if (child instanceof Y.XmlElement) visit(child, depth + 1);
		});
	};
	for (const lineId of lineIds) visit(lineFragment(doc, lineId));
	return counts;
}

/**
 * Plain text of a line, for exports, hashes and tests, read through the editor's
 * schema: paragraphs join with a newline, a hard break is a newline, list items
 * read as "- item" or "1. item". Never string surgery on XmlText.toString(),
 * which would swallow anything typed between "<" and ">".
 */
export function lineText(doc: Y.Doc, lineId: string): string {
	return blockLines(lineNode(lineFragment(doc, lineId))).join('\n');
}

/**
 * The line as a ProseMirror document. Not y-tiptap's reader: that one deletes
 * elements it cannot parse and merges texts, and a read must never write.
 */
function lineNode(fragment: Y.XmlFragment): PMNode {
	const schema = lineSchema();
	const toNode = (element: Y.XmlElement, depth: number): PMNode | null => {
		const type = schema.nodes[element.nodeName];
		if (!type || type === schema.topNodeType || depth > LINE_DEPTH_MAX) return null;
		const children: PMNode[] = [];
		element.forEach((child) => {
			if (child instanceof Y.XmlElement) {
				const node = toNode(child, depth + 1);
				if (node) children.push(node);
			} else if (child instanceof Y.XmlText) {
				for (const op of child.toDelta() as { insert?: unknown }[]) {
					if (typeof op.insert === 'string' && op.insert) children.push(schema.text(op.insert));
				}
			}
		});
		try {
			// As y-tiptap builds it: unknown attributes ignored, a missing required one drops the node.
			return type.create(lineAttributes(element), children);
		} catch {
			return null;
		}
	};
	const blocks = fragment.toArray().flatMap((child) => (child instanceof Y.XmlElement ? (toNode(child, 1) ?? []) : []));
	return schema.topNodeType.create(null, blocks);
}

/** An ordered list's number starts at a whole number a person would type; anything else starts at 1. */
const LIST_START_MAX = 1_000_000;

function lineAttributes(element: Y.XmlElement): Record<string, unknown> {
	const attrs: Record<string, unknown> = { ...element.getAttributes() };
	if (element.nodeName === 'orderedList') {
		const start = attrs.start;
		attrs.start = typeof start === 'number' && Number.isInteger(start) && Math.abs(start) <= LIST_START_MAX ? start : 1;
	}
	return attrs;
}

function blockLines(node: PMNode): string[] {
	const lines: string[] = [];
	node.forEach((child) => {
		if (child.isTextblock) {
			lines.push(child.textBetween(0, child.content.size, undefined, (leaf) => (leaf.type.spec.linebreakReplacement ? '\n' : '')));
		} else if (child.type.name === 'bulletList' || child.type.name === 'orderedList') {
			const start = typeof child.attrs.start === 'number' ? child.attrs.start : 1;
			child.forEach((item, _offset, index) => {
				const marker = child.type.name === 'orderedList' ? `${start + index}. ` : '- ';
				const inner = blockLines(item);
				lines.push(...(inner.length ? inner : ['']).map((line, i) => (i === 0 ? marker : ' '.repeat(marker.length)) + line));
			});
		} else lines.push(...blockLines(child));
	});
	return lines.flatMap((line) => line.split('\n'));
}

/** Fields every co-edited record carries, so its author's team is always visible. */
export interface Authored {
	id: string;
	authorId: string;
	authorTeam: Team | null;
	createdAt: number;
}

export interface Note extends Authored {
	column: string;
	text: string;
	/** Position within its column; fractional so moves need no renumbering. */
	order: number;
	/** Proposition line this note supports or challenges, if linked. */
	lineId: string;
}

export interface Phrasing extends Authored {
	lineId: string;
	text: string;
}

export interface Scenario extends Authored {
	title: string;
	objection: string;
}

export interface GlossaryEntry extends Authored {
	marketingSays: string;
	salesSays: string;
	weSay: string;
	definition: string;
	example: string;
}

/** A named frame on the canvas; the notes inside it are its members. */
export interface Cluster extends Authored {
	title: string;
	rect: Rect;
}

/** A line between two cards (node keys), with an optional label such as "answers". */
export interface Connector extends Authored {
	from: string;
	to: string;
	label: string;
}

export const HORIZONS = ['week', 'month', 'quarter', 'year'] as const;
export type Horizon = (typeof HORIZONS)[number];

export interface Metric extends Authored {
	name: string;
	measures: string;
	/** A team id, or 'both'. */
	ownerTeam: string;
	target: string;
	horizon: Horizon;
	source: string;
	/** Both teams commit to it. */
	sharedCommitment: boolean;
}

export const HANDOFF_STATUSES = ['proposed', 'required', 'optional', 'dropped'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export interface HandoffField extends Authored {
	field: string;
	/** Team ids that want this field on every lead. */
	wantedBy: string[];
	status: HandoffStatus;
}

export type MaterialsStatus = 'todo' | 'in-progress' | 'ready';

export interface Milestone extends Authored {
	title: string;
	phase: Phase;
	anchor: Anchor;
	offsetDays: number;
	/** YYYY-MM-DD when anchored to a fixed date. */
	date: string;
	/** Local time of day (HH:MM) in the campaign's time zone, for calendars. */
	time: string;
	durationMinutes: number;
	ownerTeam: string;
	channel: string;
	callToAction: string;
	/** e.g. "20 calls and 10 emails per rep per day" */
	targets: string;
	materials: string;
	materialsStatus: MaterialsStatus;
}

type Fields<T extends Authored> = Omit<T, keyof Authored>;

const AUTHORED_DEFAULTS: Omit<Authored, 'id'> = { authorId: '', authorTeam: null, createdAt: 0 };

/**
 * A keyed collection of records, each a Y.Map so that two people editing
 * different fields of one record both keep their change. Reads coerce every
 * field to the type of its default: a modified client writing junk cannot
 * break other people's screens.
 */
export class Collection<T extends Authored> {
	constructor(
		readonly map: Y.Map<Y.Map<unknown>>,
		private readonly defaults: Fields<T>,
		/** String fields stored as Y.Text, so several people can type in them at once. */
		private readonly textFields: readonly (keyof Fields<T> & string)[] = [],
		/** Field rules beyond the type (allowed values, ranges), applied after coercion. */
		private readonly sanitize: (record: T) => T = (record) => record
	) {}

	add(item: T): void {
		const record = new Y.Map<unknown>();
		for (const [key, value] of Object.entries(item)) {
			record.set(key, this.textFields.includes(key as never) ? new Y.Text(String(value)) : value);
		}
		this.map.set(item.id, record);
	}

	/** The shared text of a text field, for binding an input to it. */
	text(id: string, field: keyof Fields<T> & string): Y.Text | null {
		const value = this.map.get(id)?.get(field);
		return value instanceof Y.Text ? value : null;
	}

	observe(fn: () => void): () => void {
		this.map.observeDeep(fn);
		return () => this.map.unobserveDeep(fn);
	}

	update(id: string, patch: Partial<Fields<T>>): boolean {
		const record = this.map.get(id);
		if (!(record instanceof Y.Map)) return false;
		const apply = () => {
			for (const [key, value] of Object.entries(patch)) record.set(key, value);
		};
		if (record.doc) record.doc.transact(apply);
		else apply();
		return true;
	}

	remove(id: string): void {
		this.map.delete(id);
	}

	get(id: string): T | undefined {
		const record = this.map.get(id);
		return record instanceof Y.Map ? this.read(id, record) : undefined;
	}

	list(): T[] {
		const items: T[] = [];
		this.map.forEach((record, id) => {
			if (record instanceof Y.Map) items.push(this.read(id, record));
		});
		return items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	}

	private read(id: string, record: Y.Map<unknown>): T {
		const out: Record<string, unknown> = { id };
		const all: Record<string, unknown> = { ...AUTHORED_DEFAULTS, ...this.defaults };
		for (const [key, fallback] of Object.entries(all)) {
			out[key] = coerce(record.get(key), fallback);
		}
		if (!isTeam(out.authorTeam)) out.authorTeam = null;
		return this.sanitize(out as T);
	}
}

function coerce(value: unknown, fallback: unknown): unknown {
	if (value === undefined) return fallback;
	if (value instanceof Y.Text && typeof fallback === 'string') return value.toString();
	if (Array.isArray(fallback)) return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : fallback;
	if (fallback === null) return typeof value === 'string' ? value : null;
	// NaN and the infinities are numbers too, but no sum, sort or date survives them.
	if (typeof fallback === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	// Objects (a frame's rect) must be plain records: null and arrays are objects as well.
	if (typeof fallback === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType) ? value : fallback;
	return typeof value === typeof fallback ? value : fallback;
}

/** `value` when it is one of `allowed`, else `fallback`. */
function oneOf<V extends string>(value: string, allowed: readonly V[], fallback: V): V {
	return (allowed as readonly string[]).includes(value) ? (value as V) : fallback;
}

const PHASE_IDS = PHASES.map((p) => p.id);
const MATERIALS_STATUSES: readonly MaterialsStatus[] = ['todo', 'in-progress', 'ready'];

/** A milestone as the rules, the calendar and the exports can use it, whatever was written. */
function saneMilestone(m: Milestone): Milestone {
	return {
		...m,
		phase: oneOf(m.phase, PHASE_IDS, 'other'),
		anchor: oneOf(m.anchor, ANCHORS, 'launch'),
		offsetDays: clampOffsetDays(m.offsetDays),
		date: isIsoDate(m.date) ? m.date : '',
		time: isTimeOfDay(m.time) ? m.time : '09:00',
		durationMinutes: clampDuration(m.durationMinutes),
		materialsStatus: oneOf(m.materialsStatus, MATERIALS_STATUSES, 'todo')
	};
}

export const content = {
	notes: (doc: Y.Doc) =>
		new Collection<Note>(doc.getMap(CONTENT_ROOTS.notes), { column: '', text: '', order: 0, lineId: '' }, ['text']),
	phrasings: (doc: Y.Doc) => new Collection<Phrasing>(doc.getMap(CONTENT_ROOTS.phrasings), { lineId: '', text: '' }, ['text']),
	scenarios: (doc: Y.Doc) => new Collection<Scenario>(doc.getMap(CONTENT_ROOTS.scenarios), { title: '', objection: '' }, ['objection']),
	glossary: (doc: Y.Doc) =>
		new Collection<GlossaryEntry>(
			doc.getMap(CONTENT_ROOTS.glossary),
			{ marketingSays: '', salesSays: '', weSay: '', definition: '', example: '' },
			['marketingSays', 'salesSays', 'weSay', 'definition', 'example']
		),
	metrics: (doc: Y.Doc) =>
		new Collection<Metric>(
			doc.getMap(CONTENT_ROOTS.metrics),
			{ name: '', measures: '', ownerTeam: 'both', target: '', horizon: 'month', source: '', sharedCommitment: false },
			['name', 'measures', 'target', 'source'],
			(m) => ({ ...m, horizon: oneOf(m.horizon, HORIZONS, 'month') })
		),
	handoff: (doc: Y.Doc) =>
		new Collection<HandoffField>(doc.getMap(CONTENT_ROOTS.handoff), { field: '', wantedBy: [], status: 'proposed' }, ['field'], (f) => ({
			...f,
			wantedBy: [...new Set(f.wantedBy)].filter(isTeam),
			status: oneOf(f.status, HANDOFF_STATUSES, 'proposed')
		})),
	timeline: (doc: Y.Doc) =>
		new Collection<Milestone>(
			doc.getMap(CONTENT_ROOTS.timeline),
			{
				title: '',
				phase: 'other',
				anchor: 'launch',
				offsetDays: 0,
				date: '',
				time: '09:00',
				durationMinutes: 60,
				ownerTeam: 'sales',
				channel: 'meeting',
				callToAction: '',
				targets: '',
				materials: '',
				materialsStatus: 'todo'
			},
			['title', 'callToAction', 'targets', 'materials'],
			saneMilestone
		),
	handoffTerms: (doc: Y.Doc) => ({
		followUp: doc.getText(CONTENT_ROOTS.handoffFollowUp),
		feedback: doc.getText(CONTENT_ROOTS.handoffFeedback)
	}),
	/** A note and everything on the canvas that hangs off it: its place and its connectors. */
	removeNote(doc: Y.Doc, noteId: string): void {
		const key = nodeKey('note', noteId);
		doc.transact(() => {
			content.notes(doc).remove(noteId);
			canvasPlaces(doc).delete(key);
			const connectors = canvas.connectors(doc);
			for (const c of connectors.list()) if (c.from === key || c.to === key) connectors.remove(c.id);
		});
	},
	campaign: {
		read(doc: Y.Doc): Campaign {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			const text = (key: string, fallback: string) => {
				const value = map.get(key);
				return typeof value === 'string' ? value : fallback;
			};
			// Only values the campaign form would save: a real date, a zone the runtime knows.
			const date = (key: string) => (isIsoDate(text(key, '')) ? text(key, '') : '');
			const timeZone = text('timeZone', 'UTC');
			return { launchDate: date('launchDate'), endDate: date('endDate'), timeZone: isTimeZone(timeZone) ? timeZone : 'UTC' };
		},
		write(doc: Y.Doc, patch: Partial<Campaign>): void {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			doc.transact(() => {
				for (const [key, value] of Object.entries(patch)) map.set(key, value);
			});
		},
		observe(doc: Y.Doc, fn: () => void): () => void {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			map.observe(fn);
			return () => map.unobserve(fn);
		}
	}
};

const canvasPlaces = (doc: Y.Doc) => doc.getMap<unknown>(CONTENT_ROOTS.places);
const DEFAULT_FRAME: Rect = { x: 0, y: 0, w: CLUSTER_MIN.w * 2, h: CLUSTER_MIN.h * 2 };

/**
 * The free canvas over the same notes as the columns. Everything read here is
 * sanitised: a modified client writing NaN or a huge number cannot break
 * anyone's view. Cards without a place stand where the layout puts them.
 */
export const canvas = {
	places(doc: Y.Doc): Map<string, Point> {
		const places = new Map<string, Point>();
		canvasPlaces(doc).forEach((value, key) => {
			const point = sanitizePoint(value);
			if (point) places.set(key, point);
		});
		return places;
	},
	/** Several cards move in one transaction: a group or a cluster arrives whole on every screen. */
	place(doc: Y.Doc, entries: Iterable<readonly [string, Point]>): void {
		const places = canvasPlaces(doc);
		doc.transact(() => {
			for (const [key, point] of entries) {
				const safe = sanitizePoint(point);
				if (safe) places.set(key, safe);
			}
		});
	},
	clusters: (doc: Y.Doc) => new Collection<Cluster>(doc.getMap(CONTENT_ROOTS.clusters), { title: '', rect: DEFAULT_FRAME }, ['title']),
	readClusters(doc: Y.Doc): Cluster[] {
		return canvas.clusters(doc)
			.list()
			.map((cluster) => ({ ...cluster, rect: sanitizeRect(cluster.rect) ?? DEFAULT_FRAME }));
	},
	connectors: (doc: Y.Doc) => new Collection<Connector>(doc.getMap(CONTENT_ROOTS.connectors), { from: '', to: '', label: '' }),
	observe(doc: Y.Doc, fn: () => void): () => void {
		const maps = [canvasPlaces(doc), doc.getMap(CONTENT_ROOTS.clusters), doc.getMap(CONTENT_ROOTS.connectors)];
		for (const map of maps) map.observeDeep(fn);
		return () => maps.forEach((map) => map.unobserveDeep(fn));
	}
};

// ---------------------------------------------------------------- control

/** Someone who has joined the workshop, as the server records them in `control`. */
export interface ParticipantInfo {
	id: string;
	name: string;
	team: Team | null;
	role: Role;
	joinedAt: number;
	/** Removed by the facilitator: hidden from the roster, their session revoked. */
	removed?: boolean;
}

export type { TimerState } from '../domain/timer.js';

/** "Bring everyone here": a counter bump that makes every client look at `stageId`. */
export interface Summon {
	stageId: string;
	at: number;
	/** The facilitator's canvas view (centre and zoom), when they summoned from the canvas. */
	view?: Viewport | null;
}

/** A private brainstorm round: notes go to the server only, until revealed. */
export interface PrivateRound {
	active: boolean;
	startedAt: number;
	/** How many private notes have been written in this round (not what they say). */
	count: number;
}

/** A vote on one proposition line, as published by the server. Ballots never appear here. */
export interface VoteState {
	id: string;
	lineId: string;
	lineLabel: string;
	kind: VoteKind;
	budget: number;
	allowStacking: boolean;
	/** Named (open) vote: who voted what is shown after the reveal. Chosen before opening. */
	named: boolean;
	status: 'open' | 'closed' | 'revealed';
	/** The candidates as they were when the vote opened; later edits do not change them. */
	options: VoteOption[];
	/** How many people have voted (never what). */
	voters: number;
	openedAt: number;
	results: VoteResults | null;
	/** Named votes only, after the reveal. */
	ballots: { name: string; team: Team | null; allocation: Allocation }[] | null;
	adopted: { optionId: string; at: number } | null;
}

/** A stress-test rating round over the proposition's claims. */
export interface RatingRound {
	id: string;
	status: 'open' | 'closed' | 'revealed';
	claims: { id: string; label: string; text: string }[];
	/** Scenarios the round is pinned to (empty: all of them). */
	scenarioIds: string[];
	raters: number;
	openedAt: number;
	results: RatingResults | null;
	/** Claims sent back to the Draft stage with their finding. */
	sentBack: string[];
}

/** A saved version, as listed to everyone (its documents live in storage). */
export interface VersionInfo {
	id: string;
	name: string;
	authorName: string;
	authorTeam: Team | null;
	createdAt: number;
	hash: string;
	/** How `hash` was computed (server/versions.ts HASH_SCHEME); absent on versions saved with scheme 1. */
	hashScheme?: number;
}

/** A signer's signature on one version: who, when, and the version's content hash. Written by the server only. */
export interface Signoff {
	signerId: string;
	signerName: string;
	versionId: string;
	versionHash: string;
	/** The signed version's `hashScheme`; absent for scheme 1. */
	hashScheme?: number;
	signedAt: number;
}

/** Which participant and team a Yjs client id belongs to, as the server saw it. */
export interface ClientAuthor {
	participantId: string;
	team: Team | null;
}

export interface ControlState {
	agenda: Stage[];
	columns: BoardColumn[];
	currentStageId: string;
	frozen: boolean;
	timer: TimerState | null;
	summon: Summon | null;
	privateRound: PrivateRound | null;
	/** Stage id → ids of participants who said they are done with it. */
	done: Record<string, string[]>;
	participants: ParticipantInfo[];
	votes: VoteState[];
	ratings: RatingRound[];
	versions: VersionInfo[];
	/** Participant ids the facilitator named to sign. */
	signers: string[];
	exportPolicy: ExportPolicy;
	/** The server cannot write to its storage right now (it keeps everything and retries). */
	savingFails: boolean;
	signoffs: Signoff[];
}

const CONTROL_ROOTS = {
	/** agenda, currentStageId, frozen, timer: small JSON values replaced whole. */
	room: 'room',
	participants: 'participants',
	votes: 'votes',
	ratings: 'ratings',
	versions: 'versions',
	signoffs: 'signoffs',
	/** Yjs client id (as a string key) → ClientAuthor. */
	authors: 'authors',
	/** `${stageId} ${participantId}` → true */
	done: 'done'
} as const;

function room(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(CONTROL_ROOTS.room);
}

/** A plain snapshot of `control` for rendering. Values are written only by the server. */
export function readControl(doc: Y.Doc): ControlState {
	const r = room(doc);
	const agenda = (r.get('agenda') as Stage[] | undefined) ?? [];
	return {
		agenda,
		columns: (r.get('columns') as BoardColumn[] | undefined) ?? DEFAULT_COLUMNS.map((c) => ({ ...c })),
		currentStageId: (r.get('currentStageId') as string | undefined) ?? agenda[0]?.id ?? '',
		frozen: r.get('frozen') === true,
		savingFails: r.get('savingFails') === true,
		timer: (r.get('timer') as TimerState | undefined) ?? null,
		summon: (r.get('summon') as Summon | undefined) ?? null,
		privateRound: (r.get('privateRound') as PrivateRound | undefined) ?? null,
		done: readDone(doc),
		participants: [...doc.getMap<ParticipantInfo>(CONTROL_ROOTS.participants).values()].sort(
			(a, b) => a.joinedAt - b.joinedAt
		),
		// Results revealed by earlier versions are read into today's shape.
		votes: [...doc.getMap<VoteState>(CONTROL_ROOTS.votes).values()]
			.map((v) => ({ ...v, results: readVoteResults(v.results) }))
			.sort((a, b) => a.openedAt - b.openedAt),
		ratings: [...doc.getMap<RatingRound>(CONTROL_ROOTS.ratings).values()]
			.map((r) => ({ ...r, results: readRatingResults(r.results) }))
			.sort((a, b) => a.openedAt - b.openedAt),
		versions: [...doc.getMap<VersionInfo>(CONTROL_ROOTS.versions).values()].sort((a, b) => a.createdAt - b.createdAt),
		signers: (r.get('signers') as string[] | undefined) ?? [],
		exportPolicy: EXPORT_POLICIES.includes(r.get('exportPolicy') as ExportPolicy) ? (r.get('exportPolicy') as ExportPolicy) : 'leaders',
		signoffs: [...doc.getMap<Signoff>(CONTROL_ROOTS.signoffs).values()].sort((a, b) => a.signedAt - b.signedAt)
	};
}

function readDone(doc: Y.Doc): Record<string, string[]> {
	const done: Record<string, string[]> = {};
	doc.getMap<boolean>(CONTROL_ROOTS.done).forEach((value, key) => {
		const [stageId, participantId] = key.split(' ');
		if (value && stageId && participantId) (done[stageId] ??= []).push(participantId);
	});
	return done;
}

/** The team behind each Yjs client id that has written to `content`. */
export function readAuthors(doc: Y.Doc): Map<number, Team | null> {
	const teams = new Map<number, Team | null>();
	doc.getMap<ClientAuthor>(CONTROL_ROOTS.authors).forEach((author, client) => {
		teams.set(Number(client), isTeam(author?.team) ? author.team : null);
	});
	return teams;
}

/** Server-side writers. Clients never call these: their writes to `control` are dropped. */
export const controlWriters = {
	setAgenda(doc: Y.Doc, agenda: Stage[], currentStageId?: string): void {
		doc.transact(() => {
			room(doc).set('agenda', agenda);
			if (currentStageId !== undefined) room(doc).set('currentStageId', currentStageId);
		});
	},
	setCurrentStage(doc: Y.Doc, stageId: string): void {
		room(doc).set('currentStageId', stageId);
	},
	setSavingFails(doc: Y.Doc, failing: boolean): void {
		room(doc).set('savingFails', failing);
	},
	setFrozen(doc: Y.Doc, frozen: boolean): void {
		room(doc).set('frozen', frozen);
	},
	setTimer(doc: Y.Doc, timer: TimerState | null): void {
		room(doc).set('timer', timer);
	},
	setSummon(doc: Y.Doc, summon: Summon): void {
		room(doc).set('summon', summon);
	},
	setPrivateRound(doc: Y.Doc, round: PrivateRound | null): void {
		room(doc).set('privateRound', round);
	},
	setDone(doc: Y.Doc, stageId: string, participantId: string, done: boolean): void {
		const key = `${stageId} ${participantId}`;
		if (done) doc.getMap<boolean>(CONTROL_ROOTS.done).set(key, true);
		else doc.getMap<boolean>(CONTROL_ROOTS.done).delete(key);
	},
	setColumns(doc: Y.Doc, columns: BoardColumn[]): void {
		room(doc).set('columns', columns);
	},
	/** Record authors of client ids not seen before; the first attribution of a client id stands. */
	recordAuthors(doc: Y.Doc, entries: ReadonlyMap<number, ClientAuthor>): void {
		const authors = doc.getMap<ClientAuthor>(CONTROL_ROOTS.authors);
		for (const [client, author] of entries) if (!authors.has(String(client))) authors.set(String(client), author);
	},
	putVote(doc: Y.Doc, vote: VoteState): void {
		doc.getMap<VoteState>(CONTROL_ROOTS.votes).set(vote.id, vote);
	},
	addVersion(doc: Y.Doc, version: VersionInfo): void {
		doc.getMap<VersionInfo>(CONTROL_ROOTS.versions).set(version.id, version);
	},
	setExportPolicy(doc: Y.Doc, policy: ExportPolicy): void {
		room(doc).set('exportPolicy', policy);
	},
	setSigners(doc: Y.Doc, signers: string[]): void {
		room(doc).set('signers', signers);
	},
	/** One signature per signer: signing again replaces the earlier one. */
	sign(doc: Y.Doc, signoff: Signoff): void {
		doc.getMap<Signoff>(CONTROL_ROOTS.signoffs).set(signoff.signerId, signoff);
	},
	putRatingRound(doc: Y.Doc, round: RatingRound): void {
		doc.getMap<RatingRound>(CONTROL_ROOTS.ratings).set(round.id, round);
	},
	upsertParticipant(doc: Y.Doc, participant: ParticipantInfo): void {
		doc.getMap<ParticipantInfo>(CONTROL_ROOTS.participants).set(participant.id, participant);
	}
};
