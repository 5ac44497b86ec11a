/**
 * The JSON archive: everything needed to recreate a workshop's content in a new
 * workshop (new ids, new people), with the results as they were published
 * (vote and rating aggregates, where the teams split, adopted lines). Ballots,
 * named-vote lists, sessions and the roster stay behind.
 */
import { array, check, is, maxLength, minLength, pipe, safeParse } from 'valibot';
import * as Y from 'yjs';
import { readControl, type RatingRound, type VoteState } from '../src/lib/doc/schema.js';
import { CRITERION_IDS, type CellStats, type Criterion, type RatingResults } from '../src/lib/domain/ratings.js';
import { isTeam, type Team } from '../src/lib/domain/teams.js';
import type { GroupResult, VoteResults } from '../src/lib/domain/voting.js';
import type { Stage } from '../src/lib/domain/agenda.js';
import type { BoardColumn } from '../src/lib/domain/board.js';
import { columnSchema, stageSchema, voteBudget, voteKind } from '../src/lib/protocol/fields.js';
import { fail, ok, type Result } from './result.js';
import { readFieldArchive, type FieldArchive } from './field/archive.js';

export const ARCHIVE_FORMAT = 'plumbline-archive';
export const ARCHIVE_VERSION = 2;
/** Version 1 archives (no results) still import. */
const READABLE_VERSIONS: readonly number[] = [1, 2];
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
	/** Revealed votes and rating rounds, as published: aggregates only. */
	results: { votes: VoteState[]; ratings: RatingRound[] };
	/** The field phase, its logs and metric values (issue 21); absent before the field was opened. */
	field?: FieldArchive;
}

export function writeArchive(workshop: Archive['workshop'], content: Y.Doc, control: Y.Doc, now: Date, field?: FieldArchive): Archive {
	const state = readControl(control);
	return {
		format: ARCHIVE_FORMAT,
		version: ARCHIVE_VERSION,
		exportedAt: now.toISOString(),
		workshop,
		content: Buffer.from(Y.encodeStateAsUpdate(content)).toString('base64'),
		agenda: state.agenda,
		columns: state.columns,
		results: {
			// A named vote's list of who voted what is a list of ballots: it stays behind.
			votes: state.votes.filter((v) => v.status === 'revealed' && v.results).map((v) => ({ ...v, ballots: null })),
			ratings: state.ratings.filter((r) => r.status === 'revealed' && r.results)
		},
		...(field ? { field } : {})
	};
}

export interface ParsedArchive {
	workshop: Archive['workshop'];
	content: Uint8Array;
	agenda: Stage[];
	columns: BoardColumn[];
	results: Archive['results'];
	field: FieldArchive | null;
}

/** Check an archive's version and shape before anything is created. */
export function readArchive(input: unknown, sizeInBytes: number): Result<ParsedArchive> {
	if (sizeInBytes > ARCHIVE_MAX_BYTES) return fail(413, 'archive-too-large', `An archive is at most ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB.`);
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(400, 'invalid-archive', 'This is not a Plumbline archive.');
	const a = input as Record<string, unknown>;
	if (a.format !== ARCHIVE_FORMAT) return fail(400, 'invalid-archive', 'This is not a Plumbline archive.');
	if (typeof a.version !== 'number' || !READABLE_VERSIONS.includes(a.version)) {
		return fail(400, 'unsupported-archive-version', `This archive is version ${String(a.version).slice(0, 10)}; this server reads versions ${READABLE_VERSIONS.join(' and ')}.`);
	}
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
	if (!isCompleteUpdate(content)) return fail(400, 'invalid-archive', 'The archive’s content is damaged.');
	// What the agenda and column intents would refuse is refused here too (the same field
	// schemas): clients trust `control`.
	const agenda = safeParse(AGENDA, a.agenda);
	if (!agenda.success) return fail(400, 'invalid-archive', 'The archive’s agenda is malformed.');
	const columns = safeParse(COLUMNS, a.columns);
	if (!columns.success) return fail(400, 'invalid-archive', 'The archive’s board columns are malformed.');
	const results = a.version === 1 ? { votes: [], ratings: [] } : readResults(a.results);
	if (!results) return fail(400, 'invalid-archive', 'The archive’s results are malformed.');
	const field = readFieldArchive(a.field, Date.now());
	if (!field.ok) return field;
	return ok({ workshop: workshop as ParsedArchive['workshop'], content, agenda: agenda.output, columns: columns.output, results, field: field.value });
}

// ------------------------------------------------------------------ results
// An archive is a file anyone can edit: every published figure is checked
// before it reaches a new workshop's `control`, where clients trust it.

const MAX_VOTES = 200;
const MAX_ROUNDS = 50;
const MAX_OPTIONS = 100;
const MAX_CLAIMS = 100;
const MAX_TEXT = 4000;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000;
const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const score = (v: unknown): v is number => typeof v === 'number' && v >= 1 && v <= 5;
const teams = (v: unknown): v is Team[] => Array.isArray(v) && v.length > 0 && v.length <= 4 && v.every(isTeam) && new Set(v).size === v.length;
const listOf = <T>(v: unknown, max: number, read: (x: unknown) => T | null): T[] | null => {
	if (!Array.isArray(v) || v.length > max) return null;
	const out = v.map(read);
	return out.every((x) => x !== null) ? (out as T[]) : null;
};

function readResults(raw: unknown): Archive['results'] | null {
	if (!isRec(raw)) return null;
	const votes = listOf(raw.votes, MAX_VOTES, readVote);
	const ratings = listOf(raw.ratings, MAX_ROUNDS, readRound);
	return votes && ratings ? { votes, ratings } : null;
}

function dotsPerOption(v: unknown, ids: ReadonlySet<string>): Record<string, number> | null {
	if (!isRec(v) || !Object.entries(v).every(([id, n]) => ids.has(id) && count(n))) return null;
	return v as Record<string, number>;
}

function readVote(raw: unknown): VoteState | null {
	if (!isRec(raw)) return null;
	const v = raw;
	if (!str(v.id, 40) || !str(v.lineId, 80) || !str(v.lineLabel, 80) || !is(voteKind, v.kind)) return null;
	if (!is(voteBudget, v.budget) || typeof v.allowStacking !== 'boolean' || typeof v.named !== 'boolean') return null;
	if (v.status !== 'revealed' || !count(v.voters) || !time(v.openedAt)) return null;
	const options = listOf(v.options, MAX_OPTIONS, (o) =>
		isRec(o) && str(o.id, 40) && str(o.text, MAX_TEXT) && (o.authorTeam === null || isTeam(o.authorTeam)) ? { id: o.id, text: o.text, authorTeam: o.authorTeam as Team | null } : null
	);
	if (!options) return null;
	const ids = new Set(options.map((o) => o.id));
	const r = v.results;
	if (!isRec(r) || !count(r.voters)) return null;
	const totals = dotsPerOption(r.totals, ids);
	const winners = Array.isArray(r.winners) && r.winners.every((id) => typeof id === 'string' && ids.has(id)) ? (r.winners as string[]) : null;
	const groups = listOf(r.groups, 4, (g): GroupResult | null => {
		if (!isRec(g) || !teams(g.teams) || !count(g.voters)) return null;
		const t = dotsPerOption(g.totals, ids);
		return t ? { teams: g.teams, voters: g.voters, totals: t } : null;
	});
	if (!totals || !winners || !groups) return null;
	const a = v.adopted;
	const adopted = a === null || a === undefined ? null : isRec(a) && typeof a.optionId === 'string' && ids.has(a.optionId) && time(a.at) ? { optionId: a.optionId, at: a.at } : undefined;
	if (adopted === undefined) return null;
	const results: VoteResults = { voters: r.voters, totals, winners, groups };
	return { id: v.id, lineId: v.lineId, lineLabel: v.lineLabel, kind: v.kind, budget: v.budget, allowStacking: v.allowStacking, named: v.named, status: 'revealed', options, voters: v.voters, openedAt: v.openedAt, results, ballots: null, adopted };
}

function readCell(raw: unknown): CellStats | null {
	if (!isRec(raw) || !count(raw.n) || typeof raw.contested !== 'boolean') return null;
	const mean = raw.mean === null ? null : score(raw.mean) ? raw.mean : undefined;
	const spread = raw.spread === null ? null : typeof raw.spread === 'number' && raw.spread >= 0 && raw.spread <= 2 ? raw.spread : undefined;
	if (mean === undefined || spread === undefined || !isRec(raw.byTeam)) return null;
	const byTeam: CellStats['byTeam'] = {};
	for (const [team, m] of Object.entries(raw.byTeam)) {
		if (!isTeam(team) || (m !== null && !score(m))) return null;
		byTeam[team] = m as number | null;
	}
	const groups = listOf(raw.groups, 4, (g) => (isRec(g) && teams(g.teams) && count(g.n) && score(g.mean) ? { teams: g.teams, n: g.n, mean: g.mean } : null));
	return groups ? { n: raw.n, mean, spread, byTeam, groups, contested: raw.contested } : null;
}

function readRound(raw: unknown): RatingRound | null {
	if (!isRec(raw)) return null;
	const r = raw;
	if (!str(r.id, 40) || r.status !== 'revealed' || !count(r.raters) || !time(r.openedAt)) return null;
	const claims = listOf(r.claims, MAX_CLAIMS, (c) => (isRec(c) && str(c.id, 40) && str(c.label, 80) && str(c.text, MAX_TEXT) ? { id: c.id, label: c.label, text: c.text } : null));
	const scenarioIds = listOf(r.scenarioIds, 200, (id) => (str(id, 40) ? id : null));
	if (!claims || !scenarioIds) return null;
	const ids = new Set(claims.map((c) => c.id));
	const sentBack = listOf(r.sentBack, MAX_CLAIMS, (id) => (typeof id === 'string' && ids.has(id) ? id : null));
	const res = r.results;
	if (!sentBack || !isRec(res) || !count(res.raters) || !isRec(res.weakest)) return null;
	const statsOf = listOf(res.claims, MAX_CLAIMS, (c) => {
		if (!isRec(c) || typeof c.claimId !== 'string' || !ids.has(c.claimId) || !isRec(c.criteria)) return null;
		const criteria = {} as Record<Criterion, CellStats>;
		for (const id of CRITERION_IDS) {
			const cell = readCell(c.criteria[id]);
			if (!cell) return null;
			criteria[id] = cell;
		}
		const contested = listOf(c.contested, CRITERION_IDS.length, (id) => ((CRITERION_IDS as readonly unknown[]).includes(id) ? (id as Criterion) : null));
		const gap = c.gap === null ? null : typeof c.gap === 'number' && c.gap >= 0 && c.gap <= 4 ? c.gap : undefined;
		return contested && gap !== undefined ? { claimId: c.claimId, criteria, contested, gap } : null;
	});
	if (!statsOf) return null;
	const weakest: RatingResults['weakest'] = {};
	for (const [criterion, claimId] of Object.entries(res.weakest)) {
		if (!(CRITERION_IDS as readonly string[]).includes(criterion) || typeof claimId !== 'string' || !ids.has(claimId)) return null;
		weakest[criterion as Criterion] = claimId;
	}
	return { id: r.id, status: 'revealed', claims, scenarioIds, raters: r.raters, openedAt: r.openedAt, results: { raters: res.raters, claims: statsOf, weakest }, sentBack };
}

/**
 * The update decodes and applies whole to an empty document. An update whose
 * structs or deletions wait for changes it does not carry would leave the new
 * workshop with content nobody can see until those arrive, which they never will.
 */
function isCompleteUpdate(update: Uint8Array): boolean {
	const doc = new Y.Doc();
	try {
		Y.decodeUpdate(update);
		Y.applyUpdate(doc, update);
		return doc.store.pendingStructs === null && doc.store.pendingDs === null;
	} catch {
		return false;
	} finally {
		doc.destroy();
	}
}

const uniqueIds = (items: readonly { id: string }[]) => new Set(items.map((i) => i.id)).size === items.length;

const AGENDA = pipe(
	array(stageSchema),
	minLength(1),
	maxLength(30),
	check((stages) => uniqueIds(stages)),
	check((stages) => stages.some((s) => !s.skipped))
);

const COLUMNS = pipe(array(columnSchema), minLength(1), maxLength(12), check((columns) => uniqueIds(columns)));
