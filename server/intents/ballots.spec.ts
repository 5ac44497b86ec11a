import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { claimLineId, claims, content, docName, lineText, setLineText } from '../../src/lib/doc/schema.js';
import { refusing, testWorkshop, type Options, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string, message?: string) => ({
	ok: false,
	error: expect.objectContaining(message === undefined ? { status, code } : { status, code, message })
});
const applied = (type: string) => ({ ok: true, value: { applied: type } });

let w: TestWorkshop;
const open = async (options?: Options) => (w = await testWorkshop(options));
afterEach(async () => w?.close());

const writeContent = (fn: (doc: Y.Doc) => void) => w.rooms.withDoc(docName(w.workshopId, 'content'), fn);
const readContent = <T>(fn: (doc: Y.Doc) => T) => w.rooms.withDoc(docName(w.workshopId, 'content'), fn);

/** A line with its current text and the phrasings proposed for it. */
const propose = (lineId: string, current: string, ...phrasings: string[]) =>
	writeContent((doc) => {
		setLineText(doc, lineId, current);
		phrasings.forEach((text, i) =>
			content.phrasings(doc).add({ id: `${lineId}-p${i + 1}`, authorId: w.people.sales.participant.id, authorTeam: 'sales', createdAt: i, lineId, text })
		);
	});

const voteOn = async (lineId: string) => (await w.control()).votes.find((v) => v.lineId === lineId)!;

describe('votes', () => {
	it('opens a vote only on a line of the proposition with an alternative, one at a time per line', async () => {
		await open({ now: () => 500 });
		await propose('headline', 'Fast');
		expect(await w.send('sales', 'vote.open', { lineId: 'headline' })).toEqual(refused(403, 'forbidden', 'Only a facilitator can do that.'));
		expect(await w.send('facilitator', 'vote.open', { lineId: 'nowhere' })).toEqual(refused(400, 'unknown-line'));
		expect(await w.send('facilitator', 'vote.open', { lineId: 'headline' })).toEqual(refused(400, 'too-few-options'));
		// A phrasing that says what the line already says is not a second option.
		await propose('headline', 'Fast', 'Fast', 'Faster');
		expect(await w.sendRaw('facilitator', { type: 'vote.open', lineId: 'headline', kind: 'ranked' })).toEqual(refused(400, 'invalid-vote'));
		expect(await w.send('facilitator', 'vote.open', { lineId: 'headline', budget: 2, allowStacking: true })).toEqual(applied('vote.open'));
		expect(await voteOn('headline')).toMatchObject({
			lineLabel: 'Headline',
			status: 'open',
			kind: 'dots',
			budget: 2,
			allowStacking: true,
			named: false,
			voters: 0,
			openedAt: 500,
			options: [
				{ id: 'current', text: 'Fast', authorTeam: null },
				{ id: 'headline-p2', text: 'Faster', authorTeam: 'sales' }
			]
		});
		expect(await w.send('facilitator', 'vote.open', { lineId: 'headline' })).toEqual(refused(409, 'vote-open'));
	});

	it('takes ballots within the budget while open, counts voters, keeps ballots out of control', async () => {
		await open();
		await propose('headline', 'Fast', 'Faster');
		await w.send('facilitator', 'vote.open', { lineId: 'headline', budget: 2, allowStacking: true });
		const { id: voteId } = await voteOn('headline');

		expect(await w.send('observer', 'vote.cast', { voteId, allocation: { current: 1 } })).toEqual(refused(403, 'forbidden', 'Observers cannot do that.'));
		expect(await w.send('sales', 'vote.cast', { voteId: 'nope', allocation: { current: 1 } })).toEqual(refused(404, 'unknown-vote'));
		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { current: -1 } })).toEqual(refused(400, 'invalid-ballot'));
		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { current: 2, 'headline-p1': 1 } })).toEqual(refused(400, 'invalid-ballot'));
		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { nothing: 1 } })).toEqual(refused(400, 'invalid-ballot'));
		expect((await voteOn('headline')).voters).toBe(0);

		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { current: 1, 'headline-p1': 0 } })).toEqual(applied('vote.cast'));
		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { 'headline-p1': 2 } })).toEqual(applied('vote.cast'));
		expect(await w.send('facilitator', 'vote.cast', { voteId, allocation: { current: 1 } })).toEqual(applied('vote.cast'));
		const vote = await voteOn('headline');
		expect(vote.voters).toBe(2);
		expect(vote.ballots).toBeNull();
		expect((await w.storage.records.getBallot(voteId, w.people.sales.participant.id))!.allocation).toEqual({ 'headline-p1': 2 });

		expect(await w.send('facilitator', 'vote.close', { voteId })).toEqual(applied('vote.close'));
		expect((await voteOn('headline')).status).toBe('closed');
		expect(await w.send('marketing', 'vote.cast', { voteId, allocation: { current: 1 } })).toEqual(refused(409, 'vote-closed'));
		expect(await w.send('facilitator', 'vote.close', { voteId })).toEqual(refused(409, 'vote-closed'));
		expect((await voteOn('headline')).voters).toBe(2);
	});

	it('reveals the tally once, then adopts an option into the line', async () => {
		await open({ now: () => 900 });
		await propose('headline', 'Fast', 'Faster');
		await w.send('facilitator', 'vote.open', { lineId: 'headline' });
		const { id: voteId } = await voteOn('headline');
		await w.send('sales', 'vote.cast', { voteId, allocation: { 'headline-p1': 1 } });
		await w.send('marketing', 'vote.cast', { voteId, allocation: { 'headline-p1': 1, current: 1 } });

		expect(await w.send('facilitator', 'vote.adopt', { voteId, optionId: 'headline-p1' })).toEqual(refused(409, 'vote-not-revealed'));
		expect(await w.send('facilitator', 'vote.reveal', { voteId: 'nope' })).toEqual(refused(404, 'unknown-vote'));
		expect(await w.send('facilitator', 'vote.reveal', { voteId })).toEqual(applied('vote.reveal'));
		const vote = await voteOn('headline');
		expect(vote).toMatchObject({ status: 'revealed', voters: 2, ballots: null });
		expect(vote.results!.voters).toBe(2);
		expect(await w.send('facilitator', 'vote.reveal', { voteId })).toEqual(refused(409, 'vote-revealed'));

		expect(await w.send('facilitator', 'vote.adopt', { voteId, optionId: 'nope' })).toEqual(refused(400, 'unknown-option'));
		expect(await w.send('sales', 'vote.adopt', { voteId, optionId: 'headline-p1' })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'vote.adopt', { voteId, optionId: 'headline-p1' })).toEqual(applied('vote.adopt'));
		expect((await voteOn('headline')).adopted).toEqual({ optionId: 'headline-p1', at: 900 });
		expect(await readContent((doc) => lineText(doc, 'headline'))).toBe('Faster');
	});

	it('publishes who voted what only for a vote announced as named', async () => {
		await open();
		await propose('oneLiner', 'We save time', 'We save an hour');
		expect(await w.send('facilitator', 'vote.open', { lineId: 'oneLiner', named: true })).toEqual(applied('vote.open'));
		const { id: voteId } = await voteOn('oneLiner');
		await w.send('sales', 'vote.cast', { voteId, allocation: { current: 1 } });
		await w.send('facilitator', 'vote.reveal', { voteId });
		expect((await voteOn('oneLiner')).ballots).toEqual([{ name: 'Sam', team: 'sales', allocation: { current: 1 } }]);
	});
});

describe('rating rounds', () => {
	const roundOf = async () => (await w.control()).ratings[0]!;
	const addClaim = (id: string, text: string) =>
		writeContent((doc) => {
			claims.add(doc, id);
			if (text) setLineText(doc, claimLineId(id), text);
		});

	it('opens a round over the claims that have text, one round at a time', async () => {
		await open();
		expect(await w.send('facilitator', 'rating.open', {})).toEqual(refused(400, 'no-claims'));
		await addClaim('c1', 'Saves an hour a day');
		await addClaim('c2', '');
		expect(await w.send('sales', 'rating.open', {})).toEqual(refused(403, 'forbidden'));
		expect(await w.sendRaw('facilitator', { type: 'rating.open', claimIds: 'c1' })).toEqual(refused(400, 'invalid-claims'));
		expect(await w.send('facilitator', 'rating.open', {})).toEqual(applied('rating.open'));
		expect(await roundOf()).toMatchObject({ status: 'open', raters: 0, claims: [{ id: 'c1', label: 'Claim 1', text: 'Saves an hour a day' }] });
		expect(await w.send('facilitator', 'rating.open', {})).toEqual(refused(409, 'round-open'));
	});

	it('takes scores while open, reveals once, and sends a claim back to the board with its finding', async () => {
		await open();
		await addClaim('c1', 'Saves an hour a day');
		expect(await w.send('facilitator', 'rating.sendBack', { roundId: 'nope', claimId: 'c1' })).toEqual(refused(409, 'round-not-revealed'));
		await w.send('facilitator', 'rating.open', {});
		const roundId = (await roundOf()).id;

		expect(await w.send('observer', 'rating.cast', { roundId, scores: { c1: { true: 4 } } })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('sales', 'rating.cast', { roundId: 'nope', scores: { c1: { true: 4 } } })).toEqual(refused(404, 'unknown-round'));
		expect(await w.send('sales', 'rating.cast', { roundId, scores: { c1: { true: 6 } } })).toEqual(refused(400, 'invalid-scores'));
		expect(await w.send('sales', 'rating.cast', { roundId, scores: { c9: { true: 4 } } })).toEqual(refused(400, 'invalid-scores', 'That claim is not in this round.'));
		expect(await w.send('sales', 'rating.cast', { roundId, scores: { c1: { true: 4, consistent: 2 } } })).toEqual(applied('rating.cast'));
		expect(await w.send('marketing', 'rating.cast', { roundId, scores: { c1: { true: 2, consistent: 2 } } })).toEqual(applied('rating.cast'));
		expect((await roundOf()).raters).toBe(2);

		expect(await w.send('facilitator', 'rating.sendBack', { roundId, claimId: 'c1' })).toEqual(refused(409, 'round-not-revealed'));
		expect(await w.send('facilitator', 'rating.close', { roundId })).toEqual(applied('rating.close'));
		expect(await w.send('facilitator', 'rating.close', { roundId })).toEqual(refused(409, 'round-closed'));
		expect(await w.send('sales', 'rating.cast', { roundId, scores: { c1: { true: 5 } } })).toEqual(refused(409, 'round-closed'));

		expect(await w.send('facilitator', 'rating.reveal', { roundId })).toEqual(applied('rating.reveal'));
		const revealed = await roundOf();
		expect(revealed).toMatchObject({ status: 'revealed', raters: 2 });
		expect(revealed.results!.claims[0]!.criteria.true.mean).toBe(3);
		expect(await w.send('facilitator', 'rating.reveal', { roundId })).toEqual(refused(409, 'round-revealed'));

		expect(await w.send('facilitator', 'rating.sendBack', { roundId, claimId: 'c9' })).toEqual(refused(400, 'unknown-claim'));
		expect(await w.send('facilitator', 'rating.sendBack', { roundId, claimId: 'c1' })).toEqual(applied('rating.sendBack'));
		expect((await roundOf()).sentBack).toEqual(['c1']);
		const notes = await readContent((doc) => content.notes(doc).list());
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ lineId: claimLineId('c1'), column: 'objections', authorId: w.people.facilitator.participant.id });
		expect(notes[0]!.text).toMatch(/^Stress-test finding on Claim 1: True 3\.0\/5/);
		expect(await w.send('facilitator', 'rating.sendBack', { roundId, claimId: 'c1' })).toEqual(refused(409, 'already-sent'));
	});
});

describe('ballots are stored before anything is counted', () => {
	it('answers 503 not-saved when storage refuses a ballot or scores, and counts nobody', async () => {
		await open({ records: refusing('putBallot') });
		await propose('headline', 'Fast', 'Faster');
		await w.send('facilitator', 'vote.open', { lineId: 'headline' });
		const voteId = (await voteOn('headline')).id;
		expect(await w.send('sales', 'vote.cast', { voteId, allocation: { current: 1 } })).toEqual(refused(503, 'not-saved'));
		expect((await voteOn('headline')).voters).toBe(0);
		await w.close();

		await open({ records: refusing('putRating') });
		await writeContent((doc) => {
			claims.add(doc, 'c1');
			setLineText(doc, claimLineId('c1'), 'Saves an hour a day');
		});
		await w.send('facilitator', 'rating.open', {});
		const round = (await w.control()).ratings[0]!;
		expect(await w.send('sales', 'rating.cast', { roundId: round.id, scores: { c1: { true: 4 } } })).toEqual(refused(503, 'not-saved'));
		expect((await w.control()).ratings[0]!.raters).toBe(0);
	});
});
