/**
 * Field schemas that intents and the archive share: a stage or a column typed
 * by a facilitator and one read from an archive file obey the same limits.
 */
import * as v from 'valibot';
import { STAGE_INSTRUCTION_MAX, STAGE_MINUTES_MAX, STAGE_TITLE_MAX } from '../domain/agenda.js';
import { COLUMN_TITLE_MAX } from '../domain/board.js';
import { MAX_BUDGET } from '../domain/voting.js';

/** Runs of whitespace become one space; titles and names are one line. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A one-line text of 1 to `max` characters after whitespace is collapsed; `message` on any failure. */
export const lineOf = (max: number, message: string | ((issue: v.BaseIssue<unknown>) => string)) =>
	v.pipe(v.string(message), v.transform(oneLine), v.minLength(1, message), v.maxLength(max, message));

/** A whole number from `min` to `max`. */
export const wholeNumber = (min: number, max: number, message: string) =>
	v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

export const STAGE_TITLE_MESSAGE = `A stage title has 1 to ${STAGE_TITLE_MAX} characters.`;
export const stageTitle = lineOf(STAGE_TITLE_MAX, STAGE_TITLE_MESSAGE);
export const stageMinutes = wholeNumber(1, STAGE_MINUTES_MAX, `Minutes must be a whole number from 1 to ${STAGE_MINUTES_MAX}.`);
const INSTRUCTION_MESSAGE = `An instruction has at most ${STAGE_INSTRUCTION_MAX} characters.`;
export const stageInstruction = v.pipe(v.string(INSTRUCTION_MESSAGE), v.transform(oneLine), v.maxLength(STAGE_INSTRUCTION_MAX, INSTRUCTION_MESSAGE));
export const stageSkipped = v.boolean('Skipped must be true or false.');

export const columnTitle = lineOf(COLUMN_TITLE_MAX, `A column title has 1 to ${COLUMN_TITLE_MAX} characters.`);

/** Ids the server or an archive made: non-empty, bounded. */
export const ID_MAX = 80;
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX));

/** A stage as `control` holds it (and an archive carries it). */
export const stageSchema = v.object({ id, title: stageTitle, minutes: stageMinutes, instruction: stageInstruction, skipped: stageSkipped });

/** A board column as `control` holds it (and an archive carries it). */
export const columnSchema = v.object({ id, title: columnTitle, hint: v.pipe(v.string(), v.maxLength(200)) });

/** How a vote counts: dots to spread, or a single choice. */
export const voteKind = v.picklist(['dots', 'single'], 'The vote kind is dots or single.');
export const voteBudget = wholeNumber(1, MAX_BUDGET, `A budget is 1 to ${MAX_BUDGET} dots.`);
