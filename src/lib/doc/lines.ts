/** Proposition lines: rich-text fragments, their ProseMirror schema, claims' order, and text read back as typed. */
import * as Y from 'yjs';
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import { CONTENT_ROOTS, PROPOSITION_LINES } from './names.js';

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

/**
 * Copy one line from a document into another (a breakout group's copy of the room's draft, a
 * group's line adopted by the room), keeping its structure and marks. The copy is written by
 * whoever holds `to` (the server), so it counts for no team in the contribution meter. A line
 * nested too deep to copy safely is copied as its plain text.
 */
export function copyLine(from: Y.Doc, to: Y.Doc, lineId: string): void {
	if (lineTooDeep(from, lineId)) return setLineText(to, lineId, lineText(from, lineId));
	const source = lineFragment(from, lineId);
	const target = lineFragment(to, lineId);
	const copies = source.toArray().flatMap((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? [child.clone()] : []));
	to.transact(() => {
		target.delete(0, target.length);
		target.insert(0, copies);
	});
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

