/**
 * Every intent the server accepts, one schema each, shared by the server's
 * handlers (which receive the parsed payload) and the browser's `sendIntent`
 * (which is typed by it, so a misspelt type or field fails the type-check).
 * The schemas check shape and limits; rules that need the room's state
 * (does that stage exist, is the vote open) stay in the handlers.
 *
 * Each refusal keeps the code and message the API has always answered with:
 * `coded` names the code a field (or a whole payload) is refused with.
 */
import * as v from 'valibot';
import { clampZoom } from '../domain/canvas.js';
import { EXPORT_POLICIES } from '../domain/export/model.js';
import { STAGE_TITLE_MAX } from '../domain/agenda.js';
import { HANDOFF_DECISIONS, REASON_MAX, USES_PER_LOG_MAX } from '../domain/fieldLogs.js';
import { CSV_CHARS_MAX } from '../domain/metricCsv.js';
import { BREAKOUT_MIXES, GROUP_SIZE_MAX, GROUP_SIZE_MIN } from '../doc/control.js';
import { STAGE_TITLE_MESSAGE, columnTitle, lineOf, oneLine, stageInstruction, stageMinutes, stageSkipped, stageTitle, voteBudget, voteKind } from './fields.js';

export const PRIVATE_NOTE_MAX = 2000;
export const GROUP_NAME_MAX = 40;
export const BREAKOUT_MESSAGE_MAX = 280;
/** Enough for 300 people in groups of 3 and more. */
export const GROUP_COUNT_MAX = 100;
export const VERSION_NAME_MAX = 80;
export const MAX_SIGNERS = 10;
export const TIMER_MINUTES_MAX = 240;
/** The product and the target customer, as at the workshop's creation. */
export const FRAME_FIELD_MAX = 200;
const FRAME_MESSAGE = `Product and target customer are at most ${FRAME_FIELD_MAX} characters.`;

const CODES = new WeakMap<object, string>();

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * `schema`, refused with `code` (the deepest coded schema on an issue's path wins). A copy
 * is coded, so a schema shared with the archive can carry different codes in different intents.
 */
function coded<S extends v.GenericSchema>(code: string, schema: S): S {
	const copy = { ...schema };
	CODES.set(copy, code);
	return copy;
}

const flag = (code: string, message: string) => coded(code, v.boolean(message));
const finite = (message: string) => v.pipe(v.number(message), v.finite(message));

const stageId = coded('unknown-stage', v.string('That stage does not exist.'));
const participantId = (message: string) => coded('unknown-participant', v.string(message));
const voteId = coded('unknown-vote', v.string('That vote does not exist.'));
const roundId = coded('unknown-round', v.string('That rating round does not exist.'));
const columnId = coded('unknown-column', v.string('That column does not exist.'));
/** An object mapping ids to `value`s (valibot's record alone would take an array). */
const mapOf = <S extends v.GenericSchema>(value: S, message: string) =>
	v.pipe(
		v.custom<Record<string, v.InferInput<S>>>((map) => isRecord(map) && !Array.isArray(map), message),
		v.record(v.string(), value, message)
	);
const ids = (code: string, message: string) => v.optional(coded(code, v.array(v.string(message), message)));

const VIEW_MESSAGE = 'view must be {x, y, zoom} with finite numbers.';
const ALLOCATION_MESSAGE = 'A ballot maps option ids to dots.';
const DOTS_MESSAGE = 'Dots are whole numbers from 0.';
const SCORE_MESSAGE = 'Scores are whole numbers from 1 to 5.';
const SIGNERS_MESSAGE = `Name up to ${MAX_SIGNERS} signers.`;
const TIMER_MESSAGE = `Minutes must be between 0 and ${TIMER_MINUTES_MAX}.`;

const none = v.object({});
const logId = coded('invalid-id', v.pipe(v.string('A log needs an id made on the device.'), v.regex(/^[\w-]{1,80}$/, 'A log needs an id made on the device.')));
const logTime = coded('invalid-time', finite('"at" is a time in milliseconds.'));
const USES_MESSAGE = `Name 1 to ${USES_PER_LOG_MAX} claims you used.`;
const WEEKDAY_MESSAGE = 'A weekday is 1 (Monday) to 7 (Sunday).';
const groupId = coded('unknown-group', v.string('That group does not exist.'));
const GROUP_SIZE_MESSAGE = `A group has ${GROUP_SIZE_MIN} to ${GROUP_SIZE_MAX} people.`;
const GROUP_COUNT_MESSAGE = `Between 2 and ${GROUP_COUNT_MAX} groups.`;
const whole = (message: string) => v.pipe(v.number(message), v.integer(message));
const breakoutMinutes = coded('invalid-minutes', v.pipe(v.number(TIMER_MESSAGE), v.gtValue(0, TIMER_MESSAGE), v.maxValue(TIMER_MINUTES_MAX, TIMER_MESSAGE)));
const frameField = v.optional(coded('invalid-field', v.pipe(v.string(FRAME_MESSAGE), v.transform(oneLine), v.maxLength(FRAME_FIELD_MAX, FRAME_MESSAGE))));

export const INTENT_SCHEMAS = {
	'stage.set': v.object({ stageId }),
	'stage.bringEveryone': v.object({
		view: v.nullish(
			coded(
				'invalid-view',
				v.pipe(
					v.object({ x: finite(VIEW_MESSAGE), y: finite(VIEW_MESSAGE), zoom: finite(VIEW_MESSAGE) }, VIEW_MESSAGE),
					v.transform((view) => ({ x: view.x, y: view.y, zoom: clampZoom(view.zoom) }))
				)
			)
		)
	}),
	'stage.setDone': v.object({ stageId, done: flag('invalid-done', 'done must be true or false.') }),
	'agenda.update': coded(
		'invalid-agenda',
		v.object({
			stageId: v.string('That stage does not exist.'),
			title: v.optional(stageTitle),
			minutes: v.optional(stageMinutes),
			instruction: v.optional(stageInstruction),
			skipped: v.optional(stageSkipped)
		})
	),
	'agenda.move': coded(
		'invalid-agenda',
		v.object({
			stageId: v.string('That stage does not exist.'),
			index: v.pipe(v.number('The position must be a whole number.'), v.integer('The position must be a whole number.'))
		})
	),
	'agenda.add': coded(
		'invalid-agenda',
		v.object({
			title: lineOf(STAGE_TITLE_MAX, (issue) =>
				issue.input === undefined ? 'A stage needs a title.' : STAGE_TITLE_MESSAGE
			),
			minutes: v.optional(stageMinutes),
			instruction: v.optional(stageInstruction),
			afterStageId: v.optional(v.string('That stage does not exist.'))
		})
	),
	'timer.start': v.object({
		minutes: v.optional(coded('invalid-minutes', v.pipe(v.number(TIMER_MESSAGE), v.gtValue(0, TIMER_MESSAGE), v.maxValue(TIMER_MINUTES_MAX, TIMER_MESSAGE))))
	}),
	'timer.pause': none,
	'timer.resume': none,
	'timer.addMinute': none,
	'timer.reset': none,
	'frame.update': v.object({ product: frameField, customer: frameField }),
	'room.freeze': v.object({ frozen: flag('invalid-frozen', 'frozen must be true or false.') }),
	'brainstorm.start': none,
	'brainstorm.addNote': v.object({
		column: columnId,
		text: coded(
			'invalid-text',
			v.pipe(
				v.string(`A note has 1 to ${PRIVATE_NOTE_MAX} characters.`),
				v.trim(),
				v.minLength(1, `A note has 1 to ${PRIVATE_NOTE_MAX} characters.`),
				v.maxLength(PRIVATE_NOTE_MAX, `A note has 1 to ${PRIVATE_NOTE_MAX} characters.`)
			)
		)
	}),
	'brainstorm.reveal': none,
	'participant.remove': v.object({ participantId: participantId('That person is not in this workshop.') }),
	'participant.readmit': v.object({ participantId: participantId('That person was not removed from this workshop.') }),
	'participant.promote': v.object({ participantId: participantId('That person is not in this workshop.') }),
	'board.renameColumn': v.object({ columnId, title: coded('invalid-title', columnTitle) }),

	'vote.open': v.object({
		lineId: coded('unknown-line', v.string('That line is not in the proposition.')),
		kind: v.optional(coded('invalid-vote', voteKind)),
		budget: v.optional(coded('invalid-vote', voteBudget)),
		allowStacking: v.optional(flag('invalid-vote', 'allowStacking must be true or false.')),
		named: v.optional(flag('invalid-vote', 'named must be true or false.'))
	}),
	'vote.cast': v.object({
		voteId,
		allocation: coded('invalid-ballot', mapOf(v.pipe(v.number(DOTS_MESSAGE), v.integer(DOTS_MESSAGE), v.minValue(0, DOTS_MESSAGE)), ALLOCATION_MESSAGE))
	}),
	'vote.close': v.object({ voteId }),
	'vote.reveal': v.object({ voteId }),
	'vote.adopt': v.object({ voteId, optionId: coded('unknown-option', v.string('That option is not on this vote.')) }),
	'rating.open': v.object({
		claimIds: ids('invalid-claims', 'claimIds must be a list of claim ids.'),
		scenarioIds: ids('invalid-scenarios', 'scenarioIds must be a list of scenario ids.')
	}),
	'rating.cast': v.object({
		roundId,
		scores: coded(
			'invalid-scores',
			mapOf(
				mapOf(v.pipe(v.number(SCORE_MESSAGE), v.integer(SCORE_MESSAGE), v.minValue(1, SCORE_MESSAGE), v.maxValue(5, SCORE_MESSAGE)), 'Scores map criteria to 1–5.'),
				'Scores map claim ids to criteria.'
			)
		)
	}),
	'rating.close': v.object({ roundId }),
	'rating.reveal': v.object({ roundId }),
	'rating.sendBack': v.object({ roundId, claimId: coded('unknown-claim', v.string('That claim is not in this round.')) }),

	/** Breakout groups (src/lib/doc/control.ts BreakoutRound): form, draft apart, reveal, compare, vote, adopt. */
	'breakout.open': v.object({
		groupSize: v.optional(coded('invalid-groups', v.pipe(whole(GROUP_SIZE_MESSAGE), v.minValue(GROUP_SIZE_MIN, GROUP_SIZE_MESSAGE), v.maxValue(GROUP_SIZE_MAX, GROUP_SIZE_MESSAGE)))),
		groupCount: v.optional(coded('invalid-groups', v.pipe(whole(GROUP_COUNT_MESSAGE), v.minValue(2, GROUP_COUNT_MESSAGE), v.maxValue(GROUP_COUNT_MAX, GROUP_COUNT_MESSAGE)))),
		mix: v.optional(coded('invalid-mix', v.picklist(BREAKOUT_MIXES, `Choose one of: ${BREAKOUT_MIXES.join(', ')}.`)), 'mixed'),
		startFrom: v.optional(coded('invalid-start', v.picklist(['current', 'blank'], 'Start from the current draft or blank.')), 'current')
	}),
	'breakout.move': v.object({ participantId: participantId('That person is not in this workshop.'), groupId }),
	'breakout.rename': v.object({ groupId, name: coded('invalid-name', lineOf(GROUP_NAME_MAX, `A group name has 1 to ${GROUP_NAME_MAX} characters.`)) }),
	'breakout.start': v.object({ minutes: breakoutMinutes }),
	'breakout.extend': v.object({ minutes: breakoutMinutes }),
	'breakout.message': v.object({ text: coded('invalid-text', lineOf(BREAKOUT_MESSAGE_MAX, `A message has 1 to ${BREAKOUT_MESSAGE_MAX} characters.`)) }),
	'breakout.end': none,
	'breakout.reveal': none,
	/** Open a language vote on one line whose options are the groups' versions of it. */
	'breakout.voteLine': v.object({
		lineId: coded('unknown-line', v.string('That line is not in the groups\' versions.')),
		kind: v.optional(coded('invalid-vote', voteKind)),
		budget: v.optional(coded('invalid-vote', voteBudget)),
		allowStacking: v.optional(flag('invalid-vote', 'allowStacking must be true or false.'))
	}),
	/** Write one group's text of one line into the room's proposition. */
	'breakout.adoptLine': v.object({ groupId, lineId: coded('unknown-line', v.string('That line is not in this group\'s version.')) }),
	/** Make one group's whole version the room's draft. */
	'breakout.adoptVersion': v.object({ groupId }),
	'breakout.close': none,

	'version.save': v.object({ name: coded('invalid-name', lineOf(VERSION_NAME_MAX, `A version name has 1 to ${VERSION_NAME_MAX} characters.`)) }),
	'export.setPolicy': v.object({ policy: coded('invalid-policy', v.picklist(EXPORT_POLICIES, `Choose one of: ${EXPORT_POLICIES.join(', ')}.`)) }),
	'signoff.setSigners': v.object({
		participantIds: coded(
			'invalid-signers',
			v.pipe(v.array(participantId('Signers must be people in this workshop (not observers).'), SIGNERS_MESSAGE), v.maxLength(MAX_SIGNERS, SIGNERS_MESSAGE))
		)
	}),
	'signoff.sign': v.object({ versionId: coded('unknown-version', v.string('That version does not exist.')) }),

	// The field phase (issue 21). Shapes and sizes here; what a log may say (signed claims, the
	// lead definition, times, the edit window) is read by src/lib/domain/fieldLogs.ts in the handler.
	/** Open logging against a signed version (default: the one signed last); again to reopen. */
	'field.open': v.object({ versionId: v.optional(coded('unknown-version', v.string('That version does not exist.'))) }),
	'field.close': none,
	/** A conversation: made on the device with its own id, so a resend after reconnecting is stored once. */
	'field.log': v.object({
		id: logId,
		at: v.optional(logTime),
		uses: coded('invalid-log', v.pipe(v.array(v.looseObject({}), USES_MESSAGE), v.minLength(1, USES_MESSAGE), v.maxLength(USES_PER_LOG_MAX, USES_MESSAGE))),
		dealStage: v.nullish(coded('invalid-log', v.string('That deal stage is not on the list.')))
	}),
	/** A lead handed off: each required field present or not, accepted or returned and why. */
	'field.handoff': v.object({
		id: logId,
		at: v.optional(logTime),
		fields: coded('invalid-log', mapOf(v.boolean('A field is present (true) or missing (false).'), 'Say for each required field whether the lead had it.')),
		decision: coded('invalid-log', v.picklist(HANDOFF_DECISIONS, 'A lead is accepted or returned.')),
		reason: v.nullish(coded('invalid-log', v.pipe(v.string('A reason is text.'), v.maxLength(REASON_MAX * 2, `A reason is at most ${REASON_MAX} characters.`))))
	}),
	/** Its author, within a day. */
	'field.deleteLog': v.object({ id: logId }),
	/** One metric value (the last entered for a metric and day counts). */
	'field.metric': v.object({
		metricId: coded('unknown-metric', v.string('That metric was not agreed in this workshop.')),
		date: coded('invalid-date', v.string('A date is written YYYY-MM-DD.')),
		value: coded('invalid-value', finite('A value is a number.'))
	}),
	/** Values from a spreadsheet (CSV: metric, date, value); all rows or none. */
	'field.importMetrics': v.object({ csv: coded('invalid-csv', v.pipe(v.string('Send the CSV as text.'), v.minLength(1, 'The CSV is empty.'), v.maxLength(CSV_CHARS_MAX, 'A CSV is at most 1,000,000 characters.'))) }),
	/** Remove someone who joined with the field link (their sessions end), and with `discardLogs` every log they wrote. */
	'field.removeMember': v.object({
		participantId: participantId('That person did not join with the field link.'),
		discardLogs: coded('invalid-discard', v.boolean('Say whether their logs are discarded (true or false).'))
	}),
	/** A new field link: the old one stops admitting anyone; people who joined keep their sessions. */
	'field.rotateLink': none,
	/** The weekly digest's slot in the calendar, or null to take it off. */
	'field.scheduleDigest': v.object({
		slot: v.nullable(
			v.object({
				weekday: coded('invalid-slot', v.pipe(whole(WEEKDAY_MESSAGE), v.minValue(1, WEEKDAY_MESSAGE), v.maxValue(7, WEEKDAY_MESSAGE))),
				time: coded('invalid-slot', v.pipe(v.string('A time is HH:MM.'), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM.')))
			})
		)
	})
} as const;

export type IntentType = keyof typeof INTENT_SCHEMAS;
/** What a client sends with an intent (beside `type`). */
export type IntentPayload<T extends IntentType> = v.InferInput<(typeof INTENT_SCHEMAS)[T]>;
/** What a handler receives: the payload checked, trimmed and defaulted. */
export type IntentBody<T extends IntentType> = v.InferOutput<(typeof INTENT_SCHEMAS)[T]>;

export const INTENT_TYPES = Object.keys(INTENT_SCHEMAS) as IntentType[];

export function isIntentType(type: unknown): type is IntentType {
	return typeof type === 'string' && Object.hasOwn(INTENT_SCHEMAS, type);
}

/** Why a payload was refused: the field (dot path), a stable code and a message for people. */
export interface IntentProblem {
	field: string;
	code: string;
	message: string;
}

export type ParsedIntent<T extends IntentType> = { ok: true; value: IntentBody<T> } | { ok: false; problem: IntentProblem };

/** Check a payload against its intent's schema; the first problem is reported. */
export function parseIntent<T extends IntentType>(type: T, payload: unknown): ParsedIntent<T> {
	const schema = INTENT_SCHEMAS[type];
	const parsed = v.safeParse(schema, payload);
	if (parsed.success) return { ok: true, value: parsed.output };
	const issue = parsed.issues[0];
	const path = issue.path ?? [];
	return { ok: false, problem: { field: v.getDotPath(issue) ?? '', code: codeAt(schema, path) ?? 'invalid-payload', message: messageOf(issue, schemaAt(schema, path)) } };
}

// ----------------------------------------------------------- refusal codes

/** The code of `node` or of what it wraps (optional, nullish). */
function ownCode(node: unknown): string | undefined {
	for (let at = node; isRecord(at); at = at.wrapped) {
		const code = CODES.get(at);
		if (code) return code;
	}
	return undefined;
}

/** The schema of one step down an issue's path: an object's entry, an array's item, a record's value. */
function childOf(node: unknown, key: unknown): unknown {
	let at = node;
	while (isRecord(at) && 'wrapped' in at) at = at.wrapped;
	if (!isRecord(at)) return undefined;
	if (isRecord(at.entries)) return at.entries[String(key)];
	return at.item ?? at.value;
}

const isSchema = (x: unknown): x is v.GenericSchema => isRecord(x) && x.kind === 'schema' && '~run' in x;

function schemaAt(root: unknown, path: readonly v.IssuePathItem[]): unknown {
	return path.reduce((node, item) => childOf(node, item.key), root);
}

/**
 * A missing field is reported by valibot with its object's generic message; the
 * field's own schema, given nothing, says what it wants in the API's words.
 */
function messageOf(issue: v.BaseIssue<unknown>, field: unknown): string {
	if (issue.input !== undefined || !isSchema(field)) return issue.message;
	const own = v.safeParse(field, undefined);
	return own.success ? issue.message : own.issues[0].message;
}

function codeAt(root: unknown, path: readonly v.IssuePathItem[]): string | undefined {
	let code = ownCode(root);
	let node = root;
	for (const item of path) {
		node = childOf(node, item.key);
		code = ownCode(node) ?? code;
	}
	return code;
}
