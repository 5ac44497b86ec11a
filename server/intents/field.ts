/**
 * The field phase (issue 21): opening it on a signed version, and the records the field
 * sends — conversation and hand-off logs, metric values. Like ballots they are storage
 * records; `control` carries the phase and `fieldCounts`, bumped by every stored change so
 * every screen knows to read the view again. A log's id is made on the device: the same
 * author resending the same log (a phone's outbox after reconnecting) changes nothing.
 */
import type * as Y from 'yjs';
import { controlWriters, docName, readControl, type ControlState, type FieldCounts, type FieldPhase } from '../../src/lib/doc/schema.js';
import { PERMISSIONS } from '../../src/lib/domain/permissions.js';
import { mayEditLog, readConversationLog, readHandoffLog, readMetricValue, type Read } from '../../src/lib/domain/fieldLogs.js';
import { parseMetricCsv } from '../../src/lib/domain/metricCsv.js';
import type { Team } from '../../src/lib/domain/teams.js';
import { RateLimiter } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import type { FieldLogRecord, MetricValueRecord } from '../storage/storage.js';
import type { Authenticated } from '../workshops.js';
import { EDITORS, FACILITATOR, handler, preparedHandler, type IntentContext } from './handler.js';
import { dayIn, fieldPartsOf, type VersionFieldParts } from './fieldPhase.js';

const LOGGERS = PERMISSIONS.logField;

/** One limiter per server (its context): field writes per person per minute. */
const limiters = new WeakMap<IntentContext, RateLimiter>();

/** Spends one of the person's field writes; true when they have none left this minute. */
function spendWrite(ctx: IntentContext, auth: Authenticated): boolean {
	let limiter = limiters.get(ctx);
	if (!limiter) limiters.set(ctx, (limiter = new RateLimiter(ctx.quotas.fieldWritesPerMinute)));
	const now = ctx.now();
	if (limiter.retryAfter(auth.participant.id, now) > 0) return true;
	limiter.consume(auth.participant.id, now);
	return false;
}

const slowDown = () => fail(429, 'slow-down', 'Too many field entries in a minute. Wait a moment and send again.');
export const notOpen = () => fail(409, 'field-not-open', 'The facilitator has not opened the field phase yet.');

/** The counts after a change: a new revision, the rest as given. */
export function bump(doc: Y.Doc, state: ControlState, change: Partial<Omit<FieldCounts, 'revision'>> = {}): void {
	controlWriters.setFieldCounts(doc, { ...state.fieldCounts, ...change, revision: state.fieldCounts.revision + 1 });
}

/** A facilitator without a team logs as 'other': every log has a team to be grouped by. */
const authorOf = (auth: Authenticated): { id: string; team: Team } => ({ id: auth.participant.id, team: auth.participant.team ?? 'other' });

type LogKind = FieldLogRecord['kind'];
type LogWrite = { kind: LogKind; change: 'same' | 'new' | 'edit'; record: FieldLogRecord };
type LogPrepared = { limited: boolean; existing: FieldLogRecord | null; mine: number; total: number };

async function prepareLog(ctx: IntentContext, id: string, auth: Authenticated): Promise<LogPrepared> {
	const limited = spendWrite(ctx, auth);
	const existing = await ctx.storage.getFieldLog(auth.workshop.id, id);
	const counts = existing ? [0, 0] : await Promise.all([ctx.storage.countFieldLogs(auth.workshop.id, auth.participant.id), ctx.storage.countFieldLogs(auth.workshop.id)]);
	return { limited, existing, mine: counts[0]!, total: counts[1]! };
}

/**
 * AUTH (the author), VALIDATION (the signed version's claims or lead definition), then what
 * the write is: nothing (a resend), an edit within the author's day, or a new log within quotas.
 */
function validateLog(
	kind: LogKind,
	read: (phase: FieldPhase, input: Record<string, unknown>, context: Parameters<typeof readConversationLog>[2]) => Read<FieldLogRecord['log']>,
	body: Record<string, unknown> & { id: string },
	state: ControlState,
	auth: Authenticated,
	now: number,
	{ limited, existing, mine, total }: LogPrepared,
	quotas: IntentContext['quotas']
): Result<LogWrite> {
	if (limited) return slowDown();
	if (existing && existing.log.authorId !== auth.participant.id) return fail(403, 'not-your-log', 'Only its author can change a log.');
	if (existing && existing.kind !== kind) return fail(400, 'invalid-id', 'That id belongs to another kind of log.');
	const phase = state.field;
	if (!phase) return fail(409, 'field-closed', 'The field phase is not open: nothing can be logged yet.');
	// A resend without a time keeps the stored one, so it reads as the same log.
	const input = existing && body.at === undefined ? { ...body, at: existing.log.at } : body;
	const parsed = read(phase, input, { author: authorOf(auth), now, recordedAt: existing?.log.recordedAt });
	if (!parsed.ok) return fail(400, 'invalid-log', parsed.problem);
	const record = { workshopId: auth.workshop.id, updatedAt: now, kind, log: parsed.value } as FieldLogRecord;
	if (existing && JSON.stringify(existing.log) === JSON.stringify(parsed.value)) return ok({ kind, change: 'same', record: existing });
	if (phase.status !== 'open') return fail(409, 'field-closed', 'The field phase is closed: logs can no longer be added or changed.');
	if (existing) {
		if (!mayEditLog(existing.log, auth.participant, now)) return fail(409, 'log-locked', 'A log can be changed for 24 hours; this one is now evidence.');
		return ok({ kind, change: 'edit', record });
	}
	if (mine >= quotas.maxFieldLogsPerPerson) return fail(409, 'too-many-logs', `You have logged ${quotas.maxFieldLogsPerPerson} times, the most one person can.`);
	if (total >= quotas.maxFieldLogs) return fail(409, 'too-many-logs', `This workshop holds ${quotas.maxFieldLogs} logs, the most it can keep.`);
	return ok({ kind, change: 'new', record });
}

const countKey = (kind: LogKind) => (kind === 'conversation' ? 'conversations' : 'handoffs');

function logIntent<T extends 'field.log' | 'field.handoff'>(type: T, kind: LogKind, read: Parameters<typeof validateLog>[1]) {
	return preparedHandler(type)<LogWrite, LogPrepared & { quotas: IntentContext['quotas'] }>({
		roles: LOGGERS,
		prepare: async (ctx, body, auth) => ({ ...(await prepareLog(ctx, body.id, auth)), quotas: ctx.quotas }),
		validate: (body, state, auth, now, prepared) => validateLog(kind, read, body as Record<string, unknown> & { id: string }, state, auth, now, prepared, prepared.quotas),
		store: async (ctx, write) => {
			if (write.change !== 'same') await ctx.storage.putFieldLog(write.record);
		},
		apply: (doc, { change }, state) => {
			if (change === 'same') return;
			const key = countKey(kind);
			bump(doc, state, change === 'new' ? { [key]: state.fieldCounts[key] + 1 } : {});
		}
	});
}

type MetricPrepared = { limited: boolean; count: number; quotas: IntentContext['quotas'] };
type MetricWrite = { values: MetricValueRecord[]; count?: number };

async function prepareMetrics(ctx: IntentContext, auth: Authenticated): Promise<MetricPrepared> {
	return { limited: spendWrite(ctx, auth), count: await ctx.storage.countMetricValues(auth.workshop.id), quotas: ctx.quotas };
}

/** Values stored, then counted again (a value for a day already there replaces it). */
const metricIntent = {
	store: async (ctx: IntentContext, write: MetricWrite): Promise<MetricWrite> => {
		await ctx.storage.putMetricValues(write.values);
		return { ...write, count: await ctx.storage.countMetricValues(write.values[0]!.workshopId) };
	},
	apply: (doc: Y.Doc, write: MetricWrite, state: ControlState) => bump(doc, state, { metricValues: write.count ?? state.fieldCounts.metricValues })
};

function metricQuota({ count, quotas }: MetricPrepared, adding: number): Result<null> {
	return count + adding > quotas.maxMetricValues ? fail(409, 'too-many-metric-values', `This workshop holds ${quotas.maxMetricValues} metric values, the most it can keep.`) : ok(null);
}

const METRIC_CODES: Array<[RegExp, string]> = [
	[/metric/i, 'unknown-metric'],
	[/date/i, 'invalid-date']
];

type OpenPrepared = { versionId: string | null; parts: VersionFieldParts | null };

export const fieldIntents = {
	'field.open': preparedHandler('field.open')<FieldPhase, OpenPrepared>({
		roles: FACILITATOR,
		prepare: async (ctx, { versionId }, auth) => {
			const state = await ctx.rooms.withDoc(docName(auth.workshop.id, 'control'), readControl);
			const id = versionId ?? state.signoffs.at(-1)?.versionId ?? null;
			const version = id ? await ctx.storage.getVersion(auth.workshop.id, id) : null;
			const openingDay = (timeZone: string) => state.field?.launchDate ?? dayIn(ctx.now(), timeZone);
			return { versionId: id, parts: version ? fieldPartsOf(version, openingDay) : null };
		},
		validate: (_body, state, _auth, now, { versionId, parts }) => {
			if (!versionId) return fail(409, 'not-signed', 'Nobody has signed a version yet: the field logs against a signed proposition.');
			if (!parts || !state.versions.some((v) => v.id === versionId)) return fail(404, 'unknown-version', 'That version does not exist.');
			if (!state.signoffs.some((s) => s.versionId === versionId)) return fail(409, 'not-signed', 'Nobody signed that version: the field logs against a signed proposition.');
			const before = state.field;
			// Reopening keeps the current field link (a rotated one stays rotated).
			const link = before?.linkVersion ? { linkVersion: before.linkVersion } : {};
			return ok({ ...parts, status: 'open', openedAt: before?.openedAt ?? now, closedAt: null, digest: before?.digest ?? null, ...link });
		},
		apply: (doc, phase, state) => {
			controlWriters.setField(doc, phase);
			bump(doc, state);
		}
	}),

	'field.close': handler('field.close')<FieldPhase>({
		roles: FACILITATOR,
		validate: (_body, state, _auth, now) => (state.field ? ok(state.field.status === 'closed' ? state.field : { ...state.field, status: 'closed', closedAt: now }) : notOpen()),
		apply: (doc, phase, state) => {
			controlWriters.setField(doc, phase);
			bump(doc, state);
		}
	}),

	'field.scheduleDigest': handler('field.scheduleDigest')<FieldPhase>({
		roles: FACILITATOR,
		validate: ({ slot }, state) => (state.field ? ok({ ...state.field, digest: slot }) : notOpen()),
		apply: (doc, phase, state) => {
			controlWriters.setField(doc, phase);
			bump(doc, state);
		}
	}),

	'field.log': logIntent('field.log', 'conversation', (phase, input, context) =>
		readConversationLog(
			input,
			phase.claims.map((c) => c.id),
			context
		)
	),

	'field.handoff': logIntent('field.handoff', 'handoff', (phase, input, context) =>
		readHandoffLog(
			input,
			phase.leadFields.map((f) => f.id),
			context
		)
	),

	'field.deleteLog': preparedHandler('field.deleteLog')<FieldLogRecord, { limited: boolean; existing: FieldLogRecord | null }>({
		roles: LOGGERS,
		prepare: async (ctx, { id }, auth) => ({ limited: spendWrite(ctx, auth), existing: await ctx.storage.getFieldLog(auth.workshop.id, id) }),
		validate: (_body, state, auth, now, { limited, existing }) => {
			if (limited) return slowDown();
			if (!existing) return fail(404, 'unknown-log', 'That log does not exist (it may be deleted already).');
			if (existing.log.authorId !== auth.participant.id) return fail(403, 'not-your-log', 'Only its author can change a log.');
			if (state.field?.status !== 'open') return fail(409, 'field-closed', 'The field phase is closed: logs can no longer be changed.');
			if (!mayEditLog(existing.log, auth.participant, now)) return fail(409, 'log-locked', 'A log can be deleted for 24 hours; this one is now evidence.');
			return ok(existing);
		},
		store: async (ctx, record) => {
			await ctx.storage.deleteFieldLog(record.workshopId, record.log.id);
		},
		apply: (doc, { kind }, state) => {
			const key = countKey(kind);
			bump(doc, state, { [key]: Math.max(0, state.fieldCounts[key] - 1) });
		}
	}),

	'field.metric': preparedHandler('field.metric')<MetricWrite, MetricPrepared>({
		roles: EDITORS,
		prepare: (ctx, _body, auth) => prepareMetrics(ctx, auth),
		validate: (body, state, auth, now, prepared) => {
			if (prepared.limited) return slowDown();
			if (!state.field) return notOpen();
			const read = readMetricValue(
				body,
				state.field.metrics.map((m) => m.id),
				'entered'
			);
			if (!read.ok) return fail(400, METRIC_CODES.find(([re]) => re.test(read.problem))?.[1] ?? 'invalid-value', read.problem);
			const quota = metricQuota(prepared, 1);
			if (!quota.ok) return quota;
			return ok({ values: [{ ...read.value, workshopId: auth.workshop.id, authorId: auth.participant.id, recordedAt: now }] });
		},
		...metricIntent
	}),

	/** All rows or none: a spreadsheet half imported is worse than one refused with its problems named. */
	'field.importMetrics': preparedHandler('field.importMetrics')<MetricWrite, MetricPrepared>({
		roles: EDITORS,
		prepare: (ctx, _body, auth) => prepareMetrics(ctx, auth),
		validate: ({ csv }, state, auth, now, prepared) => {
			if (prepared.limited) return slowDown();
			if (!state.field) return notOpen();
			const { values, problems } = parseMetricCsv(csv, state.field.metrics);
			if (problems.length > 0) {
				const named = problems
					.slice(0, 3)
					.map((p) => `line ${p.line}: ${p.message}`)
					.join('; ');
				const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
				return fail(400, 'invalid-csv', `Nothing was imported. ${named}${more}.`);
			}
			if (values.length === 0) return fail(400, 'invalid-csv', 'Nothing was imported: the file has no values.');
			const quota = metricQuota(prepared, values.length);
			if (!quota.ok) return quota;
			return ok({ values: values.map((v) => ({ ...v, workshopId: auth.workshop.id, authorId: auth.participant.id, recordedAt: now })) });
		},
		...metricIntent
	})
};
