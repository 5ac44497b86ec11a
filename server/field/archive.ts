/**
 * The field's part of the JSON archive (issue 21): the phase as it was opened, the logs and the
 * metric values. An archive is a file anyone can edit, so on import every record goes through the
 * same readers as a new log (readArchived*) and the same quotas, and one bad record refuses the
 * whole archive (nothing is created). Authors stay as the opaque ids they were: the roster stays behind.
 */
import type { FieldPhase } from '../../src/lib/doc/control.js';
import { readArchivedConversationLog, readArchivedHandoffLog, readMetricValue, type ConversationLog, type HandoffLog, type MetricSource } from '../../src/lib/domain/fieldLogs.js';
import { CRITERION_IDS } from '../../src/lib/domain/ratings.js';
import { isTimeZone } from '../../src/lib/domain/timeline.js';
import { fail, ok, type Result } from '../result.js';
import type { FieldLogRecord, MetricValueRecord } from '../storage/storage.js';

/** The quotas a workshop's field has when logged live (contract21.md). */
export const FIELD_LOGS_MAX = 200_000;
export const LOGS_PER_PERSON_MAX = 2_000;
export const METRIC_VALUES_MAX = 50_000;

export interface FieldArchive {
	phase: FieldPhase;
	conversations: ConversationLog[];
	handoffs: HandoffLog[];
	metricValues: { metricId: string; date: string; value: number; source: MetricSource; authorId: string; recordedAt: number }[];
}

export function writeFieldArchive(phase: FieldPhase, records: readonly FieldLogRecord[], values: readonly MetricValueRecord[]): FieldArchive {
	return {
		phase,
		conversations: records.flatMap((r) => (r.kind === 'conversation' ? [r.log] : [])),
		handoffs: records.flatMap((r) => (r.kind === 'handoff' ? [r.log] : [])),
		metricValues: values.map(({ metricId, date, value, source, authorId, recordedAt }) => ({ metricId, date, value, source, authorId, recordedAt }))
	};
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const list = <T>(v: unknown, max: number, read: (x: unknown) => T | null): T[] | null => {
	if (!Array.isArray(v) || v.length > max) return null;
	const out = v.map(read);
	return out.every((x) => x !== null) ? (out as T[]) : null;
};

function readPhase(raw: unknown, now: number): FieldPhase | null {
	if (!isRec(raw) || !time(raw.openedAt) || !str(raw.versionId, 80) || !str(raw.versionName, 200)) return null;
	if (!isoDate(raw.launchDate) || !(raw.endDate === '' || isoDate(raw.endDate)) || !str(raw.timeZone, 64) || !isTimeZone(raw.timeZone)) return null;
	const claims = list(raw.claims, 100, (c) => (isRec(c) && str(c.id, 80) && str(c.text, 4000) ? { id: c.id, text: c.text } : null));
	const leadFields = list(raw.leadFields, 50, (f) => (isRec(f) && str(f.id, 80) && str(f.label, 200) ? { id: f.id, label: f.label } : null));
	const metrics = list(raw.metrics, 50, (m) =>
		isRec(m) && str(m.id, 80) && str(m.name, 200) && str(m.target, 200) && ['week', 'month', 'quarter', 'year'].includes(m.horizon as string) ? { id: m.id, name: m.name, target: m.target, horizon: m.horizon as FieldPhase['metrics'][number]['horizon'] } : null
	);
	const reviews = list(raw.reviews, 100, (r) => (isRec(r) && str(r.id, 80) && str(r.title, 200) && isoDate(r.date) ? { id: r.id, title: r.title, date: r.date } : null));
	if (!claims || !leadFields || !metrics || !reviews || !isRec(raw.predictions)) return null;
	const ids = new Set(claims.map((c) => c.id));
	const predictions: FieldPhase['predictions'] = {};
	for (const [claimId, means] of Object.entries(raw.predictions)) {
		if (!ids.has(claimId) || !isRec(means)) return null;
		for (const [criterion, mean] of Object.entries(means)) if (!(CRITERION_IDS as readonly string[]).includes(criterion) || !(mean === null || (typeof mean === 'number' && mean >= 1 && mean <= 5))) return null;
		predictions[claimId] = means as FieldPhase['predictions'][string];
	}
	const d = raw.digest;
	const digest = d === null || d === undefined ? null : isRec(d) && Number.isInteger(d.weekday) && (d.weekday as number) >= 1 && (d.weekday as number) <= 7 && typeof d.time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(d.time) ? { weekday: d.weekday as number, time: d.time } : undefined;
	if (digest === undefined) return null;
	// The version it was opened on is not in the new workshop: logging stops until the facilitator opens it again on a signed version there.
	return { status: 'closed', openedAt: raw.openedAt, closedAt: time(raw.closedAt) ? raw.closedAt : now, versionId: raw.versionId, versionName: raw.versionName, launchDate: raw.launchDate, endDate: raw.endDate as string, timeZone: raw.timeZone, claims, leadFields, metrics, predictions, reviews, digest };
}

/** The archive's field part checked whole; null when the archive has none. */
export function readFieldArchive(raw: unknown, now: number): Result<FieldArchive | null> {
	if (raw === undefined || raw === null) return ok(null);
	const refuse = (why: string) => fail(400, 'invalid-archive', `The archive’s field records are malformed: ${why}`);
	if (!isRec(raw)) return refuse('not an object.');
	const phase = readPhase(raw.phase, now);
	if (!phase) return refuse('the field phase.');
	if (!Array.isArray(raw.conversations) || !Array.isArray(raw.handoffs) || !Array.isArray(raw.metricValues)) return refuse('logs and values are lists.');
	if (raw.conversations.length + raw.handoffs.length > FIELD_LOGS_MAX) return refuse(`more than ${FIELD_LOGS_MAX.toLocaleString('en')} logs.`);
	if (raw.metricValues.length > METRIC_VALUES_MAX) return refuse(`more than ${METRIC_VALUES_MAX.toLocaleString('en')} metric values.`);
	const claimIds = phase.claims.map((c) => c.id);
	const fieldIds = phase.leadFields.map((f) => f.id);
	const conversations: ConversationLog[] = [];
	const handoffs: HandoffLog[] = [];
	const perAuthor = new Map<string, number>();
	const keys = new Set<string>();
	const take = (log: ConversationLog | HandoffLog, index: number): string | null => {
		// The record key is (workshop, id): two logs with one id would be one record.
		if (keys.has(log.id)) return `log ${index + 1} repeats the id of another.`;
		keys.add(log.id);
		const count = (perAuthor.get(log.authorId) ?? 0) + 1;
		perAuthor.set(log.authorId, count);
		return count > LOGS_PER_PERSON_MAX ? `one person has more than ${LOGS_PER_PERSON_MAX.toLocaleString('en')} logs.` : null;
	};
	for (const [i, entry] of raw.conversations.entries()) {
		const read = readArchivedConversationLog(entry, claimIds);
		if (!read.ok) return refuse(`conversation ${i + 1}: ${read.problem}`);
		const problem = take(read.value, i);
		if (problem) return refuse(problem);
		conversations.push(read.value);
	}
	for (const [i, entry] of raw.handoffs.entries()) {
		const read = readArchivedHandoffLog(entry, fieldIds);
		if (!read.ok) return refuse(`hand-off ${i + 1}: ${read.problem}`);
		const problem = take(read.value, i);
		if (problem) return refuse(problem);
		handoffs.push(read.value);
	}
	const metricIds = phase.metrics.map((m) => m.id);
	const metricValues: FieldArchive['metricValues'] = [];
	for (const [i, entry] of raw.metricValues.entries()) {
		const source = isRec(entry) && entry.source === 'csv' ? 'csv' : 'entered';
		const read = readMetricValue(entry, metricIds, source);
		if (!read.ok || !isRec(entry) || !str(entry.authorId, 80) || !time(entry.recordedAt)) return refuse(`metric value ${i + 1}: ${read.ok ? 'its author and time.' : read.problem}`);
		metricValues.push({ ...read.value, authorId: entry.authorId, recordedAt: entry.recordedAt });
	}
	return ok({ phase, conversations, handoffs, metricValues });
}

/** The records to store for a new workshop. */
export function fieldRecordsOf(workshopId: string, archive: FieldArchive, now: number): { logs: FieldLogRecord[]; values: MetricValueRecord[] } {
	return {
		logs: [
			...archive.conversations.map((log): FieldLogRecord => ({ workshopId, updatedAt: now, kind: 'conversation', log })),
			...archive.handoffs.map((log): FieldLogRecord => ({ workshopId, updatedAt: now, kind: 'handoff', log }))
		],
		values: archive.metricValues.map((v) => ({ ...v, workshopId }))
	};
}
