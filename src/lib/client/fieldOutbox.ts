/**
 * The phone's outbox of field writes the server has not acknowledged yet (no Svelte, no DOM):
 * a log made offline waits here, survives a reload (the store is IndexedDB in the browser)
 * and is sent when the network is back. Each log carries the id the device made, so a resend
 * after a lost answer is stored once on the server. One entry per log id: an edit or a delete
 * made before the first send went out replaces what was waiting.
 */
import type { IntentPayload } from '$lib/protocol/intents';

export type OutboxAction =
	| { type: 'field.log'; payload: IntentPayload<'field.log'> }
	| { type: 'field.handoff'; payload: IntentPayload<'field.handoff'> }
	| { type: 'field.deleteLog'; payload: IntentPayload<'field.deleteLog'> };

export interface OutboxEntry {
	/** `<workshopId>:<log id>`: one entry per log. */
	key: string;
	workshopId: string;
	logId: string;
	action: OutboxAction;
	queuedAt: number;
	attempts: number;
	/** Not before this time (backing off after failures). */
	nextAttemptAt: number;
}

/** Where entries are kept: IndexedDB in the browser, a Map in tests. */
export interface OutboxStore {
	all(): Promise<OutboxEntry[]>;
	put(entry: OutboxEntry): Promise<void>;
	delete(key: string): Promise<void>;
}

/** What the server answered: an HTTP status (0: no answer at all) and its error, if any. */
export interface SendAnswer {
	status: number;
	code?: string;
	message?: string;
}

export type Verdict = 'done' | 'retry' | 'refused';

/**
 * Accepted: gone from the outbox. No answer, a server error or "slow down": keep and try
 * again later. Any other refusal will not change by resending (a locked log, a closed
 * phase, a claim not signed): drop it and tell the person.
 */
export function verdictOf(answer: SendAnswer, action: OutboxAction['type']): Verdict {
	if (answer.status >= 200 && answer.status < 300) return 'done';
	// Deleting a log the server never stored (it was deleted already, or never arrived) is done.
	if (action === 'field.deleteLog' && answer.status === 404) return 'done';
	if (answer.status === 0 || answer.status >= 500 || answer.status === 429 || answer.status === 408) return 'retry';
	return 'refused';
}

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;

/** 1 s, 2 s, 4 s … up to a minute; `random` spreads a field of phones coming back at once. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
	return Math.round(base * (0.75 + random() * 0.5));
}

export function entryKey(workshopId: string, logId: string): string {
	return `${workshopId}:${logId}`;
}

/** A refusal the person should see: which log and why. */
export interface Refusal {
	logId: string;
	action: OutboxAction['type'];
	message: string;
}

export interface OutboxOptions {
	workshopId: string;
	store: OutboxStore;
	send: (action: OutboxAction) => Promise<SendAnswer>;
	now?: () => number;
	random?: () => number;
	/** Called after every change, with the entries still waiting (oldest first). */
	onChange?: (waiting: OutboxEntry[], refusals: Refusal[]) => void;
}

export class Outbox {
	private entries = new Map<string, OutboxEntry>();
	private refusals: Refusal[] = [];
	private flushing: Promise<void> | null = null;
	private again = false;
	private readonly now: () => number;
	private readonly random: () => number;

	constructor(private readonly options: OutboxOptions) {
		this.now = options.now ?? Date.now;
		this.random = options.random ?? Math.random;
	}

	/** Read what a previous page (or an earlier visit) left waiting for this workshop. */
	async load(): Promise<void> {
		for (const entry of await this.options.store.all()) if (entry.workshopId === this.options.workshopId) this.entries.set(entry.key, entry);
		this.changed();
	}

	get waiting(): OutboxEntry[] {
		return [...this.entries.values()].sort((a, b) => a.queuedAt - b.queuedAt);
	}

	get refused(): Refusal[] {
		return this.refusals;
	}

	dismissRefusals(): void {
		this.refusals = [];
		this.changed();
	}

	/** Queue a write (replacing what waited for the same log), then try to send. */
	async add(action: OutboxAction): Promise<void> {
		const logId = action.payload.id;
		const key = entryKey(this.options.workshopId, logId);
		const earlier = this.entries.get(key);
		const entry: OutboxEntry = { key, workshopId: this.options.workshopId, logId, action, queuedAt: earlier?.queuedAt ?? this.now(), attempts: 0, nextAttemptAt: 0 };
		this.entries.set(key, entry);
		await this.options.store.put(entry);
		this.changed();
		await this.flush();
	}

	/** Send every entry that is due, oldest first; one flush at a time. `force` ignores the back-off (back online). */
	flush(force = false): Promise<void> {
		if (this.flushing) {
			// Something was queued while a send was in flight: go round once more after it.
			this.again ||= true;
			return this.flushing;
		}
		this.flushing = (async () => {
			do {
				this.again = false;
				await this.sendDue(force);
			} while (this.again);
		})().finally(() => (this.flushing = null));
		return this.flushing;
	}

	/** When the next entry is due (ms from now), or null when nothing waits. */
	nextDueIn(): number | null {
		const waiting = this.waiting;
		if (waiting.length === 0) return null;
		return Math.max(0, Math.min(...waiting.map((e) => e.nextAttemptAt)) - this.now());
	}

	private async sendDue(force: boolean): Promise<void> {
		for (const entry of this.waiting) {
			if (!force && entry.nextAttemptAt > this.now()) continue;
			let answer: SendAnswer;
			try {
				answer = await this.options.send(entry.action);
			} catch {
				answer = { status: 0 };
			}
			// An edit queued while this was in flight replaced the entry: keep the newer one.
			if (this.entries.get(entry.key) !== entry) continue;
			const verdict = verdictOf(answer, entry.action.type);
			if (verdict === 'retry') {
				const attempts = entry.attempts + 1;
				const next = { ...entry, attempts, nextAttemptAt: this.now() + backoffMs(attempts, this.random) };
				this.entries.set(entry.key, next);
				await this.options.store.put(next);
				this.changed();
				// The network is down or the server is struggling: the rest would fail the same way.
				if (answer.status === 0 || answer.status === 429) return;
				continue;
			}
			this.entries.delete(entry.key);
			await this.options.store.delete(entry.key);
			if (verdict === 'refused') this.refusals = [...this.refusals, { logId: entry.logId, action: entry.action.type, message: answer.message || `The server refused it (${answer.status}).` }];
			this.changed();
		}
	}

	private changed(): void {
		this.options.onChange?.(this.waiting, this.refusals);
	}
}

/** Entries kept in memory only (tests, and browsers without IndexedDB such as some private modes). */
export function memoryOutboxStore(): OutboxStore & { entries: Map<string, OutboxEntry> } {
	const entries = new Map<string, OutboxEntry>();
	return {
		entries,
		all: async () => [...entries.values()].map((e) => structuredClone(e)),
		put: async (entry) => void entries.set(entry.key, structuredClone(entry)),
		delete: async (key) => void entries.delete(key)
	};
}
