/** Everything participants co-edit besides the lines and the canvas: notes, phrasings, scenarios, glossary, metrics, hand-off, ramp-up. */
import * as Y from 'yjs';
import { ANCHORS, PHASES, clampDuration, clampOffsetDays, isIsoDate, isTimeOfDay, isTimeZone, type Anchor, type Campaign, type Phase } from '../domain/timeline.js';
import { isTeam } from '../domain/teams.js';
import { nodeKey } from '../domain/canvas.js';
import { CONTENT_ROOTS } from './names.js';
import { Collection, oneOf, type Authored } from './collection.js';
import { canvas, canvasPlaces } from './canvas.js';

export interface Note extends Authored {
	column: string;
	text: string;
	/** Position within its column; fractional so moves need no renumbering. */
	order: number;
	/** Proposition line this note supports or challenges, if linked. */
	lineId: string;
}

export interface Phrasing extends Authored {
	lineId: string;
	text: string;
}

export interface Scenario extends Authored {
	title: string;
	objection: string;
}

export interface GlossaryEntry extends Authored {
	marketingSays: string;
	salesSays: string;
	weSay: string;
	definition: string;
	example: string;
}
export const HORIZONS = ['week', 'month', 'quarter', 'year'] as const;
export type Horizon = (typeof HORIZONS)[number];

export interface Metric extends Authored {
	name: string;
	measures: string;
	/** A team id, or 'both'. */
	ownerTeam: string;
	target: string;
	horizon: Horizon;
	source: string;
	/** Both teams commit to it. */
	sharedCommitment: boolean;
}

export const HANDOFF_STATUSES = ['proposed', 'required', 'optional', 'dropped'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export interface HandoffField extends Authored {
	field: string;
	/** Team ids that want this field on every lead. */
	wantedBy: string[];
	status: HandoffStatus;
}

export type MaterialsStatus = 'todo' | 'in-progress' | 'ready';

export interface Milestone extends Authored {
	title: string;
	phase: Phase;
	anchor: Anchor;
	offsetDays: number;
	/** YYYY-MM-DD when anchored to a fixed date. */
	date: string;
	/** Local time of day (HH:MM) in the campaign's time zone, for calendars. */
	time: string;
	durationMinutes: number;
	ownerTeam: string;
	channel: string;
	callToAction: string;
	/** e.g. "20 calls and 10 emails per rep per day" */
	targets: string;
	materials: string;
	materialsStatus: MaterialsStatus;
}

const PHASE_IDS = PHASES.map((p) => p.id);
const MATERIALS_STATUSES: readonly MaterialsStatus[] = ['todo', 'in-progress', 'ready'];

/** A milestone as the rules, the calendar and the exports can use it, whatever was written. */
function saneMilestone(m: Milestone): Milestone {
	return {
		...m,
		phase: oneOf(m.phase, PHASE_IDS, 'other'),
		anchor: oneOf(m.anchor, ANCHORS, 'launch'),
		offsetDays: clampOffsetDays(m.offsetDays),
		date: isIsoDate(m.date) ? m.date : '',
		time: isTimeOfDay(m.time) ? m.time : '09:00',
		durationMinutes: clampDuration(m.durationMinutes),
		materialsStatus: oneOf(m.materialsStatus, MATERIALS_STATUSES, 'todo')
	};
}

export const content = {
	notes: (doc: Y.Doc) =>
		new Collection<Note>(doc.getMap(CONTENT_ROOTS.notes), { column: '', text: '', order: 0, lineId: '' }, ['text']),
	phrasings: (doc: Y.Doc) => new Collection<Phrasing>(doc.getMap(CONTENT_ROOTS.phrasings), { lineId: '', text: '' }, ['text']),
	scenarios: (doc: Y.Doc) => new Collection<Scenario>(doc.getMap(CONTENT_ROOTS.scenarios), { title: '', objection: '' }, ['objection']),
	glossary: (doc: Y.Doc) =>
		new Collection<GlossaryEntry>(
			doc.getMap(CONTENT_ROOTS.glossary),
			{ marketingSays: '', salesSays: '', weSay: '', definition: '', example: '' },
			['marketingSays', 'salesSays', 'weSay', 'definition', 'example']
		),
	metrics: (doc: Y.Doc) =>
		new Collection<Metric>(
			doc.getMap(CONTENT_ROOTS.metrics),
			{ name: '', measures: '', ownerTeam: 'both', target: '', horizon: 'month', source: '', sharedCommitment: false },
			['name', 'measures', 'target', 'source'],
			(m) => ({ ...m, horizon: oneOf(m.horizon, HORIZONS, 'month') })
		),
	handoff: (doc: Y.Doc) =>
		new Collection<HandoffField>(doc.getMap(CONTENT_ROOTS.handoff), { field: '', wantedBy: [], status: 'proposed' }, ['field'], (f) => ({
			...f,
			wantedBy: [...new Set(f.wantedBy)].filter(isTeam),
			status: oneOf(f.status, HANDOFF_STATUSES, 'proposed')
		})),
	timeline: (doc: Y.Doc) =>
		new Collection<Milestone>(
			doc.getMap(CONTENT_ROOTS.timeline),
			{
				title: '',
				phase: 'other',
				anchor: 'launch',
				offsetDays: 0,
				date: '',
				time: '09:00',
				durationMinutes: 60,
				ownerTeam: 'sales',
				channel: 'meeting',
				callToAction: '',
				targets: '',
				materials: '',
				materialsStatus: 'todo'
			},
			['title', 'callToAction', 'targets', 'materials'],
			saneMilestone
		),
	handoffTerms: (doc: Y.Doc) => ({
		followUp: doc.getText(CONTENT_ROOTS.handoffFollowUp),
		feedback: doc.getText(CONTENT_ROOTS.handoffFeedback)
	}),
	/** A note and everything on the canvas that hangs off it: its place and its connectors. */
	removeNote(doc: Y.Doc, noteId: string): void {
		const key = nodeKey('note', noteId);
		doc.transact(() => {
			content.notes(doc).remove(noteId);
			canvasPlaces(doc).delete(key);
			const connectors = canvas.connectors(doc);
			for (const c of connectors.list()) if (c.from === key || c.to === key) connectors.remove(c.id);
		});
	},
	campaign: {
		read(doc: Y.Doc): Campaign {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			const text = (key: string, fallback: string) => {
				const value = map.get(key);
				return typeof value === 'string' ? value : fallback;
			};
			// Only values the campaign form would save: a real date, a zone the runtime knows.
			const date = (key: string) => (isIsoDate(text(key, '')) ? text(key, '') : '');
			const timeZone = text('timeZone', 'UTC');
			return { launchDate: date('launchDate'), endDate: date('endDate'), timeZone: isTimeZone(timeZone) ? timeZone : 'UTC' };
		},
		write(doc: Y.Doc, patch: Partial<Campaign>): void {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			doc.transact(() => {
				for (const [key, value] of Object.entries(patch)) map.set(key, value);
			});
		},
		observe(doc: Y.Doc, fn: () => void): () => void {
			const map = doc.getMap<unknown>(CONTENT_ROOTS.campaign);
			map.observe(fn);
			return () => map.unobserve(fn);
		}
	}
};

