import { describe, expect, it } from 'vitest';
import type { FieldPhase } from '../../src/lib/doc/control.js';
import { EDIT_WINDOW_MS } from '../../src/lib/domain/fieldLogs.js';
import { SAMPLE_CLAIMS, SAMPLE_LEAD_FIELDS, SAMPLE_METRICS, sampleFieldLogs } from '../../src/lib/domain/export/sampleDigest.js';
import type { FieldLogRecord } from '../storage/storage.js';
import { OWN_LOGS_MAX, computeField, ownLogs } from './compute.js';

const phase = { launchDate: '2027-02-01', claims: SAMPLE_CLAIMS, leadFields: SAMPLE_LEAD_FIELDS, metrics: SAMPLE_METRICS, predictions: {} } as unknown as FieldPhase;
const logs = sampleFieldLogs(600);
const records: FieldLogRecord[] = [
	...logs.conversations.map((log): FieldLogRecord => ({ workshopId: 'w', updatedAt: 0, kind: 'conversation', log: { ...log, authorId: log.authorId === 'rep1' ? 'me' : log.authorId } })),
	...logs.handoffs.map((log): FieldLogRecord => ({ workshopId: 'w', updatedAt: 0, kind: 'handoff', log }))
];
const now = Date.parse('2027-03-14T00:00:00Z');

describe('the field view from stored records', () => {
	const computed = computeField(phase, records, logs.values, now);

	it('counts every log once, in the view, the lead quality and the metrics', () => {
		expect(computed.shared.view.totals.logs).toBe(600);
		expect(computed.shared.leads.leads).toBe(90);
		expect(computed.shared.metrics.map((m) => m.metricId)).toEqual(SAMPLE_METRICS.map((m) => m.id));
	});

	it("gives each asker their own logs, newest first, editable within a day, at most 200", () => {
		const mine = ownLogs(computed, { id: 'me', role: 'participant' }, now);
		expect(mine.conversations).toHaveLength(15);
		expect(mine.conversations.map((l) => l.at)).toEqual([...mine.conversations.map((l) => l.at)].sort((a, b) => b - a));
		expect(mine.conversations.map((l) => l.editable)).toEqual(mine.conversations.map((l) => now - l.recordedAt < EDIT_WINDOW_MS));
		expect(ownLogs(computed, { id: 'me', role: 'observer' }, now).conversations.every((l) => !l.editable)).toBe(true);
		expect(ownLogs(computed, { id: 'nobody', role: 'field' }, now)).toEqual({ conversations: [], handoffs: [] });
		const prolific = computeField(phase, Array.from({ length: 300 }, (_, i) => ({ ...records[0]!, log: { ...records[0]!.log, id: `x${i}`, authorId: 'p' } }) as FieldLogRecord), [], now);
		expect(ownLogs(prolific, { id: 'p', role: 'participant' }, now).conversations).toHaveLength(OWN_LOGS_MAX);
	});
});
