/** The record collection every co-edited list is made of, with total readers. */
import * as Y from 'yjs';
import { isTeam, type Team } from '../domain/teams.js';

/** Fields every co-edited record carries, so its author's team is always visible. */
export interface Authored {
	id: string;
	authorId: string;
	authorTeam: Team | null;
	createdAt: number;
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
export function oneOf<V extends string>(value: string, allowed: readonly V[], fallback: V): V {
	return (allowed as readonly string[]).includes(value) ? (value as V) : fallback;
}

