import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BreakoutRound } from '../../doc/control';
import { buildExport } from '../../doc/export';
import { claimLineId, claims, controlWriters, setLineText } from '../../doc/schema';
import { renderMarkdown } from './markdown';
import { signable } from './model';
import { buildOrigins } from './origins';
import { sampleExport } from './sample';
import { sampleBreakoutExport, sampleBreakoutRound, sampleBreakoutVote } from './sampleBreakout';

const asAdopted: Record<string, string> = {
	headline: 'Keep every truck on the road',
	oneLiner: 'Fleetwise warns you days before a truck breaks down — and pays for the repair if it misses one.',
	'claim-k1': 'Cuts VOR days by 25% in the first year, measured on your own fleet'
};
const room = (lineId: string) => asAdopted[lineId] ?? '';

describe('buildOrigins', () => {
	const [headline, oneLiner, claim] = buildOrigins([sampleBreakoutRound()], [sampleBreakoutVote()], room);

	it('lists each adopted line in the order it was adopted', () => {
		expect([headline, oneLiner, claim].map((o) => o!.line)).toEqual(['Headline', 'One-liner', 'Claim 1']);
		expect(headline!.round).toBe('');
	});

	it('a voted line: each wording with its groups, merged as the comparison merges them, and the vote per team', () => {
		expect(headline).toMatchObject({ source: 'vote', adopted: 'Keep every truck on the road', how: 'Chosen by vote, 16 voted', unit: 'dots', editedSince: false });
		expect(headline!.teams).toEqual(['Sales', 'Marketing', 'Leadership and other']);
		expect(headline!.wordings).toEqual([
			{ text: 'Keep every truck on the road', groups: ['Group 1', 'Depot crew'], adopted: true, total: 22, byTeam: [6, 14, 2] },
			{ text: 'No more surprise breakdowns', groups: ['Group 2'], adopted: false, total: 15, byTeam: [9, 4, 2] },
			{ text: 'Fewer VOR days, or we pay', groups: ['Group 4'], adopted: false, total: 11, byTeam: [6, 3, 2] }
		]);
		expect(headline!.agreement).toContain('Sales and marketing favour different options');
		expect(headline!.note).toContain('shown together');
	});

	it('a line taken from a group: its wording marked, the groups that left it empty listed, no figures', () => {
		expect(oneLiner).toMatchObject({ source: 'group', how: 'Taken from Group 2', unit: '', teams: [], agreement: null, missing: ['Group 4'] });
		expect(oneLiner!.wordings.map((w) => [w.groups, w.adopted, w.total])).toEqual([
			[['Group 1', 'Depot crew'], false, null],
			[['Group 2'], true, null]
		]);
		// 30% and 25% are different claims, however alike the words.
		expect(claim!.wordings.map((w) => w.groups)).toEqual([['Group 1', 'Group 2', 'Group 4'], ['Depot crew']]);
	});

	it('tells when the room edited the line after adopting it', () => {
		const [edited] = buildOrigins([sampleBreakoutRound()], [sampleBreakoutVote()], (id) => (id === 'headline' ? 'Keep every truck rolling' : room(id)));
		expect(edited!.editedSince).toBe(true);
		const [spaced] = buildOrigins([sampleBreakoutRound()], [sampleBreakoutVote()], (id) => (id === 'headline' ? ' Keep every  truck on the road\n' : room(id)));
		expect(spaced!.editedSince).toBe(false);
	});

	it('a line adopted twice in a round is listed once, as last adopted; rounds are named when several adopted', () => {
		const first = sampleBreakoutRound();
		const again = { ...first.adoptions[1]!, groupIds: ['g1'], text: 'Fleetwise predicts breakdowns before they happen and guarantees your uptime.', at: first.adoptions[2]!.at + 1 };
		const second: BreakoutRound = { ...sampleBreakoutRound(), id: 'round-2', createdAt: first.createdAt + 1, adoptions: [{ ...first.adoptions[2]! }] };
		const origins = buildOrigins([{ ...first, adoptions: [...first.adoptions, again] }, { ...second, id: 'round-x', adoptions: [] }, second], [sampleBreakoutVote()], room);
		expect(origins.map((o) => `${o.round} ${o.line}`)).toEqual(['Round 1 Headline', 'Round 1 Claim 1', 'Round 1 One-liner', 'Round 2 Claim 1']);
		expect(origins[2]).toMatchObject({ how: 'Taken from Group 1', editedSince: true });
		expect(origins[2]!.wordings.find((w) => w.adopted)!.groups).toEqual(['Group 1', 'Depot crew']);
	});

	it('shows no figures for a vote not revealed, and nothing without adoptions', () => {
		const vote = { ...sampleBreakoutVote(), status: 'closed' as const, results: null };
		const [h] = buildOrigins([sampleBreakoutRound()], [vote], room);
		expect(h).toMatchObject({ how: 'Chosen by vote', teams: [], agreement: null });
		expect(h!.wordings.every((w) => w.total === null)).toBe(true);
		expect(buildOrigins([{ ...sampleBreakoutRound(), adoptions: [] }], [], room)).toEqual([]);
		expect(buildOrigins([], [], room)).toEqual([]);
	});
});

describe('where the lines came from, in the export', () => {
	it('is not part of what a signature binds: the hash of a workshop does not change with it', () => {
		const data = sampleBreakoutExport();
		const { origins: _origins, ...without } = data;
		expect(JSON.stringify(signable(data))).toBe(JSON.stringify(signable(without)));
	});

	it('renders in Markdown: per line the adopted text, how, and each wording with its groups', () => {
		const markdown = renderMarkdown(sampleBreakoutExport());
		const section = markdown.slice(markdown.indexOf('## Where the lines came from'), markdown.indexOf('## Who took part'));
		expect(section).toContain('### Headline');
		expect(section).toContain('Chosen by vote, 16 voted: **Keep every truck on the road**');
		expect(section).toContain('| Wording | Groups | Total dots | Sales | Marketing | Leadership and other |');
		expect(section).toContain('| Keep every truck on the road **(adopted)** | Group 1, Depot crew | 22 | 6 | 14 | 2 |');
		expect(section).toContain('Taken from Group 2: **Fleetwise warns you');
		expect(section).toContain('| Wording | Groups |\n| --- | --- |');
		expect(section).toContain('_No text from Group 4._');
	});

	it('is absent from a workshop without breakout rounds', () => {
		expect(renderMarkdown(sampleExport())).not.toContain('Where the lines came from');
	});

	it('is built from the documents: control\'s rounds and votes, the room\'s current lines', () => {
		const content = new Y.Doc();
		const control = new Y.Doc();
		claims.add(content, 'k1');
		for (const [lineId, text] of Object.entries(asAdopted)) setLineText(content, lineId, text);
		const meta = { title: 'Q1 launch', product: 'Fleetwise', customer: 'Fleets' };
		expect(buildExport(content, control, meta, new Date(0))).not.toHaveProperty('origins');
		controlWriters.putBreakout(control, sampleBreakoutRound());
		controlWriters.putVote(control, sampleBreakoutVote());
		setLineText(content, claimLineId('k1'), 'Cuts VOR days by 25% in year one');
		const origins = buildExport(content, control, meta, new Date(0)).origins!;
		expect(origins.map((o) => [o.line, o.editedSince])).toEqual([
			['Headline', false],
			['One-liner', false],
			['Claim 1', true]
		]);
	});
});
