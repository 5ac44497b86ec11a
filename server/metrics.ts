/** Counters for the operator, served at /metrics in Prometheus' text format. */
export class Metrics {
	messagesIn = 0;
	bytesIn = 0;
	messagesOut = 0;
	bytesOut = 0;
	flushes = 0;
	flushSeconds = 0;
	flushMaxSeconds = 0;
	readonly rejected = new Map<string, number>();
	/** Requests refused by a quota (versions, notes, workshops, imports), by quota. */
	readonly quotaRefusals = new Map<string, number>();
	/** Export jobs refused or stopped by the job pool, by reason (busy, timeout, too-large, failed). */
	readonly jobsRefused = new Map<string, number>();

	reject(reason: string): void {
		this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
	}

	refusedByQuota(quota: string): void {
		this.quotaRefusals.set(quota, (this.quotaRefusals.get(quota) ?? 0) + 1);
	}

	jobRefused(reason: string): void {
		this.jobsRefused.set(reason, (this.jobsRefused.get(reason) ?? 0) + 1);
	}

	flushed(ms: number): void {
		this.flushes += 1;
		this.flushSeconds += ms / 1000;
		this.flushMaxSeconds = Math.max(this.flushMaxSeconds, ms / 1000);
	}

	render(gauges: { rooms: number; connections: number; jobs?: { running: number; queued: number }; fanout?: { up: boolean; published: number; received: number } | null }): string {
		const lines = [
			'# HELP plumbline_rooms Documents loaded in memory.',
			'# TYPE plumbline_rooms gauge',
			`plumbline_rooms ${gauges.rooms}`,
			'# HELP plumbline_connections Open WebSocket connections.',
			'# TYPE plumbline_connections gauge',
			`plumbline_connections ${gauges.connections}`,
			'# HELP plumbline_messages_received_total WebSocket messages received.',
			'# TYPE plumbline_messages_received_total counter',
			`plumbline_messages_received_total ${this.messagesIn}`,
			'# HELP plumbline_bytes_received_total WebSocket bytes received.',
			'# TYPE plumbline_bytes_received_total counter',
			`plumbline_bytes_received_total ${this.bytesIn}`,
			'# HELP plumbline_messages_sent_total WebSocket messages sent.',
			'# TYPE plumbline_messages_sent_total counter',
			`plumbline_messages_sent_total ${this.messagesOut}`,
			'# HELP plumbline_bytes_sent_total WebSocket bytes sent.',
			'# TYPE plumbline_bytes_sent_total counter',
			`plumbline_bytes_sent_total ${this.bytesOut}`,
			'# HELP plumbline_flush_seconds Time to write a batch of updates to storage.',
			'# TYPE plumbline_flush_seconds summary',
			`plumbline_flush_seconds_sum ${this.flushSeconds}`,
			`plumbline_flush_seconds_count ${this.flushes}`,
			'# HELP plumbline_flush_seconds_max Longest storage write so far.',
			'# TYPE plumbline_flush_seconds_max gauge',
			`plumbline_flush_seconds_max ${this.flushMaxSeconds}`,
			'# HELP plumbline_jobs_running Export and version jobs running in worker threads.',
			'# TYPE plumbline_jobs_running gauge',
			`plumbline_jobs_running ${gauges.jobs?.running ?? 0}`,
			'# HELP plumbline_jobs_queued Export and version jobs waiting for a worker.',
			'# TYPE plumbline_jobs_queued gauge',
			`plumbline_jobs_queued ${gauges.jobs?.queued ?? 0}`,
			'# HELP plumbline_jobs_refused_total Export and version jobs refused or stopped, by reason.',
			'# TYPE plumbline_jobs_refused_total counter',
			...[...this.jobsRefused].map(([reason, n]) => `plumbline_jobs_refused_total{reason="${reason}"} ${n}`),
			'# HELP plumbline_quota_refusals_total Requests refused by a quota, by quota.',
			'# TYPE plumbline_quota_refusals_total counter',
			...[...this.quotaRefusals].map(([quota, n]) => `plumbline_quota_refusals_total{quota="${quota}"} ${n}`),
			...(gauges.fanout
				? [
						'# HELP plumbline_fanout_up 1 while Redis carries this instance\'s messages to the others; 0 while it serves alone.',
						'# TYPE plumbline_fanout_up gauge',
						`plumbline_fanout_up ${gauges.fanout.up ? 1 : 0}`,
						'# HELP plumbline_fanout_messages_total Messages exchanged with other instances through Redis.',
						'# TYPE plumbline_fanout_messages_total counter',
						`plumbline_fanout_messages_total{direction="out"} ${gauges.fanout.published}`,
						`plumbline_fanout_messages_total{direction="in"} ${gauges.fanout.received}`
					]
				: []),
			'# HELP plumbline_messages_rejected_total Messages refused, by reason.',
			'# TYPE plumbline_messages_rejected_total counter',
			...[...this.rejected].map(([reason, n]) => `plumbline_messages_rejected_total{reason="${reason}"} ${n}`)
		];
		return `${lines.join('\n')}\n`;
	}
}
