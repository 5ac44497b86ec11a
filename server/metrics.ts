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

	reject(reason: string): void {
		this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
	}

	flushed(ms: number): void {
		this.flushes += 1;
		this.flushSeconds += ms / 1000;
		this.flushMaxSeconds = Math.max(this.flushMaxSeconds, ms / 1000);
	}

	render(gauges: { rooms: number; connections: number; fanout?: { up: boolean; published: number; received: number } | null }): string {
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
