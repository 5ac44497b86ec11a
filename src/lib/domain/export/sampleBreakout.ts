/**
 * The sample workshop after a breakout round (shared/samples/sample-workshop.md): four
 * groups drafted the headline, the one-liner and the first claim; the room voted the
 * headline from the groups' versions, took Group 2's one-liner and the depot group's claim.
 * Built at the level of `control`, so tests and the look at the documents go through buildOrigins.
 */
import type { BreakoutRound, GroupVersion, VoteState } from '../../doc/control.js';
import type { ExportData } from './model.js';
import { buildOrigins } from './origins.js';
import { sampleExport } from './sample.js';

const GROUPS = [
	{ id: 'g1', name: 'Group 1' },
	{ id: 'g2', name: 'Group 2' },
	{ id: 'g3', name: 'Depot crew' },
	{ id: 'g4', name: 'Group 4' }
];

const DRAFTS: Record<string, Record<string, string>> = {
	g1: {
		headline: 'Keep every truck on the road',
		oneLiner: 'Fleetwise predicts breakdowns before they happen and guarantees your uptime.',
		'claim-k1': 'Cuts unplanned vehicle-off-road time by 30%'
	},
	g2: {
		headline: 'No more surprise breakdowns',
		oneLiner: 'Fleetwise warns you days before a truck breaks down — and pays for the repair if it misses one.',
		'claim-k1': 'Cuts unplanned vehicle-off-road time by 30%.'
	},
	g3: {
		headline: 'Keep every truck on the road.',
		oneLiner: 'Fleetwise predicts breakdowns before they happen, and guarantees your uptime',
		'claim-k1': 'Cuts VOR days by 25% in the first year, measured on your own fleet'
	},
	g4: { headline: 'Fewer VOR days, or we pay', oneLiner: '', 'claim-k1': 'Cuts unplanned vehicle-off-road time by 30%' }
};

const LABELS: Record<string, string> = { headline: 'Headline', oneLiner: 'One-liner', 'claim-k1': 'Claim 1' };

export function sampleBreakoutRound(): BreakoutRound {
	const versions: GroupVersion[] = GROUPS.map((g, i) => ({
		groupId: g.id,
		groupName: g.name,
		lines: Object.entries(DRAFTS[g.id]!).map(([lineId, text]) => ({ lineId, label: LABELS[lineId]!, text })),
		balance: [
			{ team: 'sales', chars: 120 + i * 30 },
			{ team: 'marketing', chars: 160 - i * 20 }
		]
	}));
	const at = Date.UTC(2026, 10, 23, 9, 40);
	return {
		id: 'round-1',
		status: 'revealed',
		mix: 'mixed',
		startFrom: 'current',
		groups: GROUPS.map((g, i) => ({ ...g, memberIds: [`p${i * 4}`, `p${i * 4 + 1}`, `p${i * 4 + 2}`, `p${i * 4 + 3}`] })),
		createdAt: at - 30 * 60_000,
		startedAt: at - 25 * 60_000,
		endsAt: at - 10 * 60_000,
		oneMinuteAt: at - 11 * 60_000,
		message: null,
		progress: {},
		versions,
		adoptions: [
			{ lineId: 'headline', lineLabel: 'Headline', source: 'vote', groupIds: ['g1', 'g3'], voteId: 'vote-headline', text: 'Keep every truck on the road', at: at + 5 * 60_000 },
			{ lineId: 'oneLiner', lineLabel: 'One-liner', source: 'group', groupIds: ['g2'], voteId: null, text: DRAFTS.g2!.oneLiner!, at: at + 7 * 60_000 },
			{ lineId: 'claim-k1', lineLabel: 'Claim 1', source: 'group', groupIds: ['g3'], voteId: null, text: DRAFTS.g3!['claim-k1']!, at: at + 8 * 60_000 }
		]
	};
}

/** The headline vote opened from the round's versions: same and near-same wordings as one option. */
export function sampleBreakoutVote(): VoteState {
	const options = [
		{ id: 'o1', text: 'Keep every truck on the road', authorTeam: null, groups: [GROUPS[0]!, GROUPS[2]!] },
		{ id: 'o2', text: 'No more surprise breakdowns', authorTeam: null, groups: [GROUPS[1]!] },
		{ id: 'o3', text: 'Fewer VOR days, or we pay', authorTeam: null, groups: [GROUPS[3]!] }
	];
	return {
		id: 'vote-headline',
		lineId: 'headline',
		lineLabel: 'Headline',
		kind: 'dots',
		budget: 3,
		allowStacking: false,
		named: false,
		status: 'revealed',
		options,
		voters: 16,
		openedAt: Date.UTC(2026, 10, 23, 9, 41),
		results: {
			voters: 16,
			totals: { o1: 22, o2: 15, o3: 11 },
			winners: ['o1'],
			groups: [
				{ teams: ['sales'], voters: 7, totals: { o1: 6, o2: 9, o3: 6 } },
				{ teams: ['marketing'], voters: 7, totals: { o1: 14, o2: 4, o3: 3 } },
				{ teams: ['leadership', 'other'], voters: 2, totals: { o1: 2, o2: 2, o3: 2 } }
			]
		},
		ballots: null,
		adopted: { optionId: 'o1', at: Date.UTC(2026, 10, 23, 9, 45) },
		breakoutId: 'round-1'
	};
}

/** The sample export with the round's adopted lines in the proposition and the section on where they came from. */
export function sampleBreakoutExport(): ExportData {
	const base = sampleExport();
	const round = sampleBreakoutRound();
	const proposition = {
		...base.proposition,
		oneLiner: DRAFTS.g2!.oneLiner!,
		claims: base.proposition.claims.map((c, i) => (i === 0 ? { ...c, text: DRAFTS.g3!['claim-k1']! } : c))
	};
	const room: Record<string, string> = { headline: proposition.headline, oneLiner: proposition.oneLiner, 'claim-k1': proposition.claims[0]!.text };
	return { ...base, proposition, origins: buildOrigins([round], [sampleBreakoutVote()], (id) => room[id] ?? '') };
}
