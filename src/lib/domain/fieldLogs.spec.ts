import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	BACKDATE_MAX_MS,
	EDIT_WINDOW_MS,
	OBJECTION_MAX,
	logKey,
	mayEditLog,
	mayLogField,
	readArchivedConversationLog,
	readArchivedHandoffLog,
	readConversationLog,
	readHandoffLog,
	readMetricValue,
	type LogContext
} from './fieldLogs';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const context: LogContext = { author: { id: 'p1', team: 'sales' }, now: NOW };
const signed = ['k1', 'k2', 'k3'];
const problem = (r: { ok: boolean; problem?: string }) => (r.ok ? null : r.problem);

describe('conversation logs', () => {
	it('makes a record attributed to the author, at the time the phone says', () => {
		const r = readConversationLog(
			{ id: 'a-1', at: NOW - 3600_000, uses: [{ claimId: 'k1', outcome: 'worked' }, { claimId: 'k2', outcome: 'objection', objection: '  Too\n expensive ' }], dealStage: 'demo' },
			signed,
			context
		);
		expect(r).toEqual({
			ok: true,
			value: {
				id: 'a-1',
				authorId: 'p1',
				team: 'sales',
				at: NOW - 3600_000,
				recordedAt: NOW,
				uses: [{ claimId: 'k1', outcome: 'worked' }, { claimId: 'k2', outcome: 'objection', objection: 'Too expensive' }],
				dealStage: 'demo'
			}
		});
	});

	it('refuses a log for a claim that is not in the signed version', () => {
		expect(problem(readConversationLog({ id: 'a', uses: [{ claimId: 'k9', outcome: 'worked' }] }, signed, context))).toBe('That claim is not in the signed version.');
	});

	it('says clearly what is wrong', () => {
		const log = (patch: object) => problem(readConversationLog({ id: 'a', uses: [{ claimId: 'k1', outcome: 'worked' }], ...patch }, signed, context));
		expect(log({})).toBeNull();
		expect(log({ uses: [] })).toMatch(/at least one claim/);
		expect(log({ uses: [{ claimId: 'k1', outcome: 'great' }] })).toMatch(/worked, objection or flat/);
		expect(log({ uses: [{ claimId: 'k1', outcome: 'worked' }, { claimId: 'k1', outcome: 'flat' }] })).toMatch(/once/);
		expect(log({ uses: [{ claimId: 'k1', outcome: 'worked', objection: 'but' }] })).toMatch(/Only a claim that met an objection/);
		expect(log({ uses: [{ claimId: 'k1', outcome: 'objection', objection: 'x'.repeat(OBJECTION_MAX + 1) }] })).toMatch(/at most 200/);
		expect(log({ dealStage: 'whenever' })).toMatch(/deal stage/);
		expect(log({ id: '' })).toMatch(/id/);
		expect(log({ id: 'a b' })).toMatch(/id/);
		expect(log({ at: NOW + 3600_000 })).toMatch(/future/);
		expect(log({ at: NOW - BACKDATE_MAX_MS - 1 })).toMatch(/too old/);
		expect(log({ at: 'yesterday' })).toMatch(/milliseconds/);
	});

	it('takes old logs from an archive when told to', () => {
		const r = readConversationLog({ id: 'a', at: 0, uses: [{ claimId: 'k1', outcome: 'flat' }] }, signed, { ...context, backdateMs: Infinity, recordedAt: 5 });
		expect(r.ok && r.value.recordedAt).toBe(5);
	});

	it('never throws and never accepts garbage', () => {
		fc.assert(
			fc.property(fc.anything(), (input) => {
				const r = readConversationLog(input, signed, context);
				if (r.ok) expect(r.value.uses.length).toBeGreaterThan(0);
			})
		);
	});
});

describe('hand-off logs', () => {
	const required = ['budget', 'timeline'];
	const log = (patch: object) => readHandoffLog({ id: 'h1', fields: { budget: true, timeline: false }, decision: 'accepted', ...patch }, required, context);

	it('records each required field, the decision and the reason', () => {
		expect(log({ decision: 'returned', reason: ' No timeline ' })).toMatchObject({ ok: true, value: { fields: { budget: true, timeline: false }, decision: 'returned', reason: 'No timeline' } });
	});

	it('asks for every required field, only those, and a reason for a returned lead', () => {
		expect(problem(log({ fields: { budget: true } }))).toMatch(/each required field/);
		expect(problem(log({ fields: { budget: true, timeline: true, colour: true } }))).toMatch(/not in the agreed lead definition/);
		expect(problem(log({ fields: { budget: 'yes', timeline: true } }))).toMatch(/present/);
		expect(problem(log({ decision: 'maybe' }))).toMatch(/accepted or returned/);
		expect(problem(log({ decision: 'returned' }))).toMatch(/why/);
		expect(problem(log({}))).toBeNull();
	});

	it('never throws on garbage', () => {
		fc.assert(fc.property(fc.anything(), (input) => void readHandoffLog(input, required, context)));
	});
});

describe('metric values', () => {
	it('takes a number on a date for an agreed metric', () => {
		expect(readMetricValue({ metricId: 'm1', date: '2026-03-01', value: 12.5 }, ['m1'])).toEqual({ ok: true, value: { metricId: 'm1', date: '2026-03-01', value: 12.5, source: 'entered' } });
		expect(problem(readMetricValue({ metricId: 'm2', date: '2026-03-01', value: 1 }, ['m1']))).toMatch(/not agreed/);
		expect(problem(readMetricValue({ metricId: 'm1', date: '2026-02-30', value: 1 }, ['m1']))).toMatch(/YYYY-MM-DD/);
		expect(problem(readMetricValue({ metricId: 'm1', date: '2026-03-01', value: NaN }, ['m1']))).toMatch(/number/);
		expect(problem(readMetricValue(null, ['m1']))).toMatch(/object/);
	});
});

describe('archived records', () => {
	it('re-imports what was exported, author and times included', () => {
		const log = readConversationLog({ id: 'a-1', at: NOW - 86_400_000 * 60, uses: [{ claimId: 'k1', outcome: 'objection', objection: 'Too slow' }] }, signed, { ...context, backdateMs: Infinity });
		expect(log.ok).toBe(true);
		const exported = JSON.parse(JSON.stringify(log.ok && log.value));
		expect(readArchivedConversationLog(exported, signed)).toEqual(log);
		const lead = readHandoffLog({ id: 'h', fields: { budget: false }, decision: 'returned', reason: 'No budget' }, ['budget'], context);
		expect(readArchivedHandoffLog(JSON.parse(JSON.stringify(lead.ok && lead.value)), ['budget'])).toEqual(lead);
	});

	it('refuses an archived record without its author or for a claim not signed', () => {
		const record = { id: 'a', authorId: 'p1', team: 'sales', at: NOW, recordedAt: NOW, uses: [{ claimId: 'k1', outcome: 'worked' }] };
		expect(readArchivedConversationLog(record, signed).ok).toBe(true);
		expect(problem(readArchivedConversationLog({ ...record, team: 'pirates' }, signed))).toMatch(/author, team/);
		expect(problem(readArchivedConversationLog({ ...record, recordedAt: 'then' }, signed))).toMatch(/author, team/);
		expect(problem(readArchivedConversationLog({ ...record, at: NOW + 86_400_000 }, signed))).toMatch(/future/);
		expect(problem(readArchivedConversationLog(record, ['k2']))).toMatch(/signed version/);
		expect(problem(readArchivedHandoffLog(null, []))).toMatch(/author, team/);
	});
});

describe('who may log and edit', () => {
	const log = { authorId: 'p1', recordedAt: NOW };

	it('lets everyone but observers log', () => {
		expect(['facilitator', 'participant', 'field'].every(mayLogField)).toBe(true);
		expect(mayLogField('observer')).toBe(false);
		expect(mayLogField('')).toBe(false);
	});

	it('lets the author edit for 24 hours, and nobody else ever', () => {
		expect(mayEditLog(log, { id: 'p1' }, NOW + EDIT_WINDOW_MS - 1)).toBe(true);
		expect(mayEditLog(log, { id: 'p1' }, NOW + EDIT_WINDOW_MS)).toBe(false);
		expect(mayEditLog(log, { id: 'p2', role: 'facilitator' }, NOW + 1)).toBe(false);
		expect(mayEditLog(log, { id: '' }, NOW)).toBe(false);
		expect(mayEditLog({ authorId: '', recordedAt: NOW }, { id: '' }, NOW)).toBe(false);
		expect(mayEditLog({ authorId: 'p1', recordedAt: NaN }, { id: 'p1' }, NOW)).toBe(false);
	});

	it('keys a log by author and client id, so a resend is the same record', () => {
		expect(logKey({ authorId: 'p1', id: 'a' })).toBe(logKey({ authorId: 'p1', id: 'a' }));
		expect(logKey({ authorId: 'p1', id: 'a' })).not.toBe(logKey({ authorId: 'p2', id: 'a' }));
	});
});
