/**
 * Field records after the workshop: conversation logs, lead hand-off logs and
 * metric values. Like ballots they are server records, attributed to a person
 * and a team; the readers here turn what a (possibly modified) client sent into
 * a record or one clear problem, and the edit rule says who may change one.
 * Times are milliseconds since the epoch and always passed in.
 */
import { isIsoDate } from './timeline.js';
import { isRole, isTeam, type Team } from './teams.js';
import { may } from './permissions.js';

export const OUTCOMES = ['worked', 'objection', 'flat'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A fixed list so the phone offers one tap per stage and the view can group by it. */
export const DEAL_STAGES = [
	{ id: 'prospecting', label: 'Prospecting' },
	{ id: 'discovery', label: 'Discovery' },
	{ id: 'demo', label: 'Demo' },
	{ id: 'proposal', label: 'Proposal' },
	{ id: 'negotiation', label: 'Negotiation' },
	{ id: 'won', label: 'Won' },
	{ id: 'lost', label: 'Lost' }
] as const;
export type DealStage = (typeof DEAL_STAGES)[number]['id'];
const DEAL_STAGE_IDS: readonly string[] = DEAL_STAGES.map((s) => s.id);

export const HANDOFF_DECISIONS = ['accepted', 'returned'] as const;
export type HandoffDecision = (typeof HANDOFF_DECISIONS)[number];

export const METRIC_SOURCES = ['entered', 'csv'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

/** "A few words": long enough for "too expensive compared to the incumbent", short enough to group. */
export const OBJECTION_MAX = 200;
export const REASON_MAX = 200;
/** A signed proposition has a handful of claims; more uses than this in one conversation is not a log. */
export const USES_PER_LOG_MAX = 30;
/** A lead definition has a handful of required fields. */
export const HANDOFF_FIELDS_MAX = 50;
/** Client-made ids (offline logs are deduplicated by them) are short tokens. */
export const LOG_ID_MAX = 80;
/** The author may correct a log for a day, then it is evidence. */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A phone's clock may run a little ahead of the server's. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A phone offline for a fortnight still delivers its logs; older claims about "when" are not believed. */
export const BACKDATE_MAX_MS = 14 * 24 * 60 * 60 * 1000;
/** Metric values beyond this are typing mistakes, not sales figures. */
export const METRIC_VALUE_MAX = 1e15;

export interface Author {
	id: string;
	team: Team;
}

export interface ClaimUse {
	claimId: string;
	outcome: Outcome;
	/** Only with the outcome 'objection'; trimmed, one line. */
	objection?: string;
}

interface FieldRecord {
	/** Made by the client, so a log sent twice after reconnecting is stored once (per author). */
	id: string;
	authorId: string;
	team: Team;
	/** When it happened, as the phone says (bounded by the server's clock). */
	at: number;
	/** When the server first stored it: the edit window runs from here. */
	recordedAt: number;
}

export interface ConversationLog extends FieldRecord {
	uses: ClaimUse[];
	dealStage?: DealStage;
}

export interface HandoffLog extends FieldRecord {
	/** Required hand-off field id → the lead had it. */
	fields: Record<string, boolean>;
	decision: HandoffDecision;
	/** Why it was returned (required then), or a remark. */
	reason: string;
}

export interface MetricValue {
	metricId: string;
	/** YYYY-MM-DD */
	date: string;
	value: number;
	source: MetricSource;
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface LogContext {
	author: Author;
	now: number;
	/** recordedAt of the stored version when this is an edit; `now` for a new log. */
	recordedAt?: number;
	/** How far back `at` may lie (an archive re-import passes Infinity). */
	backdateMs?: number;
}

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** One line without control or direction-override characters, so a grouped objection reads the same everywhere. */
export const cleanLine = (s: string) =>
	// eslint-disable-next-line no-control-regex
	s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();

/** A conversation log from a client's payload `{ id, at?, uses: [{ claimId, outcome, objection? }], dealStage? }`. */
export function readConversationLog(input: unknown, signedClaimIds: readonly string[], context: LogContext): Read<ConversationLog> {
	if (!isObject(input)) return fail('A log is an object.');
	const base = readBase(input, context);
	if (!base.ok) return base;
	if (!Array.isArray(input.uses) || input.uses.length === 0) return fail('Name at least one claim you used.');
	if (input.uses.length > USES_PER_LOG_MAX) return fail(`A log names at most ${USES_PER_LOG_MAX} claims.`);
	const signed = new Set(signedClaimIds);
	const uses: ClaimUse[] = [];
	for (const raw of input.uses) {
		if (!isObject(raw) || typeof raw.claimId !== 'string') return fail('Each use names a claim.');
		if (!signed.has(raw.claimId)) return fail('That claim is not in the signed version.');
		if (uses.some((u) => u.claimId === raw.claimId)) return fail('Name each claim once per conversation.');
		if (!(OUTCOMES as readonly unknown[]).includes(raw.outcome)) return fail('How it landed is worked, objection or flat.');
		const use: ClaimUse = { claimId: raw.claimId, outcome: raw.outcome as Outcome };
		if (raw.objection !== undefined && raw.objection !== null) {
			if (typeof raw.objection !== 'string') return fail('An objection is text.');
			const objection = cleanLine(raw.objection);
			if (objection.length > OBJECTION_MAX) return fail(`An objection is at most ${OBJECTION_MAX} characters.`);
			if (objection && use.outcome !== 'objection') return fail('Only a claim that met an objection has one.');
			if (objection) use.objection = objection;
		}
		uses.push(use);
	}
	const log: ConversationLog = { ...base.value, uses };
	if (input.dealStage !== undefined && input.dealStage !== null && input.dealStage !== '') {
		if (!DEAL_STAGE_IDS.includes(input.dealStage as string)) return fail('That deal stage is not on the list.');
		log.dealStage = input.dealStage as DealStage;
	}
	return { ok: true, value: log };
}

/** A hand-off log from `{ id, at?, fields: { fieldId: boolean }, decision, reason? }`; every required field must be answered. */
export function readHandoffLog(input: unknown, requiredFieldIds: readonly string[], context: LogContext): Read<HandoffLog> {
	if (!isObject(input)) return fail('A hand-off log is an object.');
	const base = readBase(input, context);
	if (!base.ok) return base;
	if (!isObject(input.fields)) return fail('Say for each required field whether the lead had it.');
	const required = new Set(requiredFieldIds.slice(0, HANDOFF_FIELDS_MAX));
	const fields: Record<string, boolean> = {};
	for (const [fieldId, present] of Object.entries(input.fields)) {
		if (!required.has(fieldId)) return fail('That field is not in the agreed lead definition.');
		if (typeof present !== 'boolean') return fail('A field is present (true) or missing (false).');
		fields[fieldId] = present;
	}
	if ([...required].some((id) => !(id in fields))) return fail('Say for each required field whether the lead had it.');
	if (!(HANDOFF_DECISIONS as readonly unknown[]).includes(input.decision)) return fail('A lead is accepted or returned.');
	const decision = input.decision as HandoffDecision;
	if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string') return fail('A reason is text.');
	const reason = cleanLine(typeof input.reason === 'string' ? input.reason : '');
	if (reason.length > REASON_MAX) return fail(`A reason is at most ${REASON_MAX} characters.`);
	if (decision === 'returned' && !reason) return fail('Say why the lead is returned.');
	return { ok: true, value: { ...base.value, fields, decision, reason } };
}

/** A metric value typed in (or one CSV row already parsed), for a metric the workshop agreed. */
export function readMetricValue(input: unknown, metricIds: readonly string[], source: MetricSource = 'entered'): Read<MetricValue> {
	if (!isObject(input)) return fail('A metric value is an object.');
	if (typeof input.metricId !== 'string' || !metricIds.includes(input.metricId)) return fail('That metric was not agreed in this workshop.');
	if (typeof input.date !== 'string' || !isIsoDate(input.date)) return fail('A date is written YYYY-MM-DD.');
	const value = input.value;
	if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > METRIC_VALUE_MAX) return fail('A value is a number.');
	return { ok: true, value: { metricId: input.metricId, date: input.date, value, source } };
}

function readBase(input: Record<string, unknown>, context: LogContext): Read<FieldRecord> {
	const { author, now } = context;
	if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > LOG_ID_MAX || !/^[\w-]+$/.test(input.id)) return fail('A log needs an id made on the device.');
	if (!author.id || !isTeam(author.team)) return fail('Only a member of a team can log.');
	const at = input.at === undefined ? now : input.at;
	if (typeof at !== 'number' || !Number.isFinite(at)) return fail('"at" is a time in milliseconds.');
	if (at > now + CLOCK_SKEW_MS) return fail('That time is in the future.');
	if (at < now - (context.backdateMs ?? BACKDATE_MAX_MS)) return fail('That log is too old to record.');
	return { ok: true, value: { id: input.id, authorId: author.id, team: author.team, at: Math.round(at), recordedAt: context.recordedAt ?? now } };
}

/**
 * A record from a JSON archive: the same checks as a new log, with the author, team and
 * recording time it carries (its `at` may be as old as it likes, but not after it was recorded).
 */
export function readArchivedConversationLog(raw: unknown, signedClaimIds: readonly string[]): Read<ConversationLog> {
	const context = archiveContext(raw);
	return context ? readConversationLog(raw, signedClaimIds, context) : fail('An archived log names its author, team and when it was recorded.');
}

export function readArchivedHandoffLog(raw: unknown, requiredFieldIds: readonly string[]): Read<HandoffLog> {
	const context = archiveContext(raw);
	return context ? readHandoffLog(raw, requiredFieldIds, context) : fail('An archived log names its author, team and when it was recorded.');
}

function archiveContext(raw: unknown): LogContext | null {
	if (!isObject(raw) || typeof raw.authorId !== 'string' || raw.authorId.length > LOG_ID_MAX || !isTeam(raw.team)) return null;
	const recordedAt = raw.recordedAt;
	if (typeof recordedAt !== 'number' || !Number.isFinite(recordedAt)) return null;
	return { author: { id: raw.authorId, team: raw.team }, now: recordedAt, recordedAt, backdateMs: Infinity };
}

/** Roles that may log from the field: everyone in the room and field members; observers only watch. */
export function mayLogField(role: string): boolean {
	return isRole(role) && may(role, 'logField');
}

/** Its author, within a day of it being recorded; never anyone else (facilitators included: a log is someone's evidence). */
export function mayEditLog(log: Pick<FieldRecord, 'authorId' | 'recordedAt'>, person: { id: string; role?: string }, now: number): boolean {
	if (!person.id || person.id !== log.authorId || person.role === 'observer') return false;
	const age = now - log.recordedAt;
	return Number.isFinite(age) && age >= -CLOCK_SKEW_MS && age < EDIT_WINDOW_MS;
}

/** The stored and the sent version of a log are the same record: the key a server deduplicates offline resends by. */
export function logKey(log: Pick<FieldRecord, 'authorId' | 'id'>): string {
	return `${log.authorId}\u0000${log.id}`;
}
