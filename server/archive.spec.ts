import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildExport } from '../src/lib/doc/export.js';
import { content, controlWriters, lineFragment } from '../src/lib/doc/schema.js';
import { defaultAgenda } from '../src/lib/domain/agenda.js';
import { ARCHIVE_MAX_BYTES, readArchive, writeArchive } from './archive.js';
import { readControl, type RatingRound, type VoteState } from '../src/lib/doc/schema.js';
import { ratingStats } from '../src/lib/domain/ratings.js';
import { tally, type Ballot, type VoteOption } from '../src/lib/domain/voting.js';

function workshopDocs() {
	const contentDoc = new Y.Doc();
	const controlDoc = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Keep every truck on the road')]);
	lineFragment(contentDoc, 'headline').insert(0, [p]);
	content.glossary(contentDoc).add({ id: 'g', authorId: 'a', authorTeam: 'sales', createdAt: 1, marketingSays: 'downtime', salesSays: 'VOR', weSay: 'VOR', definition: '', example: '' });
	content.campaign.write(contentDoc, { launchDate: '2027-02-01', endDate: '2027-04-30', timeZone: 'Europe/Stockholm' });
	controlWriters.setAgenda(controlDoc, defaultAgenda());
	return { contentDoc, controlDoc };
}

const meta = { title: 'Q1 launch', product: 'Uptime Guarantee', customer: 'Fleet managers', launchDate: '2027-02-01' };

describe('archives', () => {
	it('round-trips: export → import → export gives the same content', () => {
		const { contentDoc, controlDoc } = workshopDocs();
		const text = JSON.stringify(writeArchive(meta, contentDoc, controlDoc, new Date(0)));
		const parsed = readArchive(JSON.parse(text), text.length);
		if (!parsed.ok) throw new Error(parsed.error.message);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, parsed.value.content);
		const freshControl = new Y.Doc();
		controlWriters.setAgenda(freshControl, parsed.value.agenda);
		const before = buildExport(contentDoc, controlDoc, meta, new Date(0));
		const after = buildExport(copy, freshControl, meta, new Date(0));
		expect(after.proposition).toEqual(before.proposition);
		expect(after.glossary).toEqual(before.glossary);
		expect(after.timeline).toEqual(before.timeline);
		expect([after.launchDate, after.campaignEnd, after.timeZone]).toEqual([before.launchDate, before.campaignEnd, before.timeZone]);
		expect(parsed.value.workshop).toEqual(meta);
	});

	it('refuses wrong versions, wrong shapes, damaged content and oversized files, saying why', () => {
		const { contentDoc, controlDoc } = workshopDocs();
		const good = writeArchive(meta, contentDoc, controlDoc, new Date(0));
		const cases: Array<[unknown, number, string]> = [
			[null, 10, 'invalid-archive'],
			[{ ...good, format: 'other' }, 10, 'invalid-archive'],
			[{ ...good, version: 3 }, 10, 'unsupported-archive-version'],
			[{ ...good, workshop: { title: '' } }, 10, 'invalid-archive'],
			[{ ...good, content: '!!!not base64' }, 10, 'invalid-archive'],
			[{ ...good, content: Buffer.from([1, 2, 3, 250, 250]).toString('base64') }, 10, 'invalid-archive'],
			[{ ...good, agenda: [{ id: 'x' }] }, 10, 'invalid-archive'],
			[{ ...good, columns: 'no' }, 10, 'invalid-archive'],
			[good, ARCHIVE_MAX_BYTES + 1, 'archive-too-large']
		];
		for (const [input, size, code] of cases) {
			const result = readArchive(input, size);
			expect(result.ok, JSON.stringify(input)?.slice(0, 60)).toBe(false);
			if (!result.ok) expect(result.error.code).toBe(code);
		}
	});

	it('holds an archive’s agenda and columns to the limits the agenda and column intents enforce (the same schemas)', () => {
		const { contentDoc, controlDoc } = workshopDocs();
		const good = writeArchive(meta, contentDoc, controlDoc, new Date(0));
		const stage = good.agenda[0]!;
		const column = good.columns[0]!;
		const refused = [
			{ agenda: [{ ...stage, title: 'x'.repeat(41) }] },
			{ agenda: [{ ...stage, title: '   ' }] },
			{ agenda: [{ ...stage, minutes: 241 }] },
			{ agenda: [{ ...stage, minutes: 2.5 }] },
			{ agenda: [{ ...stage, instruction: 'x'.repeat(201) }] },
			{ agenda: [{ ...stage, skipped: true }] },
			{ agenda: [stage, stage] },
			{ agenda: [] },
			{ columns: [{ ...column, title: 'x'.repeat(41) }] },
			{ columns: [column, column] }
		];
		for (const change of refused) {
			const result = readArchive({ ...good, ...change }, 10);
			expect(result.ok, JSON.stringify(change).slice(0, 80)).toBe(false);
		}
		// Whitespace is collapsed as the intents collapse it.
		const spaced = readArchive({ ...good, agenda: [{ ...stage, title: ' Frame   the  launch ' }] }, 10);
		expect(spaced.ok && spaced.value.agenda[0]!.title).toBe('Frame the launch');
	});

	describe('results', () => {
		const options: VoteOption[] = [
			{ id: 'current', text: 'Keep every truck on the road', authorTeam: null },
			{ id: 'alt', text: 'Costs < $10 & saves > 3 hours', authorTeam: 'sales' }
		];
		function revealed(): { vote: VoteState; round: RatingRound } {
			const ballots: Ballot[] = [
				{ voterId: 'ballot-id-anna', team: 'sales' as const, allocation: { alt: 1 } },
				{ voterId: 'ballot-id-bjorn', team: 'sales' as const, allocation: { alt: 1 } },
				{ voterId: 'ballot-id-elif', team: 'marketing' as const, allocation: { current: 1 } },
				{ voterId: 'ballot-id-farid', team: 'marketing' as const, allocation: { current: 1 } },
				{ voterId: 'ballot-id-ines', team: 'leadership' as const, allocation: { alt: 1 } }
			];
			const vote: VoteState = {
				id: 'v1', lineId: 'headline', lineLabel: 'Headline', kind: 'single', budget: 1, allowStacking: false, named: true, status: 'revealed', options,
				voters: 5, openedAt: 10, results: tally(options, ballots, 2, true),
				ballots: [{ name: 'Ines Duarte', team: 'leadership', allocation: { alt: 1 } }],
				adopted: { optionId: 'alt', at: 20 }
			};
			const scores = (conversation: number) => ({ k1: { true: 4, consistent: 4, deliverable: 4, conversation } });
			const results = ratingStats(['k1'], [
				{ raterId: 'ballot-id-anna', team: 'sales', scores: scores(1) },
				{ raterId: 'ballot-id-bjorn', team: 'sales', scores: scores(2) },
				{ raterId: 'ballot-id-elif', team: 'marketing', scores: scores(5) },
				{ raterId: 'ballot-id-farid', team: 'marketing', scores: scores(5) }
			]);
			const round: RatingRound = { id: 'r1', status: 'revealed', claims: [{ id: 'k1', label: 'Claim 1', text: 'The repair is on us' }], scenarioIds: [], raters: 4, openedAt: 30, results, sentBack: ['k1'] };
			return { vote, round };
		}

		it('carries revealed results as published (aggregates, splits, adopted lines), never ballots, and reads them back', () => {
			const { contentDoc, controlDoc } = workshopDocs();
			const { vote, round } = revealed();
			controlWriters.putVote(controlDoc, vote);
			controlWriters.putVote(controlDoc, { ...vote, id: 'v2', status: 'open', results: null, ballots: null, adopted: null });
			controlWriters.putRatingRound(controlDoc, round);
			const text = JSON.stringify(writeArchive(meta, contentDoc, controlDoc, new Date(0)));
			// Named-vote lists are ballots: they stay behind, and so does every voter id.
			expect(text).not.toContain('Ines Duarte');
			expect(text).not.toContain('ballot-id-');
			const parsed = readArchive(JSON.parse(text), text.length);
			if (!parsed.ok) throw new Error(parsed.error.message);
			expect(parsed.value.results.votes).toEqual([{ ...vote, ballots: null }]);
			expect(parsed.value.results.ratings).toEqual([round]);
			expect(parsed.value.results.ratings[0]!.results!.claims[0]!.contested).toEqual(['conversation']);

			// Imported into a fresh control document, every export shows the same findings.
			const fresh = new Y.Doc();
			for (const v of parsed.value.results.votes) controlWriters.putVote(fresh, v);
			for (const r of parsed.value.results.ratings) controlWriters.putRatingRound(fresh, r);
			const before = buildExport(contentDoc, controlDoc, meta, new Date(0));
			const after = buildExport(contentDoc, fresh, meta, new Date(0));
			expect(after.language).toEqual(before.language);
			expect(after.stressTest).toEqual(before.stressTest);
			expect(readControl(fresh).votes[0]!.adopted).toEqual({ optionId: 'alt', at: 20 });
		});

		it('still reads a version 1 archive (no results)', () => {
			const { contentDoc, controlDoc } = workshopDocs();
			const { results: _, ...v1 } = { ...writeArchive(meta, contentDoc, controlDoc, new Date(0)), version: 1 };
			const parsed = readArchive(v1, 10);
			expect(parsed.ok && parsed.value.results).toEqual({ votes: [], ratings: [] });
		});

		it('refuses forged or malformed results before anything is created', () => {
			const { contentDoc, controlDoc } = workshopDocs();
			const { vote, round } = revealed();
			controlWriters.putVote(controlDoc, vote);
			controlWriters.putRatingRound(controlDoc, round);
			const good = JSON.parse(JSON.stringify(writeArchive(meta, contentDoc, controlDoc, new Date(0))));
			const forge = (change: (a: typeof good) => void) => {
				const copy = structuredClone(good);
				change(copy);
				return copy;
			};
			const forged = [
				forge((a) => (a.results = 'x')),
				forge((a) => (a.results.votes[0].results.totals = { nowhere: 3 })),
				forge((a) => (a.results.votes[0].results.totals.alt = -1)),
				forge((a) => (a.results.votes[0].results.groups[0].teams = ['hackers'])),
				forge((a) => (a.results.votes[0].adopted = { optionId: 'ghost', at: 1 })),
				forge((a) => (a.results.votes[0].status = 'open')),
				forge((a) => (a.results.votes[0].options[0].text = 'x'.repeat(5000))),
				forge((a) => (a.results.ratings[0].results.claims[0].criteria.true.mean = 9)),
				forge((a) => (a.results.ratings[0].results.claims[0].criteria.true.groups = [{ teams: ['sales'], n: 2, mean: NaN }])),
				forge((a) => (a.results.ratings[0].results.claims[0].contested = ['charm'])),
				forge((a) => (a.results.ratings[0].results.weakest = { true: 'ghost' })),
				forge((a) => (a.results.ratings[0].sentBack = ['ghost'])),
				forge((a) => (a.results.votes = Array.from({ length: 201 }, () => a.results.votes[0])))
			];
			for (const archive of forged) {
				const result = readArchive(archive, 10);
				expect(result.ok, JSON.stringify(archive.results).slice(0, 120)).toBe(false);
				if (!result.ok) expect(result.error.code).toBe('invalid-archive');
			}
			expect(readArchive(good, 10).ok).toBe(true);
		});
	});
});
