/**
 * Votes and rating rounds. Ballots and scores go to storage only; `control`
 * carries the options snapshot, how many have voted, and — after the reveal —
 * aggregates computed by the pure functions in src/lib/domain.
 */
import { randomBytes } from 'node:crypto';
import {
	PROPOSITION_LINES,
	claimLineId,
	claims,
	content,
	controlWriters,
	docName,
	lineText,
	readControl,
	setLineText,
	type BreakoutAdoption,
	type ControlState,
	type RatingRound,
	type VoteState
} from '../../src/lib/doc/schema.js';
import { placeNote } from '../../src/lib/domain/board.js';
import { CRITERIA, claimSplits, ratingStats, scoresProblem, type RatingBallot } from '../../src/lib/domain/ratings.js';
import { ballotProblem, cleanAllocation, tally, voteConfig, type Ballot, type VoteKind, type VoteOption } from '../../src/lib/domain/voting.js';
import { fail, ok, type Result } from '../result.js';
import type { BallotRecord, RatingRecord } from '../storage/storage.js';
import { EDITORS, FACILITATOR, handler, preparedHandler, type IntentContext } from './handler.js';

const newId = () => randomBytes(9).toString('base64url');

interface LineSnapshot {
	label: string | null;
	text: string;
	phrasings: VoteOption[];
}

/** The line's current text and its proposed phrasings, read from `content`. */
async function lineSnapshot(ctx: IntentContext, workshopId: string, lineId: string): Promise<LineSnapshot> {
	return ctx.rooms.withDoc(docName(workshopId, 'content'), (doc) => {
		const fixed = PROPOSITION_LINES.find((l) => l.id === lineId);
		const claimIndex = claims.ids(doc).findIndex((id) => claimLineId(id) === lineId);
		const label = fixed?.label ?? (claimIndex >= 0 ? `Claim ${claimIndex + 1}` : null);
		const phrasings = content
			.phrasings(doc)
			.list()
			.filter((p) => p.lineId === lineId && p.text.trim())
			.map((p) => ({ id: p.id, text: p.text.trim(), authorTeam: p.authorTeam }));
		return { label, text: lineText(doc, lineId).trim(), phrasings };
	});
}

const voteAdoption = (vote: VoteState, option: VoteOption, at: number): BreakoutAdoption => ({
	lineId: vote.lineId,
	lineLabel: vote.lineLabel,
	source: 'vote',
	groupIds: option.groups?.map((g) => g.id) ?? [],
	voteId: vote.id,
	text: option.text,
	at
});

const findVote = (votes: VoteState[], voteId: string) => votes.find((v) => v.id === voteId);
const findRound = (rounds: RatingRound[], roundId: string) => rounds.find((r) => r.id === roundId);

async function participantNames(ctx: IntentContext, workshopId: string): Promise<Map<string, string>> {
	return ctx.rooms.withDoc(docName(workshopId, 'control'), (doc) => new Map(readControl(doc).participants.map((p) => [p.id, p.name])));
}

const toBallot = (b: BallotRecord): Ballot => ({ voterId: b.voterId, team: b.team, allocation: b.allocation });
const toRating = (r: RatingRecord): RatingBallot => ({ raterId: r.raterId, team: r.team, scores: r.scores });

/** A new vote on one line, as `vote.open` and `breakout.voteLine` open it (the options already gathered). */
export function openVote(
	state: ControlState,
	line: { lineId: string; lineLabel: string; options: VoteOption[]; kind?: VoteKind | undefined; budget?: number | undefined; allowStacking?: boolean | undefined; named?: boolean | undefined; breakoutId?: string },
	now: number
): Result<VoteState> {
	const { lineId, lineLabel, options, kind, budget, allowStacking, named, breakoutId } = line;
	if (state.votes.some((v) => v.lineId === lineId && v.status === 'open')) return fail(409, 'vote-open', 'A vote on this line is already open.');
	const config = voteConfig(kind ?? 'dots', budget, allowStacking);
	if (typeof config === 'string') return fail(400, 'invalid-vote', config);
	return ok({
		id: newId(),
		lineId,
		lineLabel,
		...config,
		named: named ?? false,
		status: 'open',
		options,
		voters: 0,
		openedAt: now,
		results: null,
		ballots: null,
		adopted: null,
		...(breakoutId ? { breakoutId } : {})
	});
}

export const ballotIntents = {
	'vote.open': preparedHandler('vote.open')<VoteState, LineSnapshot>({
		roles: FACILITATOR,
		prepare: (ctx, { lineId }, auth) => lineSnapshot(ctx, auth.workshop.id, lineId),
		validate({ lineId, kind, budget, allowStacking, named }, state, _auth, now, line) {
			if (!line.label) return fail(400, 'unknown-line', 'That line is not in the proposition.');
			// The current text is a candidate too, unless a phrasing says the same.
			const options: VoteOption[] = [];
			if (line.text) options.push({ id: 'current', text: line.text, authorTeam: null });
			for (const p of line.phrasings) if (!options.some((o) => o.text === p.text)) options.push(p);
			if (options.length < 2) return fail(400, 'too-few-options', 'Propose at least one alternative phrasing before voting.');
			return openVote(state, { lineId, lineLabel: line.label, options, kind, budget, allowStacking, named }, now);
		},
		apply: (doc, vote) => controlWriters.putVote(doc, vote)
	}),

	'vote.cast': handler('vote.cast')<{ vote: VoteState; allocation: Record<string, number>; voters?: number }>({
		roles: EDITORS,
		validate({ voteId, allocation }, state) {
			const vote = findVote(state.votes, voteId);
			if (!vote) return fail(404, 'unknown-vote', 'That vote does not exist.');
			if (vote.status !== 'open') return fail(409, 'vote-closed', 'This vote is closed.');
			const problem = ballotProblem(vote, vote.options, allocation);
			if (problem) return fail(400, 'invalid-ballot', problem);
			return ok({ vote, allocation: cleanAllocation(allocation) });
		},
		// The ballot is stored first; `control` then shows how many have voted.
		store: async (ctx, payload, auth) => ({
			...payload,
			voters: await ctx.storage.putBallot({ voteId: payload.vote.id, voterId: auth.participant.id, team: auth.participant.team, allocation: payload.allocation, castAt: ctx.now() })
		}),
		apply(doc, { vote, voters }, state) {
			const current = findVote(state.votes, vote.id);
			if (current && voters !== undefined) controlWriters.putVote(doc, { ...current, voters });
		}
	}),

	'vote.close': handler('vote.close')<VoteState>({
		roles: FACILITATOR,
		validate: ({ voteId }, state) => {
			const vote = findVote(state.votes, voteId);
			if (!vote) return fail(404, 'unknown-vote', 'That vote does not exist.');
			return vote.status === 'open' ? ok(vote) : fail(409, 'vote-closed', 'This vote is already closed.');
		},
		apply: (doc, vote) => controlWriters.putVote(doc, { ...vote, status: 'closed' })
	}),

	'vote.reveal': preparedHandler('vote.reveal')<VoteState, { ballots: BallotRecord[]; names: Map<string, string>; minTeamVoters: number }>({
		roles: FACILITATOR,
		prepare: async (ctx, { voteId }, auth) => ({
			ballots: await ctx.storage.listBallots(voteId),
			names: await participantNames(ctx, auth.workshop.id),
			minTeamVoters: ctx.minTeamVoters
		}),
		validate: ({ voteId }, state, _auth, _now, { ballots, names, minTeamVoters }) => {
			const vote = findVote(state.votes, voteId);
			if (!vote) return fail(404, 'unknown-vote', 'That vote does not exist.');
			if (vote.status === 'revealed') return fail(409, 'vote-revealed', 'This vote is already revealed.');
			const results = tally(vote.options, ballots.map(toBallot), minTeamVoters, vote.named);
			return ok({
				...vote,
				status: 'revealed',
				voters: results.voters,
				results,
				// Who voted what is published only for a vote announced as named before it opened.
				ballots: vote.named ? ballots.map((b) => ({ name: names.get(b.voterId) ?? 'Someone', team: b.team, allocation: b.allocation })) : null
			});
		},
		apply: (doc, vote) => controlWriters.putVote(doc, vote)
	}),

	'vote.adopt': handler('vote.adopt')<{ vote: VoteState; option: VoteOption }>({
		roles: FACILITATOR,
		validate: ({ voteId, optionId }, state) => {
			const vote = findVote(state.votes, voteId);
			if (!vote) return fail(404, 'unknown-vote', 'That vote does not exist.');
			if (vote.status !== 'revealed') return fail(409, 'vote-not-revealed', 'Reveal the vote before adopting an option.');
			const option = vote.options.find((o) => o.id === optionId);
			return option ? ok({ vote, option }) : fail(400, 'unknown-option', 'That option is not on this vote.');
		},
		apply(doc, { vote, option }, state, _a, now) {
			controlWriters.putVote(doc, { ...vote, adopted: { optionId: option.id, at: now } });
			// A vote over breakout groups' versions: the round records where the line came from.
			const round = vote.breakoutId ? state.breakouts.find((b) => b.id === vote.breakoutId) : undefined;
			if (round) controlWriters.putBreakout(doc, { ...round, adoptions: [...round.adoptions, voteAdoption(vote, option, now)] });
		},
		effects: (ctx, { vote, option }, auth) =>
			ctx.rooms.withDoc(docName(auth.workshop.id, 'content'), (doc) => {
				// A claim only the groups wrote joins the room's claims.
				const claimId = vote.breakoutId && vote.lineId.startsWith('claim-') ? vote.lineId.slice('claim-'.length) : null;
				if (claimId && !claims.ids(doc).includes(claimId)) claims.add(doc, claimId);
				setLineText(doc, vote.lineId, option.text);
			})
	}),

	'rating.open': preparedHandler('rating.open')<RatingRound, { claims: RatingRound['claims']; scenarioIds: string[] }>({
		roles: FACILITATOR,
		prepare: (ctx, _body, auth) =>
			ctx.rooms.withDoc(docName(auth.workshop.id, 'content'), (doc) => ({
				claims: claims.ids(doc).map((id, i) => ({ id, label: `Claim ${i + 1}`, text: lineText(doc, claimLineId(id)).trim() })),
				scenarioIds: content.scenarios(doc).list().map((s) => s.id)
			})),
		validate: ({ claimIds, scenarioIds }, state, _auth, now, available) => {
			if (state.ratings.some((r) => r.status === 'open')) return fail(409, 'round-open', 'A rating round is already open.');
			const wanted = claimIds ? available.claims.filter((c) => claimIds.includes(c.id)) : available.claims;
			const rated = wanted.filter((c) => c.text);
			if (rated.length === 0) return fail(400, 'no-claims', 'Write at least one claim before a rating round.');
			const pinned = scenarioIds ? available.scenarioIds.filter((id) => scenarioIds.includes(id)) : [];
			return ok({ id: newId(), status: 'open', claims: rated, scenarioIds: pinned, raters: 0, openedAt: now, results: null, sentBack: [] });
		},
		apply: (doc, round) => controlWriters.putRatingRound(doc, round)
	}),

	'rating.cast': handler('rating.cast')<{ round: RatingRound; scores: Record<string, Record<string, number>>; raters?: number }>({
		roles: EDITORS,
		validate: ({ roundId, scores }, state) => {
			const round = findRound(state.ratings, roundId);
			if (!round) return fail(404, 'unknown-round', 'That rating round does not exist.');
			if (round.status !== 'open') return fail(409, 'round-closed', 'This rating round is closed.');
			const problem = scoresProblem(
				round.claims.map((c) => c.id),
				scores
			);
			return problem ? fail(400, 'invalid-scores', problem) : ok({ round, scores });
		},
		store: async (ctx, payload, auth) => ({
			...payload,
			raters: await ctx.storage.putRating({ roundId: payload.round.id, raterId: auth.participant.id, team: auth.participant.team, scores: payload.scores, castAt: ctx.now() })
		}),
		apply(doc, { round, raters }, state) {
			const current = findRound(state.ratings, round.id);
			if (current && raters !== undefined) controlWriters.putRatingRound(doc, { ...current, raters });
		}
	}),

	'rating.close': handler('rating.close')<RatingRound>({
		roles: FACILITATOR,
		validate: ({ roundId }, state) => {
			const round = findRound(state.ratings, roundId);
			if (!round) return fail(404, 'unknown-round', 'That rating round does not exist.');
			return round.status === 'open' ? ok(round) : fail(409, 'round-closed', 'This rating round is already closed.');
		},
		apply: (doc, round) => controlWriters.putRatingRound(doc, { ...round, status: 'closed' })
	}),

	'rating.reveal': preparedHandler('rating.reveal')<RatingRound, { ratings: RatingRecord[]; minTeamVoters: number }>({
		roles: FACILITATOR,
		prepare: async (ctx, { roundId }) => ({
			ratings: await ctx.storage.listRatings(roundId),
			minTeamVoters: ctx.minTeamVoters
		}),
		validate: ({ roundId }, state, _a, _n, { ratings, minTeamVoters }) => {
			const round = findRound(state.ratings, roundId);
			if (!round) return fail(404, 'unknown-round', 'That rating round does not exist.');
			if (round.status === 'revealed') return fail(409, 'round-revealed', 'This round is already revealed.');
			const results = ratingStats(
				round.claims.map((c) => c.id),
				ratings.map(toRating),
				minTeamVoters
			);
			return ok({ ...round, status: 'revealed', raters: results.raters, results });
		},
		apply: (doc, round) => controlWriters.putRatingRound(doc, round)
	}),

	'rating.sendBack': handler('rating.sendBack')<{ round: RatingRound; claimId: string; finding: string }>({
		roles: FACILITATOR,
		validate: ({ roundId, claimId }, state) => {
			const round = findRound(state.ratings, roundId);
			if (!round?.results) return fail(409, 'round-not-revealed', 'Reveal the round first.');
			const claim = round.claims.find((c) => c.id === claimId);
			const stats = round.results.claims.find((c) => c.claimId === claimId);
			if (!claim || !stats) return fail(400, 'unknown-claim', 'That claim is not in this round.');
			if (round.sentBack.includes(claim.id)) return fail(409, 'already-sent', 'This claim was already sent back.');
			return ok({ round, claimId: claim.id, finding: findingText(claim.label, stats, round.results.weakest) });
		},
		apply: (doc, { round, claimId }) => controlWriters.putRatingRound(doc, { ...round, sentBack: [...round.sentBack, claimId] }),
		// The finding lands on the board, linked to the claim, so the Draft stage shows it beside the line.
		effects: async (ctx, { claimId, finding }, auth) => {
			const columns = await ctx.rooms.withDoc(docName(auth.workshop.id, 'control'), (doc) => readControl(doc).columns);
			await ctx.rooms.withDoc(docName(auth.workshop.id, 'content'), (doc) => {
				const board = content.notes(doc);
				const column = columns.find((c) => c.id === 'objections')?.id ?? columns[0]!.id;
				board.add({
					id: newId(),
					authorId: auth.participant.id,
					authorTeam: auth.participant.team,
					createdAt: ctx.now(),
					text: finding,
					lineId: claimLineId(claimId),
					...placeNote(board.list(), '', column, 0, columns)
				});
			});
		}
	})
};

function findingText(
	label: string,
	stats: NonNullable<RatingRound['results']>['claims'][number],
	weakest: NonNullable<RatingRound['results']>['weakest']
): string {
	const parts = [`Stress-test finding on ${label}:`];
	for (const criterion of CRITERIA) {
		const cell = stats.criteria[criterion.id];
		if (cell.mean === null) continue;
		parts.push(`${criterion.label} ${cell.mean.toFixed(1)}/5${weakest[criterion.id] === stats.claimId ? ' (weakest)' : ''}.`);
	}
	const splits = claimSplits(stats);
	if (splits.length) parts.push(`Teams split — ${splits.join('; ')}.`);
	return parts.join(' ');
}
