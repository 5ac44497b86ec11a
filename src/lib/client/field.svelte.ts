/**
 * The field page's state in the browser: the field view (GET /api/workshops/:id/field, then
 * long-polled with `?after=<revision>`), the last view kept in IndexedDB so the page opens
 * offline, and the outbox of logs made on this phone that the server has not acknowledged.
 */
import { isApiError, type FieldResponse } from '$lib/api';
import { Outbox, backoffMs, type OutboxAction, type OutboxEntry, type OutboxStore, type Refusal, type SendAnswer } from './fieldOutbox';
import { myLogs, type MyLog } from './fieldMine';
import { outboxStore, readCachedField, writeCachedField } from './fieldStorage';

export type FieldStatus = 'loading' | 'live' | 'offline' | 'not-open' | 'failed';

/** A phase not open yet is asked again now and then, calmly. */
const NOT_OPEN_RETRY_MS = 30_000;
const POLL_BACKOFF_MAX_MS = 30_000;

export interface FieldClientOptions {
	workshopId: string;
	participantId: string;
	store?: OutboxStore;
	/** Cache the view in IndexedDB (off in component tests). */
	cache?: boolean;
}

export class FieldClient {
	data: FieldResponse | null = $state(null);
	status: FieldStatus = $state('loading');
	/** Why the page cannot show the field (failed), for people. */
	problem = $state('');
	/** The view shown came from this phone's copy, not the server (offline). */
	fromCache = $state(false);
	online = $state(true);
	waiting: OutboxEntry[] = $state([]);
	refused: Refusal[] = $state([]);
	/** Accepted writes the view does not show yet, with the revision known when they were accepted. */
	private sent: { action: OutboxAction; at: number; base: number }[] = $state([]);

	readonly outbox: Outbox;
	private stopped = false;
	private request: AbortController | null = null;
	private wake: (() => void) | null = null;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(private readonly options: FieldClientOptions) {
		this.outbox = new Outbox({
			workshopId: options.workshopId,
			store: options.store ?? outboxStore(),
			send: (action) => this.send(action),
			onChange: (waiting, refused) => {
				this.waiting = waiting;
				this.refused = refused;
			}
		});
	}

	/** The asker's logs, newest first, with what waits in the outbox laid over them. */
	get mine(): MyLog[] {
		return myLogs(this.data?.mine ?? null, this.waiting, this.sent);
	}

	/** Start fetching and sending; returns the function that stops both. */
	start(): () => void {
		this.online = typeof navigator === 'undefined' ? true : navigator.onLine;
		const onOnline = () => {
			this.online = true;
			void this.outbox.flush(true).then(() => this.scheduleRetry());
			this.wake?.();
		};
		const onOffline = () => (this.online = false);
		const onVisibility = () => {
			if (document.hidden) this.request?.abort();
			else this.wake?.();
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		document.addEventListener('visibilitychange', onVisibility);
		void this.boot();
		return () => {
			this.stopped = true;
			this.request?.abort();
			this.wake?.();
			if (this.retryTimer) clearTimeout(this.retryTimer);
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
			document.removeEventListener('visibilitychange', onVisibility);
		};
	}

	/** Queue a conversation or hand-off (new or edited) or a delete; it is sent now or when the network is back. */
	async submit(action: OutboxAction): Promise<void> {
		await this.outbox.add(action);
		this.scheduleRetry();
	}

	dismissRefusals(): void {
		this.outbox.dismissRefusals();
	}

	private async boot(): Promise<void> {
		if (this.options.cache !== false) {
			const cached = await readCachedField(this.options.workshopId).catch(() => null);
			if (cached && cached.participantId === this.options.participantId && !this.data) {
				this.data = cached.response;
				this.fromCache = true;
			}
		}
		await this.outbox.load();
		void this.outbox.flush().then(() => this.scheduleRetry());
		await this.poll();
	}

	/** The long poll: ask for anything after the revision shown; the server holds the answer until it moves. */
	private async poll(): Promise<void> {
		let failures = 0;
		while (!this.stopped) {
			if (typeof document !== 'undefined' && document.hidden) {
				await this.pause(null);
				continue;
			}
			const after = this.data && !this.fromCache ? `?after=${this.data.revision}` : '';
			const controller = new AbortController();
			this.request = controller;
			let response: Response;
			try {
				response = await fetch(`/api/workshops/${this.options.workshopId}/field${after}`, { signal: controller.signal, headers: { accept: 'application/json' } });
			} catch {
				if (this.stopped) return;
				if (controller.signal.aborted) continue; // hidden tab
				failures += 1;
				this.status = 'offline';
				await this.pause(Math.min(POLL_BACKOFF_MAX_MS, backoffMs(failures)));
				continue;
			}
			if (response.status === 204) {
				failures = 0;
				continue;
			}
			const body: unknown = await response.json().catch(() => null);
			if (response.ok && body) {
				failures = 0;
				this.accept(body as FieldResponse);
				continue;
			}
			const code = isApiError(body) ? body.error.code : '';
			if (response.status === 409 && code === 'field-not-open') {
				this.status = 'not-open';
				this.data = null;
				await this.pause(NOT_OPEN_RETRY_MS);
			} else if (response.status >= 500 || response.status === 429) {
				failures += 1;
				this.status = 'offline';
				await this.pause(Math.min(POLL_BACKOFF_MAX_MS, backoffMs(failures)));
			} else {
				// No session, removed, no such workshop: asking again will not help.
				this.status = 'failed';
				this.problem = isApiError(body) ? body.error.message : `The server answered ${response.status}.`;
				return;
			}
		}
	}

	private accept(response: FieldResponse): void {
		this.data = response;
		this.fromCache = false;
		this.status = 'live';
		this.sent = this.sent.filter((s) => s.base >= response.revision);
		if (this.options.cache !== false) void writeCachedField(this.options.workshopId, { participantId: this.options.participantId, response, savedAt: Date.now() });
	}

	/** Wait `ms` (null: until woken), cut short by coming back online, the tab showing again or stop. */
	private pause(ms: number | null): Promise<void> {
		return new Promise((resolve) => {
			const timer = ms === null ? null : setTimeout(done, ms);
			const wake = () => done();
			this.wake = wake;
			function done() {
				if (timer) clearTimeout(timer);
				resolve();
			}
		});
	}

	/** Retry what backs off when it is due (the `online` event also retries at once). */
	private scheduleRetry(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		const due = this.outbox.nextDueIn();
		if (due === null || this.stopped) return;
		this.retryTimer = setTimeout(() => void this.outbox.flush().then(() => this.scheduleRetry()), Math.max(250, due));
	}

	private async send(action: OutboxAction): Promise<SendAnswer> {
		let response: Response;
		try {
			response = await fetch(`/api/workshops/${this.options.workshopId}/intents`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ type: action.type, ...action.payload })
			});
		} catch {
			this.online = false;
			return { status: 0 };
		}
		const body: unknown = await response.json().catch(() => null);
		if (response.ok) {
			this.online = true;
			this.sent = [...this.sent, { action, at: Date.now(), base: this.data?.revision ?? 0 }];
			return { status: response.status };
		}
		return isApiError(body) ? { status: response.status, code: body.error.code, message: body.error.message } : { status: response.status };
	}
}
