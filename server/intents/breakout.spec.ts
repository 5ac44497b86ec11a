import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { claimLineId, claims, content, controlWriters, currentBreakout, docName, groupDocKind, lineText, setLineText, type BreakoutRound } from '../../src/lib/doc/schema.js';
import { testWorkshop, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string) => ({ ok: false, error: expect.objectContaining({ status, code }) });
const applied = (type: string) => ({ ok: true, value: { applied: type } });

let w: TestWorkshop;
let clock = 1_000_000;
afterEach(async () => w?.close());

const contentDoc = <T>(fn: (doc: Y.Doc) => T) => w.rooms.withDoc(docName(w.workshopId, 'content'), fn);
const groupDoc = <T>(groupId: string, fn: (doc: Y.Doc) => T) => w.rooms.withDoc(docName(w.workshopId, groupDocKind(groupId)), fn);
const round = async (): Promise<BreakoutRound> => currentBreakout(await w.control()) ?? (await w.control()).breakouts.at(-1)!;
const ids = () => ({ sam: w.people.sales.participant.id, mia: w.people.marketing.participant.id });

/** A workshop on the Draft stage with a round of two groups, Sam in one and Mia in the other. */
async function twoGroups(): Promise<BreakoutRound> {
	clock = 1_000_000;
	w = await testWorkshop({ now: () => clock });
	await w.send('facilitator', 'stage.set', { stageId: 'draft' });
	expect(await w.send('facilitator', 'breakout.open', { groupCount: 2 })).toEqual(applied('breakout.open'));
	return round();
}

/** Write into a group's document as a client of `team` (recorded in control, as the sync endpoint would). */
async function typeIn(groupId: string, team: 'sales' | 'marketing', lineId: string, text: string): Promise<void> {
	const writer = new Y.Doc();
	await w.rooms.withDoc(docName(w.workshopId, 'control'), (doc) =>
		controlWriters.recordAuthors(doc, new Map([[writer.clientID, { participantId: ids()[team === 'sales' ? 'sam' : 'mia'], team }]]))
	);
	await groupDoc(groupId, (doc) => {
		Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
		setLineText(writer, lineId, text);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
	});
}

describe('breakout rounds', () => {
	it('opens on the Draft stage only, for facilitators, one round at a time, with every participant placed', async () => {
		w = await testWorkshop();
		expect(await w.send('facilitator', 'breakout.open', {})).toEqual(refused(409, 'not-on-draft'));
		await w.send('facilitator', 'stage.set', { stageId: 'draft' });
		expect(await w.send('sales', 'breakout.open', {})).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'breakout.open', { groupSize: 3, groupCount: 2 })).toEqual(refused(400, 'invalid-groups'));
		expect(await w.send('facilitator', 'breakout.open', { groupCount: 2 })).toEqual(applied('breakout.open'));
		const opened = await round();
		expect(opened).toMatchObject({ status: 'forming', mix: 'mixed', startFrom: 'current', startedAt: null, versions: null, adoptions: [] });
		expect(opened.groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2']);
		// Observers and facilitators are not placed.
		expect(opened.groups.flatMap((g) => g.memberIds).sort()).toEqual(Object.values(ids()).sort());
		expect(await w.send('facilitator', 'breakout.open', {})).toEqual(refused(409, 'breakout-open'));
		expect(w.sockets).toContain('breakout forming');
	});

	it('moves participants between groups while forming or drafting, never observers, and renames groups', async () => {
		const { groups } = await twoGroups();
		const [a, b] = groups as [BreakoutRound['groups'][number], BreakoutRound['groups'][number]];
		const sam = ids().sam;
		const to = a.memberIds.includes(sam) ? b : a;
		expect(await w.send('facilitator', 'breakout.move', { participantId: sam, groupId: to.id })).toEqual(applied('breakout.move'));
		const moved = await round();
		expect(moved.groups.find((g) => g.id === to.id)!.memberIds).toContain(sam);
		expect(moved.groups.filter((g) => g.memberIds.includes(sam))).toHaveLength(1);
		expect(await w.send('facilitator', 'breakout.move', { participantId: w.people.observer.participant.id, groupId: a.id })).toEqual(refused(400, 'not-placeable'));
		expect(await w.send('facilitator', 'breakout.move', { participantId: sam, groupId: 'nope' })).toEqual(refused(404, 'unknown-group'));
		expect(await w.send('facilitator', 'breakout.rename', { groupId: a.id, name: '  Tigers ' })).toEqual(applied('breakout.rename'));
		expect((await round()).groups[0]!.name).toBe('Tigers');
		await w.send('facilitator', 'breakout.start', { minutes: 10 });
		await w.send('facilitator', 'breakout.end', {});
		expect(await w.send('facilitator', 'breakout.move', { participantId: sam, groupId: a.id })).toEqual(refused(409, 'breakout-status'));
	});

	it('starts every group from a copy of the room\'s draft: lines, claims under their ids, insight notes', async () => {
		const { groups } = await twoGroups();
		await contentDoc((doc) => {
			setLineText(doc, 'headline', 'Launch faster');
			claims.add(doc, 'c1');
			setLineText(doc, claimLineId('c1'), 'Setup in a day');
			content.notes(doc).add({ id: 'n1', authorId: 'x', authorTeam: 'sales', createdAt: 1, column: 'insights', text: 'Buyers stall at setup', order: 0, lineId: '' });
		});
		expect(await w.send('facilitator', 'breakout.start', { minutes: 15 })).toEqual(applied('breakout.start'));
		expect(await round()).toMatchObject({ status: 'drafting', startedAt: 1_000_000, endsAt: 1_000_000 + 15 * 60_000, oneMinuteAt: null });
		for (const g of groups) {
			await groupDoc(g.id, (doc) => {
				expect(lineText(doc, 'headline')).toBe('Launch faster');
				expect(claims.ids(doc)).toEqual(['c1']);
				expect(lineText(doc, claimLineId('c1'))).toBe('Setup in a day');
				expect(content.notes(doc).list().map((n) => n.text)).toEqual(['Buyers stall at setup']);
			});
		}
		expect(await w.send('facilitator', 'breakout.start', { minutes: 15 })).toEqual(refused(409, 'breakout-status'));
		clock += 60_000;
		expect(await w.send('facilitator', 'breakout.extend', { minutes: 5 })).toEqual(applied('breakout.extend'));
		expect((await round()).endsAt).toBe(1_000_000 + 20 * 60_000);
		expect(await w.send('facilitator', 'breakout.message', { text: 'Five more minutes' })).toEqual(applied('breakout.message'));
		expect((await round()).message).toEqual({ text: 'Five more minutes', at: clock });
	});

	it('starts blank groups empty', async () => {
		w = await testWorkshop();
		await w.send('facilitator', 'stage.set', { stageId: 'draft' });
		await contentDoc((doc) => setLineText(doc, 'headline', 'Launch faster'));
		await w.send('facilitator', 'breakout.open', { groupCount: 2, startFrom: 'blank' });
		await w.send('facilitator', 'breakout.start', { minutes: 5 });
		for (const g of (await round()).groups) await groupDoc(g.id, (doc) => expect(lineText(doc, 'headline')).toBe(''));
	});

	it('reveals every group\'s version with its balance by team, and only from drafting or ended', async () => {
		const { groups } = await twoGroups();
		expect(await w.send('facilitator', 'breakout.reveal', {})).toEqual(refused(409, 'breakout-status'));
		await w.send('facilitator', 'breakout.start', { minutes: 15 });
		await typeIn(groups[0]!.id, 'sales', 'headline', 'Ship in a day');
		await typeIn(groups[1]!.id, 'marketing', 'headline', 'Launch without waiting');
		// Progress is counts only; the drafts stay out of control until the reveal.
		expect(JSON.stringify(await w.control())).not.toContain('Ship in a day');
		expect(await w.send('facilitator', 'breakout.reveal', {})).toEqual(applied('breakout.reveal'));
		const revealed = await round();
		expect(revealed.status).toBe('revealed');
		expect(revealed.versions!.map((v) => [v.groupName, v.lines.find((l) => l.lineId === 'headline')!.text, v.balance])).toEqual([
			['Group 1', 'Ship in a day', [{ team: 'sales', chars: 13 }]],
			['Group 2', 'Launch without waiting', [{ team: 'marketing', chars: 22 }]]
		]);
		// Writes stopped before the drafts were read: the sync endpoint heard "ended", then "revealed".
		expect(w.sockets.slice(-2)).toEqual(['breakout ended', 'breakout revealed']);
	});

	it('turns the groups\' versions of a line into a vote; adopting its winner writes the room\'s line and records where it came from', async () => {
		const { groups } = await twoGroups();
		await w.send('facilitator', 'breakout.start', { minutes: 15 });
		await typeIn(groups[0]!.id, 'sales', 'headline', 'Ship in a day');
		await typeIn(groups[1]!.id, 'marketing', 'headline', 'Launch without waiting');
		// The same words, give or take case and punctuation, are one option: nothing to vote on.
		await typeIn(groups[0]!.id, 'sales', 'oneLiner', 'One tool for the launch');
		await typeIn(groups[1]!.id, 'marketing', 'oneLiner', 'one tool for the launch!');
		expect(await w.send('facilitator', 'breakout.voteLine', { lineId: 'headline' })).toEqual(refused(409, 'breakout-status'));
		await w.send('facilitator', 'breakout.end', {});
		await w.send('facilitator', 'breakout.reveal', {});
		expect(await w.send('facilitator', 'breakout.voteLine', { lineId: 'oneLiner' })).toEqual(refused(400, 'too-few-options'));
		expect(await w.send('facilitator', 'breakout.voteLine', { lineId: 'offer' })).toEqual(refused(400, 'unknown-line'));
		expect(await w.send('facilitator', 'breakout.voteLine', { lineId: 'headline', kind: 'single' })).toEqual(applied('breakout.voteLine'));
		const { breakouts, votes } = await w.control();
		const vote = votes.find((v) => v.lineId === 'headline')!;
		expect(vote).toMatchObject({ kind: 'single', status: 'open', breakoutId: breakouts.at(-1)!.id, lineLabel: 'Headline' });
		expect(vote.options.map((o) => [o.text, o.groups])).toEqual([
			['Ship in a day', [{ id: groups[0]!.id, name: 'Group 1' }]],
			['Launch without waiting', [{ id: groups[1]!.id, name: 'Group 2' }]]
		]);
		expect(await w.send('facilitator', 'breakout.voteLine', { lineId: 'headline' })).toEqual(refused(409, 'vote-open'));
		const winner = vote.options[1]!;
		await w.send('sales', 'vote.cast', { voteId: vote.id, allocation: { [winner.id]: 1 } });
		await w.send('facilitator', 'vote.close', { voteId: vote.id });
		await w.send('facilitator', 'vote.reveal', { voteId: vote.id });
		clock += 5;
		expect(await w.send('facilitator', 'vote.adopt', { voteId: vote.id, optionId: winner.id })).toEqual(applied('vote.adopt'));
		expect(await contentDoc((doc) => lineText(doc, 'headline'))).toBe('Launch without waiting');
		expect((await round()).adoptions).toEqual([
			{ lineId: 'headline', lineLabel: 'Headline', source: 'vote', groupIds: [groups[1]!.id], voteId: vote.id, text: 'Launch without waiting', at: clock }
		]);
	});

	it('adopts one group\'s line, or its whole version, into the room\'s draft, adding claims the room lacks', async () => {
		const { groups } = await twoGroups();
		await contentDoc((doc) => {
			claims.add(doc, 'room-only');
			setLineText(doc, claimLineId('room-only'), 'Dropped by the group');
		});
		await w.send('facilitator', 'breakout.start', { minutes: 15 });
		const [a, b] = [groups[0]!.id, groups[1]!.id];
		await typeIn(a, 'sales', 'headline', 'Ship in a day');
		await groupDoc(a, (doc) => {
			claims.remove(doc, 'room-only');
			claims.add(doc, 'g1');
			setLineText(doc, claimLineId('g1'), 'Live by Friday');
		});
		await typeIn(b, 'marketing', 'oneLiner', 'One tool for the launch');
		expect(await w.send('facilitator', 'breakout.adoptLine', { groupId: b, lineId: 'oneLiner' })).toEqual(refused(409, 'breakout-status'));
		await w.send('facilitator', 'breakout.reveal', {});
		expect(await w.send('facilitator', 'breakout.adoptLine', { groupId: b, lineId: 'headline' })).toEqual(refused(400, 'unknown-line'));
		expect(await w.send('facilitator', 'breakout.adoptLine', { groupId: 'nope', lineId: 'headline' })).toEqual(refused(404, 'unknown-group'));
		expect(await w.send('facilitator', 'breakout.adoptLine', { groupId: b, lineId: 'oneLiner' })).toEqual(applied('breakout.adoptLine'));
		expect(await contentDoc((doc) => lineText(doc, 'oneLiner'))).toBe('One tool for the launch');
		expect(await w.send('facilitator', 'breakout.adoptVersion', { groupId: a })).toEqual(applied('breakout.adoptVersion'));
		await contentDoc((doc) => {
			expect(lineText(doc, 'headline')).toBe('Ship in a day');
			expect(claims.ids(doc)).toEqual(['g1']);
			expect(lineText(doc, claimLineId('g1'))).toBe('Live by Friday');
		});
		const { adoptions } = await round();
		expect(adoptions.map((x) => [x.lineId, x.source, x.groupIds])).toEqual([
			['oneLiner', 'group', [b]],
			['headline', 'group', [a]],
			['claim-g1', 'group', [a]]
		]);
	});

	it('places a participant who joins while the groups form or draft, not an observer, nor after the reveal', async () => {
		await twoGroups();
		const join = async (name: string, team: 'sales' | 'observer') => {
			const joined = await w.workshops.join({ code: w.joinCode, name, team });
			if (!joined.ok) throw new Error(joined.error.code);
			return joined.value.participantId;
		};
		const lee = await join('Lee', 'sales');
		const oz = await join('Ozzy', 'observer');
		let placed = (await round()).groups.flatMap((g) => g.memberIds);
		expect(placed).toContain(lee);
		expect(placed).not.toContain(oz);
		await w.send('facilitator', 'breakout.start', { minutes: 5 });
		const kim = await join('Kim', 'sales');
		expect((await round()).groups.flatMap((g) => g.memberIds)).toContain(kim);
		await w.send('facilitator', 'breakout.reveal', {});
		const late = await join('Late', 'sales');
		placed = (await round()).groups.flatMap((g) => g.memberIds);
		expect(placed).not.toContain(late);
	});

	it('closes a round (cancelling it while forming), after which another may open', async () => {
		await twoGroups();
		expect(await w.send('facilitator', 'breakout.close', {})).toEqual(applied('breakout.close'));
		expect((await w.control()).breakouts.map((b) => b.status)).toEqual(['closed']);
		expect(await w.send('facilitator', 'breakout.close', {})).toEqual(refused(409, 'no-breakout'));
		expect(await w.send('facilitator', 'breakout.open', { groupCount: 2 })).toEqual(applied('breakout.open'));
	});
});
