/**
 * What everyone is told about everyone: the roster (each person's stage, over all their
 * connections) and the table of people and typists per stage. Changes are encoded once per tick.
 */
import { personEntry, stageEntry, TYPING_MS } from '../../src/lib/protocol/presence.js';
import type { PresenceRecord } from './interest.js';

export interface CountedClient extends PresenceRecord {
	person: string | null;
	cursorAt: number;
}

export class PresenceCounts {
	/** Person id → their stage and its encoded roster entry. */
	private readonly people = new Map<string, { stage: string; entry: Uint8Array }>();
	private readonly clientsOf = new Map<string, Set<number>>();
	private readonly perStage = new Map<string, number>();
	/** Clients whose caret moved within TYPING_MS (pruned each tick). */
	private readonly typing = new Map<number, number>();
	private lastTable = '';
	private tableEntries: Uint8Array[] = [];

	/** A client's person, as of its latest state (null: left). */
	place(id: number, before: string | null, after: string | null): void {
		if (before === after) return;
		if (before !== null) {
			const ids = this.clientsOf.get(before);
			ids?.delete(id);
			if (ids?.size === 0) this.clientsOf.delete(before);
		}
		if (after !== null) {
			let ids = this.clientsOf.get(after);
			if (!ids) this.clientsOf.set(after, (ids = new Set()));
			ids.add(id);
		}
	}

	typed(id: number, at: number): void {
		this.typing.set(id, at);
	}

	/** Re-derive the stage of `persons`; the roster entries that changed. */
	update(persons: Iterable<string>, clients: ReadonlyMap<number, CountedClient>): Uint8Array[] {
		const entries: Uint8Array[] = [];
		for (const person of persons) {
			let latest: CountedClient | undefined;
			for (const id of this.clientsOf.get(person) ?? []) {
				const client = clients.get(id);
				if (client && (!latest || client.changedAt >= latest.changedAt)) latest = client;
			}
			const stage = latest ? latest.presence.stage : null;
			const before = this.people.get(person);
			if ((before?.stage ?? null) === stage) continue;
			if (before) this.count(before.stage, -1);
			const entry = personEntry(person, stage);
			if (stage === null) this.people.delete(person);
			else {
				this.people.set(person, { stage, entry });
				this.count(stage, 1);
			}
			entries.push(entry);
		}
		return entries;
	}

	/** The whole stage table when it differs from the last one sent, else null. */
	tableIfChanged(clients: ReadonlyMap<number, CountedClient>, now: number): Uint8Array[] | null {
		const typists = new Map<string, Set<string | number>>();
		for (const [id, at] of this.typing) {
			const client = clients.get(id);
			if (!client || now - at >= TYPING_MS) {
				this.typing.delete(id);
				continue;
			}
			let set = typists.get(client.presence.stage);
			if (!set) typists.set(client.presence.stage, (set = new Set()));
			set.add(client.person ?? id);
		}
		const rows = [...this.perStage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stage, people]) => [stage, people, typists.get(stage)?.size ?? 0] as const);
		const key = JSON.stringify(rows);
		if (key === this.lastTable) return null;
		this.lastTable = key;
		this.tableEntries = rows.map(([stage, people, typing]) => stageEntry(stage, people, typing));
		return this.tableEntries;
	}

	/** When the oldest typist stops counting (a tick is due then), or null. */
	typingUntil(): number | null {
		let until: number | null = null;
		for (const at of this.typing.values()) until = Math.min(until ?? Infinity, at + TYPING_MS);
		return until;
	}

	roster(): Uint8Array[] {
		return [...this.people.values()].map(({ entry }) => entry);
	}

	table(): Uint8Array[] {
		return this.tableEntries;
	}

	private count(stage: string, delta: number): void {
		const n = (this.perStage.get(stage) ?? 0) + delta;
		if (n > 0) this.perStage.set(stage, n);
		else this.perStage.delete(stage);
	}
}
