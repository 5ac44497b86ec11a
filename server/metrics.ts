/**
 * What the operator scrapes at /metrics (Prometheus' text format), on a prom-client
 * registry of its own: counters and histograms updated as things happen, gauges read
 * at each scrape, and Node's default process metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What is read at scrape time from the parts that own it. */
export interface Gauges {
	rooms: number;
	connections: number;
	jobs?: { running: number; queued: number };
	fanout?: { up: boolean; published: number; received: number } | null;
	/** Field view polls held open, waiting for a change (issue 21). */
	fieldPolls?: number;
}

/** Storage writes take milliseconds on a healthy disk; seconds mean trouble. */
const FLUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A Markdown export is milliseconds; a PDF of a large workshop, seconds. */
const JOB_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How often the event loop lag is sampled: a lag of a few ms still shows, an idle server sleeps. */
const LAG_SAMPLE_MS = 200;

export class Metrics {
	readonly registry = new Registry();
	readonly contentType = this.registry.contentType;

	private readonly rooms = this.gauge('plumbline_rooms', 'Documents loaded in memory.');
	private readonly connections = this.gauge('plumbline_connections', 'Open WebSocket connections.');
	/**
	 * Traffic is counted in plain numbers and handed to the counters when scraped: a room of
	 * 100 sends 10,000+ messages a second, and each counter increment costs a label lookup.
	 */
	private readonly traffic = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
	private readonly flushSeconds = new Histogram({ name: 'plumbline_flush_seconds', help: 'Time to write a batch of updates to storage.', buckets: FLUSH_BUCKETS, registers: [this.registry] });
	private readonly flushMax = this.gauge('plumbline_flush_seconds_max', 'Longest storage write so far.');
	private readonly jobSeconds = new Histogram({
		name: 'plumbline_export_seconds',
		help: 'Time from asking for an export or version hash to having it (waiting for a worker included), by job: pdf, docx, md, archive, data.',
		labelNames: ['job'],
		buckets: JOB_BUCKETS,
		registers: [this.registry]
	});
	private readonly jobsRunning = this.gauge('plumbline_jobs_running', 'Export and version jobs running in worker threads.');
	private readonly jobsQueued = this.gauge('plumbline_jobs_queued', 'Export and version jobs waiting for a worker.');
	private readonly fieldPolls = this.gauge('plumbline_field_polls_waiting', 'Field view polls held open until the next log (or their wait ends).');
	private readonly jobsRefused = this.counter('plumbline_jobs_refused_total', 'Export and version jobs refused or stopped, by reason.', ['reason']);
	private readonly quotaRefusals = this.counter('plumbline_quota_refusals_total', 'Requests refused by a quota, by quota.', ['quota']);
	private readonly rejected = this.counter('plumbline_messages_rejected_total', 'Messages refused, by reason.', ['reason']);
	/** Registered at the first scrape that has Redis fan-out, so a lone instance does not show them. */
	private fanout: { up: Gauge; messages: Counter } | null = null;
	private longestFlush = 0;

	constructor() {
		this.trafficCounter('plumbline_messages_received_total', 'WebSocket messages received.', 'messagesIn');
		this.trafficCounter('plumbline_bytes_received_total', 'WebSocket bytes received.', 'bytesIn');
		this.trafficCounter('plumbline_messages_sent_total', 'WebSocket messages sent.', 'messagesOut');
		this.trafficCounter('plumbline_bytes_sent_total', 'WebSocket bytes sent.', 'bytesOut');
		// The lag gauge samples on a timer; prom-client's 10 ms woke an idle server 100 times a second.
		collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: LAG_SAMPLE_MS });
	}

	received(bytes: number): void {
		this.traffic.messagesIn += 1;
		this.traffic.bytesIn += bytes;
	}

	sent(bytes: number): void {
		this.traffic.messagesOut += 1;
		this.traffic.bytesOut += bytes;
	}

	reject(reason: string): void {
		this.rejected.inc({ reason });
	}

	refusedByQuota(quota: string): void {
		this.quotaRefusals.inc({ quota });
	}

	jobRefused(reason: string): void {
		this.jobsRefused.inc({ reason });
	}

	jobDone(job: string, ms: number): void {
		this.jobSeconds.observe({ job }, ms / 1000);
	}

	flushed(ms: number): void {
		this.flushSeconds.observe(ms / 1000);
		this.longestFlush = Math.max(this.longestFlush, ms / 1000);
		this.flushMax.set(this.longestFlush);
	}

	/** The registry in Prometheus' text format, with the gauges as they are now. */
	async render(gauges: Gauges): Promise<string> {
		this.rooms.set(gauges.rooms);
		this.connections.set(gauges.connections);
		this.jobsRunning.set(gauges.jobs?.running ?? 0);
		this.jobsQueued.set(gauges.jobs?.queued ?? 0);
		this.fieldPolls.set(gauges.fieldPolls ?? 0);
		if (gauges.fanout) {
			this.fanout ??= {
				up: this.gauge('plumbline_fanout_up', "1 while Redis carries this instance's messages to the others; 0 while it serves alone."),
				messages: this.counter('plumbline_fanout_messages_total', 'Messages exchanged with other instances through Redis.', ['direction'])
			};
			this.fanout.up.set(gauges.fanout.up ? 1 : 0);
			// The fan-out counts for itself; the counter shows its totals.
			this.fanout.messages.reset();
			this.fanout.messages.inc({ direction: 'out' }, gauges.fanout.published);
			this.fanout.messages.inc({ direction: 'in' }, gauges.fanout.received);
		}
		return this.registry.metrics();
	}

	private gauge(name: string, help: string): Gauge {
		return new Gauge({ name, help, registers: [this.registry] });
	}

	/** A counter of `traffic[field]`, brought up to date at each scrape. */
	private trafficCounter(name: string, help: string, field: keyof Metrics['traffic']): void {
		const traffic = this.traffic;
		new Counter({
			name,
			help,
			registers: [this.registry],
			collect() {
				this.inc(traffic[field]);
				traffic[field] = 0;
			}
		});
	}

	private counter(name: string, help: string, labelNames: string[] = []): Counter {
		return new Counter({ name, help, labelNames, registers: [this.registry] });
	}
}
