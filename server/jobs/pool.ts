/**
 * A small pool of worker threads for heavy work (exports, version hashes and
 * comparisons), so that one large PDF cannot stall every room on the event loop.
 * Bounded three ways, each with its own answer: jobs waiting (503 `busy`),
 * time per job (the worker is terminated and replaced; 503 `job-timeout`), and
 * the size of the documents a job reads (413 `too-large`, before any work).
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fail, ok, type Result } from '../result.js';
import { log } from '../log.js';
import { runJob, type Job, type Output, type RenderFormat } from './work.js';

export interface PoolOptions {
	workers: number;
	/** Jobs waiting for a worker, beyond which new ones are refused. */
	queue: number;
	timeoutMs: number;
	/** Largest input (both documents' bytes) one job may read. */
	maxInputBytes: number;
	/** Counted in /metrics. */
	onRefused?(reason: 'busy' | 'timeout' | 'too-large' | 'failed'): void;
	/** A job answered, `ms` after it was asked for (waiting included): the export latency in /metrics. */
	onDone?(job: RenderFormat | Exclude<Job['kind'], 'render'>, ms: number): void;
}

interface Task {
	id: number;
	job: Job;
	resolve(result: Result<unknown>): void;
}

interface Slot {
	worker: Worker;
	/** Its modules are loaded: a job's time starts counting from here. */
	ready: boolean;
	task: Task | null;
	timer: NodeJS.Timeout | null;
}

/** The compiled worker beside this file; absent when the server runs from sources (vite dev, unit tests). */
const WORKER_URL = new URL('./worker.js', import.meta.url);

export class JobPool {
	private readonly slots: Slot[] = [];
	private readonly waiting: Task[] = [];
	private nextId = 1;
	private closed = false;
	/** Without a compiled worker the jobs run inline (development only). */
	private readonly inline: boolean;

	constructor(private readonly options: PoolOptions) {
		this.inline = !fs.existsSync(WORKER_URL);
		if (this.inline) log.warn('no compiled job worker found: exports run on the main thread (development only)');
		// Started now, not on the first export: loading the renderers takes a moment of CPU
		// that would otherwise land in the middle of a workshop.
		else for (let i = 0; i < options.workers; i++) this.spawn();
	}

	get queued(): number {
		return this.waiting.length;
	}

	get running(): number {
		return this.slots.filter((s) => s.task).length;
	}

	run<J extends Job>(job: J): Promise<Result<Output<J>>> {
		const started = performance.now();
		const result = this.answer(job);
		if (this.options.onDone) {
			const done = this.options.onDone;
			void result.then((r) => r.ok && done(job.kind === 'render' ? job.format : job.kind, performance.now() - started));
		}
		return result;
	}

	private answer<J extends Job>(job: J): Promise<Result<Output<J>>> {
		// A field digest carries its figures, not documents: bounded by the view it was made from.
		const size = job.kind === 'digest' ? 0 : job.docs.content.byteLength + job.docs.control.byteLength;
		if (size > this.options.maxInputBytes) {
			this.options.onRefused?.('too-large');
			return Promise.resolve(fail(413, 'too-large', `This workshop is too large to export here (${mib(size)} MiB of documents; the limit is ${mib(this.options.maxInputBytes)} MiB).`));
		}
		if (this.inline) return runJob(job).then((output) => ok(output));
		if (this.closed) return Promise.resolve(fail(503, 'busy', 'The server is shutting down.'));
		const idle = this.idleSlot();
		// Jobs wait while every worker is busy or still starting.
		if (!idle && this.waiting.length >= this.options.queue + this.starting()) {
			this.options.onRefused?.('busy');
			return Promise.resolve(fail(503, 'busy', 'The server is busy with other exports; try again in a few seconds.'));
		}
		return new Promise((resolve) => {
			const task: Task = { id: this.nextId++, job, resolve: resolve as Task['resolve'] };
			if (idle) this.start(idle, task);
			else this.waiting.push(task);
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const task of this.waiting.splice(0)) task.resolve(fail(503, 'busy', 'The server is shutting down.'));
		await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
	}

	private idleSlot(): Slot | null {
		const free = this.slots.find((s) => s.ready && !s.task);
		if (free) return free;
		if (this.slots.length < this.options.workers) this.spawn();
		return null;
	}

	private starting(): number {
		return this.slots.filter((s) => !s.ready).length;
	}

	private spawn(): Slot {
		const slot: Slot = { worker: new Worker(WORKER_URL), ready: false, task: null, timer: null };
		slot.worker.unref();
		slot.worker.on('message', (message: { ready?: true; id: number; output?: unknown; error?: string }) => {
			if (message.ready) {
				slot.ready = true;
				const next = this.waiting.shift();
				if (next) this.start(slot, next);
				return;
			}
			const task = slot.task;
			if (!task || task.id !== message.id) return;
			if (message.error !== undefined) {
				log.error('export job failed', { error: message.error });
				this.options.onRefused?.('failed');
				this.finish(slot, fail(500, 'job-failed', 'The document could not be produced.'));
			} else this.finish(slot, ok(message.output));
		});
		// A crash (out of memory, a bug) fails the job it was running; the slot is replaced.
		slot.worker.on('error', (error) => {
			log.error('export worker crashed', { error: error.message });
			this.replace(slot, fail(500, 'job-failed', 'The document could not be produced.'), 'failed');
		});
		// An exit we did not ask for (replace() forgets the slot before terminating it).
		slot.worker.on('exit', (code) => {
			if (!this.closed && this.slots.includes(slot)) {
				log.error(`export worker exited with ${code}`);
				this.replace(slot, fail(500, 'job-failed', 'The document could not be produced.'), 'failed');
			}
		});
		this.slots.push(slot);
		return slot;
	}

	private start(slot: Slot, task: Task): void {
		slot.task = task;
		slot.timer = setTimeout(() => {
			log.warn(`export job ${task.job.kind} took longer than ${this.options.timeoutMs} ms: worker terminated`);
			this.replace(slot, fail(503, 'job-timeout', 'Producing this document took too long; try again later or ask the operator.'), 'timeout');
		}, this.options.timeoutMs);
		slot.worker.postMessage({ id: task.id, job: task.job });
	}

	private finish(slot: Slot, result: Result<unknown>): void {
		const task = slot.task;
		if (slot.timer) clearTimeout(slot.timer);
		slot.task = null;
		slot.timer = null;
		task?.resolve(result);
		const next = this.waiting.shift();
		if (next) this.start(slot, next);
	}

	/** Drop a worker that is stuck or dead, answer its job, and go on with a fresh one. */
	private replace(slot: Slot, result: Result<unknown>, reason: 'timeout' | 'failed'): void {
		const index = this.slots.indexOf(slot);
		if (index < 0) return;
		this.slots.splice(index, 1);
		if (slot.timer) clearTimeout(slot.timer);
		void slot.worker.terminate();
		this.options.onRefused?.(reason);
		slot.task?.resolve(result);
		// The replacement takes the next job once it has started.
		if (!this.closed) this.spawn();
	}
}

function mib(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}
