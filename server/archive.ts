/**
 * The JSON archive: everything needed to recreate a workshop's content in a new
 * workshop (new ids, new people). Ballots, sessions and the roster stay behind.
 */
import * as Y from 'yjs';
import { readControl } from '../src/lib/doc/schema.js';
import type { Stage } from '../src/lib/domain/agenda.js';
import type { BoardColumn } from '../src/lib/domain/board.js';
import { fail, ok, type Result } from './result.js';

export const ARCHIVE_FORMAT = 'plumbline-archive';
export const ARCHIVE_VERSION = 1;
/** The largest archive accepted, in bytes of JSON. */
export const ARCHIVE_MAX_BYTES = 8 * 1024 * 1024;

export interface Archive {
	format: typeof ARCHIVE_FORMAT;
	version: typeof ARCHIVE_VERSION;
	exportedAt: string;
	workshop: { title: string; product: string; customer: string; launchDate: string };
	/** The `content` document as one Yjs update, base64. */
	content: string;
	agenda: Stage[];
	columns: BoardColumn[];
}

export function writeArchive(workshop: Archive['workshop'], content: Y.Doc, control: Y.Doc, now: Date): Archive {
	const state = readControl(control);
	return {
		format: ARCHIVE_FORMAT,
		version: ARCHIVE_VERSION,
		exportedAt: now.toISOString(),
		workshop,
		content: Buffer.from(Y.encodeStateAsUpdate(content)).toString('base64'),
		agenda: state.agenda,
		columns: state.columns
	};
}

export interface ParsedArchive {
	workshop: Archive['workshop'];
	content: Uint8Array;
	agenda: Stage[];
	columns: BoardColumn[];
}

/** Check an archive's version and shape before anything is created. */
export function readArchive(input: unknown, sizeInBytes: number): Result<ParsedArchive> {
	if (sizeInBytes > ARCHIVE_MAX_BYTES) return fail(413, 'archive-too-large', `An archive is at most ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB.`);
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(400, 'invalid-archive', 'This is not a Plumbline archive.');
	const a = input as Record<string, unknown>;
	if (a.format !== ARCHIVE_FORMAT) return fail(400, 'invalid-archive', 'This is not a Plumbline archive.');
	if (a.version !== ARCHIVE_VERSION) return fail(400, 'unsupported-archive-version', `This archive is version ${String(a.version).slice(0, 10)}; this server reads version ${ARCHIVE_VERSION}.`);
	const w = a.workshop as Record<string, unknown> | undefined;
	const str = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : null);
	const workshop = w && {
		title: str(w.title, 120),
		product: str(w.product ?? '', 200),
		customer: str(w.customer ?? '', 200),
		launchDate: str(w.launchDate ?? '', 10)
	};
	if (!workshop || Object.values(workshop).some((v) => v === null) || !workshop.title) return fail(400, 'invalid-archive', 'The archive’s workshop details are missing or malformed.');
	if (typeof a.content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content)) return fail(400, 'invalid-archive', 'The archive’s content is not base64.');
	const content = new Uint8Array(Buffer.from(a.content, 'base64'));
	try {
		Y.decodeUpdate(content);
	} catch {
		return fail(400, 'invalid-archive', 'The archive’s content is damaged.');
	}
	if (!Array.isArray(a.agenda) || !a.agenda.every(isStage) || a.agenda.length === 0 || a.agenda.length > 30) return fail(400, 'invalid-archive', 'The archive’s agenda is malformed.');
	if (!Array.isArray(a.columns) || !a.columns.every(isColumn) || a.columns.length === 0 || a.columns.length > 12) return fail(400, 'invalid-archive', 'The archive’s board columns are malformed.');
	return ok({ workshop: workshop as ParsedArchive['workshop'], content, agenda: a.agenda as Stage[], columns: a.columns as BoardColumn[] });
}

function isStage(s: unknown): s is Stage {
	const x = s as Record<string, unknown>;
	return !!x && typeof x.id === 'string' && typeof x.title === 'string' && x.title.length <= 40 && typeof x.minutes === 'number' && typeof x.instruction === 'string' && x.instruction.length <= 200 && typeof x.skipped === 'boolean';
}

function isColumn(c: unknown): c is BoardColumn {
	const x = c as Record<string, unknown>;
	return !!x && typeof x.id === 'string' && typeof x.title === 'string' && x.title.length <= 40 && typeof x.hint === 'string' && x.hint.length <= 200;
}
