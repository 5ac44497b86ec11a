import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

const gauges = { rooms: 2, connections: 3, jobs: { running: 1, queued: 0 } };

describe('metrics', () => {
	it('keep the names operators scrape, with histograms for storage writes and exports', async () => {
		const metrics = new Metrics();
		metrics.received(10);
		metrics.sent(40);
		metrics.reject('invalid-protocol');
		metrics.refusedByQuota('too-many-notes');
		metrics.jobRefused('busy');
		metrics.flushed(3);
		metrics.flushed(700);
		metrics.jobDone('pdf', 1200);
		const text = await metrics.render(gauges);
		for (const line of [
			'plumbline_rooms 2',
			'plumbline_connections 3',
			'plumbline_messages_received_total 1',
			'plumbline_bytes_received_total 10',
			'plumbline_messages_sent_total 1',
			'plumbline_bytes_sent_total 40',
			'plumbline_messages_rejected_total{reason="invalid-protocol"} 1',
			'plumbline_quota_refusals_total{quota="too-many-notes"} 1',
			'plumbline_jobs_refused_total{reason="busy"} 1',
			'plumbline_jobs_running 1',
			'plumbline_jobs_queued 0',
			'# TYPE plumbline_flush_seconds histogram',
			'plumbline_flush_seconds_bucket{le="0.005"} 1',
			'plumbline_flush_seconds_bucket{le="1"} 2',
			'plumbline_flush_seconds_count 2',
			'plumbline_flush_seconds_sum 0.703',
			'plumbline_flush_seconds_max 0.7',
			'# TYPE plumbline_export_seconds histogram',
			'plumbline_export_seconds_bucket{le="1",job="pdf"} 0',
			'plumbline_export_seconds_bucket{le="2.5",job="pdf"} 1',
			'plumbline_export_seconds_count{job="pdf"} 1'
		])
			expect(text.split('\n')).toContain(line);
		// Node's own: CPU, memory, event loop lag.
		expect(text).toMatch(/^process_cpu_seconds_total \d/m);
		expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
		expect(text).not.toContain('plumbline_fanout');
	});

	it('show Redis fan-out only where it is configured, with its running totals', async () => {
		const metrics = new Metrics();
		await metrics.render({ ...gauges, fanout: { up: true, published: 5, received: 2 } });
		const text = await metrics.render({ ...gauges, fanout: { up: false, published: 7, received: 2 } });
		expect(text.split('\n')).toEqual(expect.arrayContaining(['plumbline_fanout_up 0', 'plumbline_fanout_messages_total{direction="out"} 7', 'plumbline_fanout_messages_total{direction="in"} 2']));
	});
});
