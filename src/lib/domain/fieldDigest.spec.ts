import { describe, expect, it } from 'vitest';
import { fieldDigest, nextRoundSeeds, topObjections } from './fieldDigest';
import { fieldView } from './fieldView';
import { leadQuality } from './leadQuality';
import { metricSeries } from './metricSeries';
import type { ClaimUse, ConversationLog, HandoffLog } from './fieldLogs';

const LAUNCH = '2026-03-02';
const at = (days: number) => Date.parse(`${LAUNCH}T00:00:00Z`) + days * 86_400_000;
const NOW = at(40);
const claims = [
	{ id: 'k1', text: 'Cuts onboarding to a day' },
	{ id: 'k2', text: 'Pays for itself in a quarter' },
	{ id: 'k3', text: 'Works with your CRM' }
];
let n = 0;
const conv = (use: ClaimUse): ConversationLog => ({ id: `c${n++}`, authorId: 'p1', team: 'sales', at: at(n % 40), recordedAt: 0, uses: [use] });
const repeat = (count: number, use: ClaimUse) => Array.from({ length: count }, () => conv(use));

const view = fieldView({
	claims,
	launchDate: LAUNCH,
	now: NOW,
	predictions: { k2: { deliverable: 2.8, conversation: 3.4 } },
	logs: [
		...repeat(9, { claimId: 'k1', outcome: 'worked' }),
		...repeat(1, { claimId: 'k1', outcome: 'objection', objection: 'Sounds too good' }),
		...repeat(6, { claimId: 'k2', outcome: 'objection', objection: 'Too expensive' }),
		...repeat(4, { claimId: 'k2', outcome: 'worked' }),
		...repeat(2, { claimId: 'k3', outcome: 'objection', objection: 'We use Salesforce' })
	]
});
const handoff = (fields: Record<string, boolean>, decision: 'accepted' | 'returned', reason = ''): HandoffLog => ({ id: `h${n++}`, authorId: 'm1', team: 'marketing', at: 0, recordedAt: 0, fields, decision, reason });
const leads = leadQuality([{ id: 'budget', label: 'Budget' }], [handoff({ budget: true }, 'accepted'), handoff({ budget: false }, 'returned', 'No budget')]);
const metrics = [metricSeries({ id: 'leads', name: 'Qualified leads', target: '120 a month', horizon: 'month' }, [{ metricId: 'leads', date: '2026-03-20', value: 130, source: 'csv' }], { from: LAUNCH, today: '2026-04-11' })];

describe('the weekly digest', () => {
	const digest = fieldDigest({ view, leads, metrics, now: NOW });

	it('lists the claims that work and those that do not, with why', () => {
		expect(digest).toMatchObject({ asOf: '2026-04-11', week: 6, conversations: { logs: 22, uses: 22, workedShare: 13 / 22 } });
		expect(digest.claimsThatWork).toEqual([{ claimId: 'k1', text: 'Cuts onboarding to a day', uses: 10, workedShare: 0.9 }]);
		expect(digest.claimsThatFail).toEqual([
			{ claimId: 'k2', text: 'Pays for itself in a quarter', uses: 10, workedShare: 0.4, flag: 'Predicted deliverable 2.8 — in the field, 6 of 10 conversations hit the same objection ("Too expensive")' }
		]);
	});

	it('gives the top objections (heard more than once), the metrics against target and lead quality', () => {
		expect(digest.topObjections.map((o) => [o.text, o.count, o.uses])).toEqual([
			['Too expensive', 6, 10],
			['We use Salesforce', 2, 2]
		]);
		// The newest month with a value: April has none yet.
		expect(digest.metrics).toEqual([{ metricId: 'leads', name: 'Qualified leads', horizon: 'month', period: 'Mar 2026', value: 130, target: 120, direction: 'at-least', met: true }]);
		expect(digest.leads).toEqual({ leads: 2, metShare: 0.5, returned: 1, mostMissing: [{ label: 'Budget', count: 1 }], topReasons: [{ text: 'No budget', count: 1 }] });
	});

	it('is plain data, ready for JSON and the renderers', () => {
		expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
	});

	it('limits the top objections', () => {
		expect(topObjections(view, 1)).toHaveLength(1);
	});
});

describe('the next round', () => {
	it('seeds the failing claims and the top objections as insight notes with their evidence', () => {
		expect(nextRoundSeeds(view)).toEqual([
			{
				column: 'customers-say',
				text: 'Fails in the field: "Pays for itself in a quarter"',
				evidence: 'Predicted deliverable 2.8 — in the field, 6 of 10 conversations hit the same objection ("Too expensive"). 4 of 10 conversations worked over the 6 weeks since launch.',
				lineId: 'claim-k2'
			},
			{ column: 'objections', text: 'Too expensive', evidence: 'Heard in 6 of 10 conversations using "Pays for itself in a quarter" over the 6 weeks since launch.', lineId: 'claim-k2' },
			{ column: 'objections', text: 'We use Salesforce', evidence: 'Heard in 2 of 2 conversations using "Works with your CRM" over the 6 weeks since launch.', lineId: 'claim-k3' }
		]);
	});

	it('seeds nothing from an empty field', () => {
		expect(nextRoundSeeds(fieldView({ claims, logs: [], launchDate: LAUNCH, now: NOW }))).toEqual([]);
	});
});
