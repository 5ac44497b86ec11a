/** What the canvas adds to the shared document: notes, clusters, connectors. */
import type * as Y from 'yjs';
import { newId } from '$lib/client/ids';
import { canvas, content, type Connector } from '$lib/doc/schema';
import { endOfColumn, type BoardColumn, type Placed } from '$lib/domain/board';
import { NOTE_SIZE, frameAround, nodeKey, type Point, type Rect } from '$lib/domain/canvas';
import type { Team } from '$lib/domain/teams';

export interface Author {
	id: string;
	team: Team | null;
}

/** A new empty note, last in the first column, centred on `middle`; returns its node key. */
export function addNoteAt(doc: Y.Doc, author: Author, notes: Placed[], columns: readonly BoardColumn[], middle: Point): string | null {
	const column = columns[0];
	if (!column) return null;
	const id = newId();
	const { order } = endOfColumn(notes, column.id, columns);
	doc.transact(() => {
		content.notes(doc).add({ id, authorId: author.id, authorTeam: author.team, createdAt: Date.now(), text: '', lineId: '', column: column.id, order });
		canvas.place(doc, [[nodeKey('note', id), { x: middle.x - NOTE_SIZE.w / 2, y: middle.y - NOTE_SIZE.h / 2 }]]);
	});
	return nodeKey('note', id);
}

/** A new cluster framing `cards`, or a default-sized one centred on `middle`; returns its id. */
export function addClusterAround(doc: Y.Doc, author: Author, cards: readonly Rect[], middle: Point): string {
	const rect = frameAround(cards) ?? { x: middle.x - 200, y: middle.y - 150, w: 400, h: 300 };
	const id = newId();
	canvas.clusters(doc).add({ id, authorId: author.id, authorTeam: author.team, createdAt: Date.now(), title: 'New cluster', rect });
	return id;
}

/** The connector between two cards, in either direction: the existing one, or a new one. */
export function connectCards(doc: Y.Doc, author: Author, existing: readonly Connector[], from: string, to: string): string {
	const found = existing.find((c) => (c.from === from && c.to === to) || (c.from === to && c.to === from));
	if (found) return found.id;
	const id = newId();
	canvas.connectors(doc).add({ id, authorId: author.id, authorTeam: author.team, createdAt: Date.now(), from, to, label: '' });
	return id;
}

/** Write dragged cards and frames to the shared document in one transaction. */
export function writePlaces(doc: Y.Doc, cards: ReadonlyMap<string, Point>, frames: ReadonlyMap<string, Rect>): void {
	if (cards.size === 0 && frames.size === 0) return;
	const clusters = canvas.clusters(doc);
	doc.transact(() => {
		canvas.place(doc, cards);
		for (const [id, rect] of frames) clusters.update(id, { rect });
	});
}
