/**
 * Breakout groups (src/lib/doc/control.ts BreakoutRound): the facilitator forms groups, each
 * drafts its own document (breakoutDocs.ts) under a timer, then the room compares the versions,
 * votes on a line from them (the same votes as vote.open) or adopts a group's text. Every
 * change of who may open which group's document reaches the sync endpoint at once
 * (`breakoutChanged`), so a move, an end or a reveal takes effect for open sockets too.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
	claimLineId,
	claims,
	controlWriters,
	currentBreakout,
	docName,
	groupOf,
	readAuthors,
	readControl,
	type BreakoutAdoption,
	type BreakoutRound,
	type BreakoutStatus,
	type ControlState,
	type GroupVersion,
	type VoteState
} from '../../src/lib/doc/schema.js';
import { defaultGroupName, formGroups, placeLatecomer, type Placeable } from '../../src/lib/domain/breakout.js';
import { compareVersions, sameWording } from '../../src/lib/domain/compare.js';
import { CONTROL_ROOTS } from '../../src/lib/doc/names.js';
import { MINUTE } from '../../src/lib/domain/timer.js';
import type { IntentBody, IntentType } from '../../src/lib/protocol/intents.js';
import { fail, ok, type Result } from '../result.js';
import type { Authenticated } from '../workshops.js';
import { openVote } from './ballots.js';
import { adoptLine, adoptVersion, groupDocName, readVersion, seedGroup, withContent } from './breakoutDocs.js';
import { FACILITATOR, handler, preparedHandler, type Intent, type IntentContext } from './handler.js';

/** Groups of this size when the facilitator names neither a size nor a count. */
export const DEFAULT_GROUP_SIZE = 5;
const GROUP_ID_BYTES = 6;

const newId = () => randomBytes(9).toString('base64url');
const newGroupId = () => randomBytes(GROUP_ID_BYTES).toString('base64url');

const STATUS_WORDS: Record<BreakoutStatus, string> = {
	forming: 'still forming',
	drafting: 'drafting',
	ended: 'ended',
	revealed: 'revealed',
	closed: 'closed'
};

/** The round that is not closed, when its status allows the action. */
function roundIn(state: ControlState, allowed: readonly BreakoutStatus[], action: string): Result<BreakoutRound> {
	const round = currentBreakout(state);
	if (!round) return fail(409, 'no-breakout', 'There is no breakout round.');
	if (!allowed.includes(round.status)) return fail(409, 'breakout-status', `The breakout round is ${STATUS_WORDS[round.status]}: you cannot ${action} now.`);
	return ok(round);
}

/** The round as it is now (the ticker may have written progress since validation), changed by `change`. */
function putRound(doc: Parameters<typeof controlWriters.putBreakout>[0], state: ControlState, roundId: string, change: (round: BreakoutRound) => BreakoutRound): void {
	const round = state.breakouts.find((b) => b.id === roundId);
	if (round) controlWriters.putBreakout(doc, change(round));
}

/** Tell the sync endpoint who may now open and write which group's document. */
async function tellSync(ctx: IntentContext, auth: Authenticated): Promise<void> {
	const rounds = await ctx.rooms.withDoc(docName(auth.workshop.id, 'control'), (doc) => readControl(doc).breakouts);
	await ctx.sync.breakoutChanged(auth.workshop.id, rounds);
}

/** Participants who can be placed in groups (facilitators visit groups; observers are not placed). */
export function placeable(state: ControlState): Placeable[] {
	return state.participants.filter((p) => !p.removed && p.role === 'participant').map((p) => ({ id: p.id, team: p.team, role: p.role }));
}

/**
 * A change to the current round decided from `control` alone, then told to the sync endpoint.
 * Decided again on the state as it is when written: a latecomer placed or progress counted
 * by the ticker in between is kept.
 */
function roundChange<T extends IntentType>(
	type: T,
	decide: (body: IntentBody<T>, state: ControlState, now: number) => Result<BreakoutRound>
): Intent<T> {
	return handler(type)<IntentBody<T>>({
		roles: FACILITATOR,
		validate: (body, state, _auth, now) => {
			const next = decide(body, state, now);
			return next.ok ? ok(body) : next;
		},
		apply(doc, body, state, _auth, now) {
			const next = decide(body, state, now);
			if (next.ok) controlWriters.putBreakout(doc, next.value);
		},
		effects: (ctx, _body, auth) => tellSync(ctx, auth)
	});
}

/** A latecomer (joined while the groups form or draft) joins the smallest group that keeps the mix. */
export function placeLatecomerIn(doc: Parameters<typeof controlWriters.putBreakout>[0], person: Placeable): void {
	// Most joins happen with no round running: they do not pay for reading all of `control`.
	const running = [...doc.getMap<BreakoutRound>(CONTROL_ROOTS.breakouts).values()].some((b) => b.status === 'forming' || b.status === 'drafting');
	if (!running || person.role !== 'participant') return;
	const state = readControl(doc);
	const round = currentBreakout(state);
	if (!round || (round.status !== 'forming' && round.status !== 'drafting') || person.role !== 'participant' || groupOf(round, person.id)) return;
	const people = new Map(placeable(state).map((p) => [p.id, p]));
	people.set(person.id, person);
	const groupId = placeLatecomer(round.groups, person, people);
	if (groupId === null) return;
	controlWriters.putBreakout(doc, { ...round, groups: round.groups.map((g) => (g.id === groupId ? { ...g, memberIds: [...g.memberIds, person.id] } : g)) });
}

const findGroup = (round: BreakoutRound, groupId: string) => round.groups.find((g) => g.id === groupId);
const unknownGroup = () => fail(404, 'unknown-group', 'That group is not in this breakout round.');

/** Where a group's text of a line also stands in other groups' versions (they wrote the same). */
function sameTextGroups(versions: readonly GroupVersion[], lineId: string, text: string): string[] {
	return versions.filter((v) => v.lines.some((l) => l.lineId === lineId && l.text && sameWording(l.text, text))).map((v) => v.groupId);
}

export const breakoutIntents = {
	'breakout.open': handler('breakout.open')<BreakoutRound>({
		roles: FACILITATOR,
		validate: ({ groupSize, groupCount, mix, startFrom }, state, _auth, now) => {
			if (state.currentStageId !== 'draft') return fail(409, 'not-on-draft', 'Open breakout groups on the Draft stage.');
			if (currentBreakout(state)) return fail(409, 'breakout-open', 'A breakout round is already running; close it first.');
			if (groupSize !== undefined && groupCount !== undefined) return fail(400, 'invalid-groups', 'Give a group size or a number of groups, not both.');
			const people = placeable(state);
			if (people.length === 0) return fail(409, 'no-participants', 'Nobody has joined as a participant yet.');
			const sizing = groupCount !== undefined ? { count: groupCount } : { size: groupSize ?? DEFAULT_GROUP_SIZE };
			const members = formGroups(people, { ...sizing, mix, seed: randomInt(2 ** 31) }).filter((ids) => ids.length > 0);
			return ok({
				id: newId(),
				status: 'forming',
				mix,
				startFrom,
				groups: members.map((memberIds, i) => ({ id: newGroupId(), name: defaultGroupName(i), memberIds })),
				createdAt: now,
				startedAt: null,
				endsAt: null,
				oneMinuteAt: null,
				message: null,
				progress: {},
				versions: null,
				adoptions: []
			});
		},
		apply: (doc, round) => controlWriters.putBreakout(doc, round),
		effects: (ctx, _round, auth) => tellSync(ctx, auth)
	}),

	'breakout.move': roundChange('breakout.move', ({ participantId, groupId }, state) => {
		const round = roundIn(state, ['forming', 'drafting'], 'move people');
		if (!round.ok) return round;
		if (!findGroup(round.value, groupId)) return unknownGroup();
		if (!placeable(state).some((p) => p.id === participantId)) return fail(400, 'not-placeable', 'Only participants are placed in groups.');
		const groups = round.value.groups.map((g) => ({
			...g,
			memberIds: g.id === groupId ? [...g.memberIds.filter((id) => id !== participantId), participantId] : g.memberIds.filter((id) => id !== participantId)
		}));
		return ok({ ...round.value, groups });
	}),

	'breakout.rename': roundChange('breakout.rename', ({ groupId, name }, state) => {
		const round = roundIn(state, ['forming', 'drafting', 'ended', 'revealed'], 'rename groups');
		if (!round.ok) return round;
		if (!findGroup(round.value, groupId)) return unknownGroup();
		return ok({
			...round.value,
			groups: round.value.groups.map((g) => (g.id === groupId ? { ...g, name } : g)),
			versions: round.value.versions?.map((v) => (v.groupId === groupId ? { ...v, groupName: name } : v)) ?? null
		});
	}),

	'breakout.start': handler('breakout.start')<BreakoutRound>({
		roles: FACILITATOR,
		validate: ({ minutes }, state, _auth, now) => {
			const round = roundIn(state, ['forming'], 'start drafting');
			if (!round.ok) return round;
			return ok({ ...round.value, status: 'drafting', startedAt: now, endsAt: now + Math.round(minutes * MINUTE), oneMinuteAt: null });
		},
		// Every group's document exists (and is stored) before anyone is told to open it.
		store: async (ctx, round, auth) => {
			if (round.startFrom === 'blank') return;
			await withContent(ctx.rooms, auth.workshop.id, (room) =>
				Promise.all(round.groups.map((g) => ctx.rooms.withDoc(groupDocName(auth.workshop.id, g.id), (doc) => seedGroup(room, doc))))
			);
		},
		apply: (doc, next, state) => putRound(doc, state, next.id, (round) => ({ ...round, status: 'drafting', startedAt: next.startedAt, endsAt: next.endsAt, oneMinuteAt: null })),
		effects: (ctx, _round, auth) => tellSync(ctx, auth)
	}),

	'breakout.extend': roundChange('breakout.extend', ({ minutes }, state, now) => {
		const round = roundIn(state, ['drafting'], 'extend the time');
		if (!round.ok) return round;
		const endsAt = Math.max(round.value.endsAt ?? now, now) + Math.round(minutes * MINUTE);
		// More than a minute left again: the next "one minute left" is announced afresh.
		const oneMinuteAt = endsAt - now > MINUTE ? null : round.value.oneMinuteAt;
		return ok({ ...round.value, endsAt, oneMinuteAt });
	}),

	'breakout.message': roundChange('breakout.message', ({ text }, state, now) => {
		const round = roundIn(state, ['forming', 'drafting', 'ended'], 'message the groups');
		return round.ok ? ok({ ...round.value, message: { text, at: now } }) : round;
	}),

	'breakout.end': roundChange('breakout.end', (_body, state) => {
		const round = roundIn(state, ['drafting'], 'end the drafting');
		return round.ok ? ok({ ...round.value, status: 'ended' }) : round;
	}),

	'breakout.reveal': handler('breakout.reveal')<{ round: BreakoutRound; rounds: BreakoutRound[] }>({
		roles: FACILITATOR,
		validate: (_body, state) => {
			const round = roundIn(state, ['drafting', 'ended'], 'reveal');
			return round.ok ? ok({ round: round.value, rounds: state.breakouts }) : round;
		},
		// Writing stops before the drafts are read, so the versions are what the groups end with.
		store: async (ctx, { round, rounds }, auth) => {
			const workshopId = auth.workshop.id;
			const stopped = rounds.map((r) => (r.id === round.id ? { ...r, status: 'ended' as const } : r));
			await ctx.sync.breakoutChanged(workshopId, stopped);
			try {
				const teams = await ctx.rooms.withDoc(docName(workshopId, 'control'), readAuthors);
				const versions = await Promise.all(round.groups.map((g) => ctx.rooms.withDoc(groupDocName(workshopId, g.id), (doc) => readVersion(doc, g, teams))));
				return { round: { ...round, status: 'revealed' as const, versions }, rounds };
			} catch (error) {
				await ctx.sync.breakoutChanged(workshopId, rounds);
				throw error;
			}
		},
		apply: (doc, { round: next }, state) => putRound(doc, state, next.id, (round) => ({ ...round, status: 'revealed', versions: next.versions })),
		effects: (ctx, _payload, auth) => tellSync(ctx, auth)
	}),

	'breakout.voteLine': preparedHandler('breakout.voteLine')<VoteState, string[]>({
		roles: FACILITATOR,
		prepare: (ctx, _body, auth) => withContent(ctx.rooms, auth.workshop.id, async (doc) => claims.ids(doc).map(claimLineId)),
		validate: ({ lineId, kind, budget, allowStacking }, state, _auth, now, roomLineIds) => {
			const round = roundIn(state, ['revealed'], 'vote on the groups\' versions');
			if (!round.ok) return round;
			const line = compareVersions(round.value.versions ?? [], roomLineIds).find((l) => l.lineId === lineId);
			if (!line) return fail(400, 'unknown-line', 'That line is not in the groups\' versions.');
			const names = new Map(round.value.groups.map((g) => [g.id, g.name]));
			const options = line.texts
				.filter((t) => t.text.trim())
				.map((t, i) => ({ id: `v${i + 1}`, text: t.text, authorTeam: null, groups: t.groupIds.map((id) => ({ id, name: names.get(id) ?? id })) }));
			if (options.length < 2) return fail(400, 'too-few-options', 'The groups wrote the same for this line: adopt it instead of voting.');
			return openVote(state, { lineId, lineLabel: line.label, options, kind, budget, allowStacking, breakoutId: round.value.id }, now);
		},
		apply: (doc, vote) => controlWriters.putVote(doc, vote)
	}),

	'breakout.adoptLine': handler('breakout.adoptLine')<{ round: BreakoutRound; adoption: BreakoutAdoption; groupId: string }>({
		roles: FACILITATOR,
		validate: ({ groupId, lineId }, state, _auth, now) => {
			const round = roundIn(state, ['revealed'], 'adopt a group\'s line');
			if (!round.ok) return round;
			const version = round.value.versions?.find((v) => v.groupId === groupId);
			if (!version) return unknownGroup();
			const line = version.lines.find((l) => l.lineId === lineId && l.text);
			if (!line) return fail(400, 'unknown-line', 'That line is not in this group\'s version.');
			const groupIds = sameTextGroups(round.value.versions ?? [], lineId, line.text);
			return ok({ round: round.value, groupId, adoption: { lineId, lineLabel: line.label, source: 'group', groupIds, voteId: null, text: line.text, at: now } });
		},
		apply: (doc, { round: next, adoption }, state) => putRound(doc, state, next.id, (round) => ({ ...round, adoptions: [...round.adoptions, adoption] })),
		effects: async (ctx, { groupId, adoption }, auth) => {
			const workshopId = auth.workshop.id;
			const group = await ctx.rooms.acquire(groupDocName(workshopId, groupId));
			try {
				await ctx.rooms.withDoc(docName(workshopId, 'content'), (doc) => adoptLine(doc, group.doc, adoption.lineId));
			} finally {
				ctx.rooms.release(group);
			}
		}
	}),

	'breakout.adoptVersion': handler('breakout.adoptVersion')<{ round: BreakoutRound; adoptions: BreakoutAdoption[]; groupId: string }>({
		roles: FACILITATOR,
		validate: ({ groupId }, state, _auth, now) => {
			const round = roundIn(state, ['revealed'], 'adopt a group\'s version');
			if (!round.ok) return round;
			const versions = round.value.versions ?? [];
			const version = versions.find((v) => v.groupId === groupId);
			if (!version) return unknownGroup();
			const adoptions = version.lines
				.filter((l) => l.text)
				.map((l): BreakoutAdoption => ({ lineId: l.lineId, lineLabel: l.label, source: 'group', groupIds: sameTextGroups(versions, l.lineId, l.text), voteId: null, text: l.text, at: now }));
			return ok({ round: round.value, groupId, adoptions });
		},
		apply: (doc, { round: next, adoptions }, state) => putRound(doc, state, next.id, (round) => ({ ...round, adoptions: [...round.adoptions, ...adoptions] })),
		effects: async (ctx, { groupId }, auth) => {
			const workshopId = auth.workshop.id;
			const group = await ctx.rooms.acquire(groupDocName(workshopId, groupId));
			try {
				await ctx.rooms.withDoc(docName(workshopId, 'content'), (doc) => adoptVersion(doc, group.doc));
			} finally {
				ctx.rooms.release(group);
			}
		}
	}),

	'breakout.close': roundChange('breakout.close', (_body, state) => {
		const round = roundIn(state, ['forming', 'drafting', 'ended', 'revealed'], 'close the round');
		return round.ok ? ok({ ...round.value, status: 'closed' }) : round;
	})
};
