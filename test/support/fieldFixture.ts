/**
 * A realistic field response, made by the pure domain from the sample workshop
 * (/work/shared/samples/sample-workshop.md: Fleetwise Uptime Guarantee, launch
 * 2027-02-01) and generated logs: component tests, screenshots and the browser
 * bench share it. Seeded, so every run draws the same data.
 */
import type { FieldResponse } from '../../src/lib/api.js';
import type { FieldPhase } from '../../src/lib/doc/control.js';
import { fieldView, type FieldClaim, type Predictions } from '../../src/lib/domain/fieldView.js';
import { leadQuality, type LeadField } from '../../src/lib/domain/leadQuality.js';
import { metricSeries, type SeriesMetric } from '../../src/lib/domain/metricSeries.js';
import type { ClaimUse, ConversationLog, HandoffLog, MetricValue, Outcome } from '../../src/lib/domain/fieldLogs.js';

export const LAUNCH = '2027-02-01';
const DAY = 86_400_000;
const launch = Date.parse(`${LAUNCH}T00:00:00Z`);

export const CLAIMS: FieldClaim[] = [
	{ id: 'k1', text: 'Cuts unplanned vehicle-off-road time by 30%' },
	{ id: 'k2', text: 'Installs in one day, without a workshop visit' },
	{ id: 'k3', text: 'Works with every make of truck you already run' },
	{ id: 'k4', text: 'Pays for itself within six months' },
	{ id: 'k5', text: 'If we miss a breakdown, the repair is on us' }
];

export const PREDICTIONS: Predictions = {
	k1: { true: 3.1, consistent: 4.2, deliverable: 3.4, conversation: 3.6 },
	k2: { true: 3.9, consistent: 4.0, deliverable: 2.8, conversation: 3.9 },
	k3: { true: 4.1, consistent: 4.4, deliverable: 3.9, conversation: 4.3 },
	k4: { true: 3.0, consistent: 3.8, deliverable: 3.5, conversation: 2.9 },
	k5: { true: 4.0, consistent: 4.1, deliverable: 3.2, conversation: 4.4 }
};

export const LEAD_FIELDS: LeadField[] = [
	{ id: 'f-name', label: 'Name' },
	{ id: 'f-contact', label: 'Phone or email' },
	{ id: 'f-company', label: 'Company' },
	{ id: 'f-fleet', label: 'Fleet size' },
	{ id: 'f-reason', label: 'Reason to call now' },
	{ id: 'f-makes', label: 'Truck makes' }
];

export const METRICS: SeriesMetric[] = [
	{ id: 'm-pipeline', name: 'Pipeline created by the campaign', target: '€2.4M', horizon: 'month' },
	{ id: 'm-leads', name: 'Qualified leads handed to sales', target: '180', horizon: 'month' },
	{ id: 'm-awareness', name: 'Brand awareness among fleet managers', target: '+10 pts', horizon: 'year' },
	{ id: 'm-winrate', name: 'Win rate on campaign opportunities', target: '25%', horizon: 'quarter' },
	{ id: 'm-contact', name: 'Time from hand-off to first contact', target: 'under 24 h', horizon: 'week' }
];

/** How each claim lands in the field: K2's "one day" install meets the same objection, K4 rarely works. */
const LANDING: Record<string, { worked: number; objection: number; objections: string[] }> = {
	k1: { worked: 0.55, objection: 0.3, objections: ['Your 30% comes from another segment', 'your 30 % comes from another segment!', 'We already have OEM telematics'] },
	k2: { worked: 0.3, objection: 0.6, objections: ['Installing on 200 trucks will take months', 'installing on 200 trucks will take months', 'Our drivers won\'t accept more monitoring'] },
	k3: { worked: 0.75, objection: 0.15, objections: ['We run a mixed fleet with old trailers'] },
	k4: { worked: 0.25, objection: 0.35, objections: ['Six months is not our budget cycle', 'Show us a reference with our OEM mix', 'Too expensive'] },
	k5: { worked: 0.68, objection: 0.2, objections: ['Guarantees always have small print', 'guarantees always have small print.'] }
};

/** mulberry32: a small seeded generator. */
export function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function conversationLogs(count: number, people: number, days: number, seed = 21): ConversationLog[] {
	const r = random(seed);
	return Array.from({ length: count }, (_, i): ConversationLog => {
		const uses: ClaimUse[] = [];
		const n = 1 + Math.floor(r() * 3);
		for (let u = 0; u < n; u++) {
			const claimId = CLAIMS[Math.floor(r() * CLAIMS.length)]!.id;
			if (uses.some((x) => x.claimId === claimId)) continue;
			const land = LANDING[claimId]!;
			const x = r();
			const outcome: Outcome = x < land.worked ? 'worked' : x < land.worked + land.objection ? 'objection' : 'flat';
			const use: ClaimUse = { claimId, outcome };
			if (outcome === 'objection' && r() < 0.85) use.objection = land.objections[Math.floor(r() * land.objections.length)]!;
			uses.push(use);
		}
		const at = launch + Math.floor(r() * days * DAY);
		return { id: `l${i}`, authorId: `p${i % people}`, team: i % 5 === 0 ? 'marketing' : 'sales', at, recordedAt: at, uses };
	});
}

export function handoffLogs(count: number, seed = 7): HandoffLog[] {
	const r = random(seed);
	const present = { 'f-name': 0.99, 'f-contact': 0.95, 'f-company': 0.97, 'f-fleet': 0.7, 'f-reason': 0.55, 'f-makes': 0.8 } as Record<string, number>;
	const reasons = ['No reason to call now', 'no reason to call now', 'Fleet under 50 trucks', 'Already a customer'];
	return Array.from({ length: count }, (_, i): HandoffLog => {
		const fields = Object.fromEntries(LEAD_FIELDS.map((f) => [f.id, r() < present[f.id]!]));
		const returned = r() < 0.3;
		return { id: `h${i}`, authorId: `m${i % 4}`, team: 'marketing', at: launch + i * DAY, recordedAt: launch + i * DAY, fields, decision: returned ? 'returned' : 'accepted', reason: returned ? reasons[Math.floor(r() * reasons.length)]! : '' };
	});
}

function metricValues(days: number): MetricValue[] {
	const out: MetricValue[] = [];
	const date = (d: number) => new Date(launch + d * DAY).toISOString().slice(0, 10);
	for (let d = 0; d < days; d += 7) {
		out.push({ metricId: 'm-pipeline', date: date(d), value: 420_000 + d * 9_000, source: 'csv' });
		out.push({ metricId: 'm-leads', date: date(d), value: 34 + (d % 3) * 6, source: 'entered' });
		out.push({ metricId: 'm-winrate', date: date(d), value: 19 + d / 8, source: 'entered' });
		out.push({ metricId: 'm-contact', date: date(d), value: d < 21 ? 31 : 20, source: 'entered' });
	}
	out.push({ metricId: 'm-awareness', date: date(days - 1), value: 6, source: 'entered' });
	return out;
}

export interface FieldFixtureOptions {
	logs?: number;
	people?: number;
	/** Days since launch. */
	days?: number;
	handoffs?: number;
	may?: Partial<FieldResponse['may']>;
}

export function fieldPhase(over: Partial<FieldPhase> = {}): FieldPhase {
	return {
		status: 'open',
		openedAt: launch - 3 * DAY,
		closedAt: null,
		versionId: 'v-signed',
		versionName: 'Agreed in the room',
		launchDate: LAUNCH,
		endDate: '2027-04-30',
		timeZone: 'Europe/Stockholm',
		claims: CLAIMS,
		leadFields: LEAD_FIELDS,
		metrics: METRICS,
		predictions: PREDICTIONS,
		reviews: [{ id: 'r1', title: 'Mid-campaign review', date: '2027-03-18' }],
		digest: null,
		...over
	};
}

/** Six weeks after launch with a few hundred logs by default; `{ logs: 20_000, people: 500, days: 91 }` is the bench's quarter. */
export function fieldFixture({ logs = 400, people = 40, days = 42, handoffs = 120, may = {} }: FieldFixtureOptions = {}): FieldResponse {
	const conversations = conversationLogs(logs, people, days);
	const leads = handoffLogs(handoffs);
	const values = metricValues(days);
	const now = launch + days * DAY;
	const today = new Date(now).toISOString().slice(0, 10);
	return {
		revision: logs + handoffs + values.length,
		phase: fieldPhase(),
		counts: { revision: logs + handoffs + values.length, fieldMembers: people, conversations: logs, handoffs, metricValues: values.length },
		view: fieldView({ claims: CLAIMS, logs: conversations, launchDate: LAUNCH, now, predictions: PREDICTIONS }),
		leads: leadQuality(LEAD_FIELDS, leads),
		metrics: METRICS.map((m) => metricSeries(m, values, { from: LAUNCH, today })),
		mine: { conversations: [], handoffs: [] },
		may: { log: true, enterMetrics: true, facilitate: true, downloadDigest: true, ...may },
		fieldUrl: 'http://localhost:3000/w/w-component/join#field=secret'
	};
}
