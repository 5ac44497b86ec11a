/**
 * What changed in one presence tick, kept so that each connection's shown set is chosen again
 * only when something it depends on changed: in a crowd where everyone moves, most connections'
 * sets are full of people who still qualify, and choosing again would change nothing.
 */
import { MAX_SHOWN_POINTERS } from '../../src/lib/protocol/presence.js';
import { cellOf, cellsIn, inRect, viewRect, type Presence, type PresenceRecord } from './interest.js';

/** A connection's set is chosen again at least this often (recency order, quiet people replaced). */
export const RECHOOSE_MS = 2000;

export interface ShownSet {
	/** The viewer's own presence when its set was chosen (null: never chosen). */
	presence: Presence | null;
	shown: ReadonlySet<number>;
	chosenAt: number;
	/** How many of the shown were outside its view when chosen (newcomers in view may displace them). */
	outside: number;
}

export class TickChanges {
	/** Ids whose state changed or that left. */
	readonly touched = new Set<number>();
	/** Stage buckets with any change. */
	readonly stages = new Set<string>();
	/** Ids that left or changed stage. */
	private readonly departed = new Set<number>();
	/** Per stage, the cells of changed pointers. */
	private readonly moves = new Map<string, Map<string, number[]>>();
	/** Stage and line of clients whose state changed while on a line. */
	private readonly lines = new Set<string>();
	/** Stages someone arrived on or left, and stages where someone changed line. */
	private readonly arrivals = new Set<string>();
	private readonly lineMoves = new Set<string>();
	/** Clients on each stage after the tick (the router sets it; unknown stages never take the shortcut in `affects`). */
	population: ReadonlyMap<string, number> = new Map();

	record(id: number, before: Presence | null, after: Presence | null): void {
		this.touched.add(id);
		if (before) this.stages.add(before.stage);
		if (before && (!after || before.stage !== after.stage)) this.arrivals.add(before.stage);
		if (after && (!before || before.stage !== after.stage)) this.arrivals.add(after.stage);
		if (before && after && before.stage === after.stage && before.line !== after.line) this.lineMoves.add(after.stage);
		if (!after) {
			this.departed.add(id);
			return;
		}
		this.stages.add(after.stage);
		if (before && before.stage !== after.stage) this.departed.add(id);
		if (after.line !== null) this.lines.add(`${after.stage}\0${after.line}`);
		if (after.pointer) {
			let cells = this.moves.get(after.stage);
			if (!cells) this.moves.set(after.stage, (cells = new Map()));
			const key = cellOf(after.pointer);
			const ids = cells.get(key);
			if (ids) ids.push(id);
			else cells.set(key, [id]);
		}
	}

	/** Whether the viewer's shown set may differ if chosen again now. */
	affects(viewer: ShownSet, own: Iterable<number>, owns: (id: number) => boolean, records: ReadonlyMap<number, PresenceRecord>, now: number): boolean {
		if (viewer.presence === null) return true;
		const { stage, line, view } = viewer.presence;
		let ownHere = 0;
		for (const id of own) {
			if (this.touched.has(id)) return true;
			if (records.get(id)?.presence.stage === stage) ownHere += 1;
		}
		if (!this.stages.has(stage)) return false;
		// A small room: everyone else on the stage is shown, and nobody came, left or changed line
		// there. Choosing again gives the same set (a workshop of 20 would choose it 20 times a tick).
		const others = (this.population.get(stage) ?? Infinity) - ownHere;
		if (viewer.shown.size >= others && !this.arrivals.has(stage) && !this.lineMoves.has(stage)) return false;
		if (now - viewer.chosenAt >= RECHOOSE_MS || viewer.shown.size < MAX_SHOWN_POINTERS) return true;
		for (const id of viewer.shown) if (this.departed.has(id)) return true;
		if (line !== null && this.lines.has(`${stage}\0${line}`)) return true;
		if (!view) return false;
		const cells = this.moves.get(stage);
		if (!cells) return false;
		const rect = viewRect(view);
		// Newcomers in view displace only those shown for recency, outside it (some may have just left it).
		let outside = viewer.outside > 0;
		for (const id of viewer.shown) if (!outside && this.touched.has(id) && !inRect(records.get(id)?.presence.pointer ?? null, rect)) outside = true;
		if (!outside) return false;
		const keys = cellsIn(rect);
		if (!keys) return true;
		for (const key of keys) {
			for (const id of cells.get(key) ?? []) {
				if (!viewer.shown.has(id) && !owns(id) && inRect(records.get(id)?.presence.pointer ?? null, rect)) return true;
			}
		}
		return false;
	}
}

/** How many of `shown` are outside `presence`'s view (all of them without one). */
export function outsideView(presence: Presence, shown: Iterable<number>, records: ReadonlyMap<number, PresenceRecord>): number {
	const rect = presence.view ? viewRect(presence.view) : null;
	let outside = 0;
	for (const id of shown) if (!rect || !inRect(records.get(id)?.presence.pointer ?? null, rect)) outside += 1;
	return outside;
}

/** Clients per stage (TickChanges.population). */
export function populationOf(records: ReadonlyMap<number, PresenceRecord>): Map<string, number> {
	const population = new Map<string, number>();
	for (const { presence } of records.values()) population.set(presence.stage, (population.get(presence.stage) ?? 0) + 1);
	return population;
}
