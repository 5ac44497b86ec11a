/**
 * A realistic field for the digest's tests and previews: the sample workshop's claims
 * (/work/shared/samples/sample-workshop.md, Fleetwise), six weeks after launch, a few
 * hundred conversations from 40 salespeople, lead hand-offs and metric values. Seeded,
 * so every run makes the same digest.
 */
import { fieldDigest } from '../fieldDigest.js';
import { fieldView } from '../fieldView.js';
import { leadQuality } from '../leadQuality.js';
import { metricSeries } from '../metricSeries.js';
import type { ClaimUse, ConversationLog, HandoffLog, MetricValue, Outcome } from '../fieldLogs.js';
import type { DigestDocument } from './digestMarkdown.js';

const LAUNCH = '2027-02-01';
const DAY = 86_400_000;
const launch = Date.parse(`${LAUNCH}T00:00:00Z`);
export const SAMPLE_DIGEST_NOW = launch + 41 * DAY;

export const SAMPLE_CLAIMS = [
	{ id: 'k1', text: 'Cuts unplanned vehicle-off-road time by 30%' },
	{ id: 'k2', text: 'Installs in one day, without a workshop visit' },
	{ id: 'k3', text: 'Works with every make of truck you already run' },
	{ id: 'k4', text: 'Pays for itself within six months' },
	{ id: 'k5', text: 'If we miss a breakdown, the repair is on us' }
];

/** Per claim: how often it is picked, and the odds of worked / objection (the rest fall flat) with the objections heard. */
const BEHAVIOUR: Record<string, { pick: number; worked: number; objection: number; heard: string[] }> = {
	k1: { pick: 0.7, worked: 0.45, objection: 0.45, heard: ['Your 30% comes from another segment', 'your 30 % comes from another segment!', 'We already have OEM telematics'] },
	k2: { pick: 0.35, worked: 0.3, objection: 0.6, heard: ['Installing on 200 trucks will take months', 'Installing on 200 trucks will take months.', 'Drivers will not accept more monitoring'] },
	k3: { pick: 0.4, worked: 0.72, objection: 0.18, heard: ['We run an old Scania fleet', 'Needs a reference with our OEM mix'] },
	k4: { pick: 0.3, worked: 0.5, objection: 0.3, heard: ['Six months is not credible', 'Budget is set for this year'] },
	k5: { pick: 0.55, worked: 0.78, objection: 0.18, heard: ['Guarantees always have small print', 'What is the small print?'] }
};

function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function sampleFieldLogs(count = 320): { conversations: ConversationLog[]; handoffs: HandoffLog[]; values: MetricValue[] } {
	const r = random(2027);
	const conversations = Array.from({ length: count }, (_, i): ConversationLog => {
		const uses: ClaimUse[] = [];
		for (const claim of SAMPLE_CLAIMS) {
			const b = BEHAVIOUR[claim.id]!;
			if (r() > b.pick) continue;
			const roll = r();
			const outcome: Outcome = roll < b.worked ? 'worked' : roll < b.worked + b.objection ? 'objection' : 'flat';
			uses.push(outcome === 'objection' ? { claimId: claim.id, outcome, objection: b.heard[Math.floor(r() * b.heard.length)]! } : { claimId: claim.id, outcome });
		}
		if (uses.length === 0) uses.push({ claimId: 'k5', outcome: 'worked' });
		const at = launch + Math.floor(r() * 41 * DAY);
		return { id: `c${i}`, authorId: `rep${i % 40}`, team: 'sales', at, recordedAt: at, uses };
	});
	const fields = ['name', 'contact', 'company', 'fleet', 'reason', 'makes'];
	const handoffs = Array.from({ length: 90 }, (_, i): HandoffLog => {
		const has = Object.fromEntries(fields.map((f) => [f, r() > (f === 'makes' ? 0.35 : f === 'reason' ? 0.2 : 0.04)]));
		const met = Object.values(has).every(Boolean);
		const returned = !met && r() < 0.6;
		const at = launch + Math.floor(r() * 41 * DAY);
		return { id: `h${i}`, authorId: `mkt${i % 6}`, team: 'marketing', at, recordedAt: at, fields: has, decision: returned ? 'returned' : 'accepted', reason: returned ? (has.reason ? 'Fleet below 50 trucks' : 'No reason to call now') : '' };
	});
	const values: MetricValue[] = [
		{ metricId: 'pipeline', date: '2027-02-28', value: 1_950_000, source: 'csv' },
		{ metricId: 'pipeline', date: '2027-03-10', value: 880_000, source: 'csv' },
		{ metricId: 'leads', date: '2027-02-28', value: 164, source: 'entered' },
		{ metricId: 'leads', date: '2027-03-10', value: 71, source: 'entered' },
		{ metricId: 'win', date: '2027-03-10', value: 27, source: 'entered' },
		{ metricId: 'contact', date: '2027-03-08', value: 31, source: 'entered' }
	];
	return { conversations, handoffs, values };
}

export const SAMPLE_LEAD_FIELDS = [
	{ id: 'name', label: 'Name' },
	{ id: 'contact', label: 'Contact' },
	{ id: 'company', label: 'Company' },
	{ id: 'fleet', label: 'Fleet size' },
	{ id: 'reason', label: 'Reason to call now' },
	{ id: 'makes', label: 'Truck makes' }
];

export const SAMPLE_METRICS = [
	{ id: 'pipeline', name: 'Pipeline created by the campaign (€)', target: '2400000', horizon: 'month' as const },
	{ id: 'leads', name: 'Qualified leads handed to sales', target: '180', horizon: 'month' as const },
	{ id: 'awareness', name: 'Brand awareness among fleet managers (pts)', target: '+10', horizon: 'year' as const },
	{ id: 'win', name: 'Win rate on campaign opportunities (%)', target: '25', horizon: 'quarter' as const },
	{ id: 'contact', name: 'Hours from hand-off to first contact', target: 'under 24', horizon: 'week' as const }
];

export function sampleDigestDocument(logs = sampleFieldLogs()): DigestDocument {
	const now = SAMPLE_DIGEST_NOW;
	const today = new Date(now).toISOString().slice(0, 10);
	const view = fieldView({ claims: SAMPLE_CLAIMS, logs: logs.conversations, launchDate: LAUNCH, now, predictions: { k1: { true: 3.1, deliverable: 2.8 }, k2: { deliverable: 2.6, conversation: 3.0 }, k4: { true: 3.3 } } });
	const leads = leadQuality(SAMPLE_LEAD_FIELDS, logs.handoffs);
	const metrics = SAMPLE_METRICS.map((m) => metricSeries(m, logs.values, { from: LAUNCH, today }));
	return {
		title: 'Q1 launch — Uptime Guarantee for mid-size fleets',
		versionName: 'Signed at the workshop',
		launchDate: LAUNCH,
		endDate: '2027-04-30',
		fieldUrl: 'https://plumbline.example/w/abc123/field',
		digest: fieldDigest({ view, leads, metrics, now })
	};
}
