/**
 * Root cause: readers trusted the type (a number is a number) but not the
 * value, so one participant writing `offsetDays: NaN`, a 1e300 duration, an
 * unknown time zone or a line nested 20,000 deep made the exports, the
 * calendar and version saves throw for everyone. Every reader is total.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
const LINE_DEPTH_MAX = 64; import { PROPOSITION_LINES, allLineIds, canvas, charactersByClient, claims, content, lineText } from './schema';
import { buildExport } from './export';
import { renderMarkdown } from '../domain/export/markdown';
import { timelineCalendar } from '../client/calendar';
import { unfold } from '../domain/ics';
const MAX_DURATION_MINUTES = 10080, MAX_OFFSET_DAYS = 3660; const isTimeOfDay = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s); import { PHASES, isIsoDate, isTimeZone, resolveDate, timelineFlags } from '../domain/timeline';
import { applyKnownPoisons, applyPoison, poison } from '../../../test/support/poison';

const meta = { title: 'Poisoned', product: '', customer: '' };
const now = new Date('2027-01-01T00:00:00Z');

/** Every reader of `content` at once, with what "sane" means for each. */
function readEverything(doc: Y.Doc): void {
	const campaign = content.campaign.read(doc);
	expect(campaign.launchDate === '' || isIsoDate(campaign.launchDate)).toBe(true);
	expect(campaign.endDate === '' || isIsoDate(campaign.endDate)).toBe(true);
	expect(isTimeZone(campaign.timeZone)).toBe(true);

	for (const m of content.timeline(doc).list()) {
		expect(PHASES.map((p) => p.id)).toContain(m.phase);
		expect(['launch', 'end', 'date']).toContain(m.anchor);
		expect(Number.isInteger(m.offsetDays) && Math.abs(m.offsetDays) <= MAX_OFFSET_DAYS).toBe(true);
		expect(m.date === '' || isIsoDate(m.date)).toBe(true);
		expect(isTimeOfDay(m.time)).toBe(true);
		expect(m.durationMinutes >= 15 && m.durationMinutes <= MAX_DURATION_MINUTES).toBe(true);
		expect(['todo', 'in-progress', 'ready']).toContain(m.materialsStatus);
		for (const key of ['title', 'callToAction', 'targets', 'materials', 'ownerTeam', 'channel'] as const) expect(typeof m[key]).toBe('string');
		const date = resolveDate(m, campaign);
		expect(date === null || isIsoDate(date)).toBe(true);
	}
	const collections = [content.notes, content.phrasings, content.scenarios, content.glossary, content.metrics, content.handoff, content.timeline, canvas.clusters, canvas.connectors];
	for (const collection of collections) {
		for (const record of collection(doc).list()) {
			expect(typeof record.id).toBe('string');
			expect(Number.isFinite(record.createdAt)).toBe(true);
			expect(record.authorTeam === null || typeof record.authorTeam === 'string').toBe(true);
			for (const value of Object.values(record)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
		}
	}
	for (const m of content.metrics(doc).list()) expect(['week', 'month', 'quarter', 'year']).toContain(m.horizon);
	for (const f of content.handoff(doc).list()) {
		expect(['proposed', 'required', 'optional', 'dropped']).toContain(f.status);
		expect(new Set(f.wantedBy).size).toBe(f.wantedBy.length);
	}
	for (const cluster of canvas.readClusters(doc)) for (const v of Object.values(cluster.rect)) expect(Number.isFinite(v)).toBe(true);
	for (const point of canvas.places(doc).values()) expect(Number.isFinite(point.x) && Number.isFinite(point.y)).toBe(true);
	expect(claims.ids(doc).every((id) => typeof id === 'string')).toBe(true);
	for (const lineId of allLineIds(doc)) expect(typeof lineText(doc, lineId)).toBe('string');
	charactersByClient(doc, allLineIds(doc));
	timelineFlags(content.timeline(doc).list(), campaign);

	const markdown = renderMarkdown(buildExport(doc, new Y.Doc(), meta, now));
	expect(markdown).toContain('# Poisoned');
	const ics = timelineCalendar(content.timeline(doc).list(), campaign, { id: 'w', title: 'Poisoned' }, now);
	for (const line of unfold(ics).filter((l) => /^DT(START|END):/.test(l))) expect(line).toMatch(/^DT(START|END):\d{8}T\d{6}Z$/);
}

describe('poisoned content', () => {
	it('reads back sane whatever a modified client writes into any root', () => {
		fc.assert(
			fc.property(fc.array(poison, { minLength: 1, maxLength: 25 }), (poisons) => {
				const doc = new Y.Doc();
				for (const p of poisons) applyPoison(doc, p);
				readEverything(doc);
			}),
			{ numRuns: 100 }
		);
	}, 60_000);

	it('reads the poisons the issue names: NaN and 1e9 offsets, a 1e300 duration, an unknown zone, a line 20,000 deep', () => {
		const doc = new Y.Doc();
		applyKnownPoisons(doc);
		readEverything(doc);
		const campaign = content.campaign.read(doc);
		expect(campaign.timeZone).toBe('UTC');
		const byId = new Map(content.timeline(doc).list().map((m) => [m.id, m]));
		expect(byId.get('nan')!.offsetDays).toBe(0);
		expect(byId.get('far')!.offsetDays).toBe(MAX_OFFSET_DAYS);
		expect(byId.get('long')!.durationMinutes).toBe(MAX_DURATION_MINUTES);
		expect(byId.get('long')!.time).toBe('09:00');
		expect(resolveDate(byId.get('date')!, campaign)).toBeNull();
		// Deeper than the editor nests: the levels beyond LINE_DEPTH_MAX are left out.
		expect(lineText(doc, 'headline')).not.toContain('deep');
		expect(lineText(doc, 'headline').length).toBeLessThan(4 * LINE_DEPTH_MAX);
		expect(PROPOSITION_LINES.every((l) => typeof lineText(doc, l.id) === 'string')).toBe(true);
		const ics = timelineCalendar(content.timeline(doc).list(), campaign, { id: 'w', title: 'Poisoned' }, now);
		expect(ics).toContain('SUMMARY:Poisoned nan');
		expect(unfold(ics)).toContain('DTSTART:20270201T090000Z');
	});
});
