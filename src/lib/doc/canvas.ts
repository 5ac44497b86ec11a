/** The free canvas: card places, clusters and connectors, sanitised on read. */
import * as Y from 'yjs';
import { CLUSTER_MIN, sanitizePoint, sanitizeRect, type Point, type Rect } from '../domain/canvas.js';
import { CONTENT_ROOTS } from './names.js';
import { Collection, type Authored } from './collection.js';


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

export const canvasPlaces = (doc: Y.Doc) => doc.getMap<unknown>(CONTENT_ROOTS.places);
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

