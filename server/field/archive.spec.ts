import { describe, expect, it } from 'vitest';
import type { FieldPhase } from '../../src/lib/doc/control.js';
import { sampleFieldLogs, SAMPLE_CLAIMS, SAMPLE_LEAD_FIELDS, SAMPLE_METRICS } from '../../src/lib/domain/export/sampleDigest.js';
import type { FieldLogRecord, MetricValueRecord } from '../storage/storage.js';
import { LOGS_PER_PERSON_MAX, fieldRecordsOf, readFieldArchive, writeFieldArchive } from './archive.js';

const phase: FieldPhase = {
	status: 'open',
	openedAt: 1,
	closedAt: null,
	versionId: 'v1',
	versionName: 'Signed',
	launchDate: '2027-02-01',
	endDate: '2027-04-30',
	timeZone: 'Europe/Stockholm',
	claims: SAMPLE_CLAIMS,
	leadFields: SAMPLE_LEAD_FIELDS,
	metrics: SAMPLE_METRICS,
	predictions: { k2: { deliverable: 2.6 } },
	reviews: [{ id: 'r1', title: 'Mid-campaign review', date: '2027-03-18' }],
	digest: { weekday: 1, time: '09:00' }
};
const logs = sampleFieldLogs(50);
const records: FieldLogRecord[] = [
	...logs.conversations.map((log): FieldLogRecord => ({ workshopId: 'w', updatedAt: 0, kind: 'conversation', log })),
	...logs.handoffs.map((log): FieldLogRecord => ({ workshopId: 'w', updatedAt: 0, kind: 'handoff', log }))
];
const values: MetricValueRecord[] = logs.values.map((v) => ({ ...v, workshopId: 'w', authorId: 'p1', recordedAt: 5 }));
const roundTrip = (archive: unknown) => readFieldArchive(JSON.parse(JSON.stringify(archive)), 99);

describe("the archive's field records", () => {
	it('come back as they left, in a closed phase, for a new workshop', () => {
		const read = roundTrip(writeFieldArchive(phase, records, values));
		expect(read.ok).toBe(true);
		if (!read.ok || !read.value) return;
		expect(read.value.phase).toEqual({ ...phase, status: 'closed', closedAt: 99 });
		expect(read.value.conversations).toEqual(logs.conversations);
		expect(read.value.handoffs).toEqual(logs.handoffs);
		const stored = fieldRecordsOf('new', read.value, 7);
		expect(stored.logs).toHaveLength(records.length);
		expect(stored.logs.every((l) => l.workshopId === 'new')).toBe(true);
		expect(stored.values).toEqual(values.map((v) => ({ ...v, workshopId: 'new' })));
	});

	it('is absent in archives made before the field', () => {
		expect(readFieldArchive(undefined, 0)).toEqual({ ok: true, value: null });
	});

	it('refuses the whole archive for one bad record, a claim not signed, a repeated id or a person over quota', () => {
		const archive = writeFieldArchive(phase, records, values);
		const bad = (patch: (a: ReturnType<typeof writeFieldArchive>) => void) => {
			const copy = JSON.parse(JSON.stringify(archive));
			patch(copy);
			return readFieldArchive(copy, 0);
		};
		expect(bad((a) => (a.conversations[3]!.uses[0]!.claimId = 'not-signed'))).toMatchObject({ ok: false, error: { code: 'invalid-archive' } });
		expect(bad((a) => (a.handoffs[1]!.id = a.conversations[0]!.id))).toMatchObject({ ok: false });
		expect(bad((a) => (a.phase.timeZone = 'Mars/Olympus'))).toMatchObject({ ok: false });
		expect(bad((a) => (a.phase.predictions = { k1: { true: 9 } }))).toMatchObject({ ok: false });
		expect(bad((a) => (a.metricValues[0]!.metricId = 'unknown'))).toMatchObject({ ok: false });
		const many = Array.from({ length: LOGS_PER_PERSON_MAX + 1 }, (_, i) => ({ ...logs.conversations[0]!, id: `m${i}` }));
		expect(bad((a) => (a.conversations = many))).toMatchObject({ ok: false, error: { message: expect.stringContaining('more than 2,000 logs') } });
	});
});
