/**
 * "Where the lines came from": for each line the room adopted from a breakout round,
 * what each group proposed (merged as the comparison merges them) and how the room
 * chose — by a vote, with its per-team results, or by taking one group's text.
 * Pure: built from `control`'s breakout rounds and votes, read by every renderer.
 */
import type { BreakoutAdoption, BreakoutRound, VoteState } from '../../doc/control.js';
import { compareVersions, sameWording } from '../compare.js';
import { groupLabel, pooledNote } from '../disclosure.js';
import { resultsAgreement, unitOf } from '../voting.js';

export interface OriginWording {
	text: string;
	/** The names of the groups that wrote it. */
	groups: string[];
	adopted: boolean;
	/** Vote only: dots (or votes) in all, then per published team column. */
	total: number | null;
	byTeam: number[];
}

export interface LineOrigin {
	line: string;
	/** "Round 2" when more than one round adopted lines, else "". */
	round: string;
	adopted: string;
	source: 'vote' | 'group';
	/** "Chosen by vote, 11 voted" or "Taken from Group 2": what leads the adopted text. */
	how: string;
	/** The room's line no longer reads as adopted: it was edited afterwards. */
	editedSince: boolean;
	/** Vote only: its unit, its published team columns, its agreement sentence and its pooling note. */
	unit: string;
	teams: string[];
	agreement: string | null;
	note: string;
	wordings: OriginWording[];
	/** Groups that left the line empty. */
	missing: string[];
}

/**
 * Every adoption of every round, oldest round first, in the order lines were adopted; a line
 * adopted twice in one round is listed once, as it was last adopted. `roomText` gives the room's
 * current text of a line id, to tell whether it was edited since.
 */
export function buildOrigins(rounds: readonly BreakoutRound[], votes: readonly VoteState[], roomText: (lineId: string) => string): LineOrigin[] {
	const adopting = rounds.filter((r) => r.adoptions.length > 0);
	return adopting.flatMap((round, index) => {
		const latest = new Map<string, BreakoutAdoption>();
		for (const a of round.adoptions) {
			latest.delete(a.lineId);
			latest.set(a.lineId, a);
		}
		const label = adopting.length > 1 ? `Round ${index + 1}` : '';
		return [...latest.values()].map((a) => lineOrigin(round, a, votes.find((v) => v.id === a.voteId) ?? null, label, roomText(a.lineId)));
	});
}

function lineOrigin(round: BreakoutRound, adoption: BreakoutAdoption, vote: VoteState | null, round_: string, current: string): LineOrigin {
	const names = new Map<string, string>();
	for (const v of round.versions ?? []) names.set(v.groupId, v.groupName);
	for (const g of round.groups) names.set(g.id, g.name);
	const nameOf = (id: string) => names.get(id) ?? 'A group';
	const compared = compareVersions(round.versions ?? [], [adoption.lineId]).find((l) => l.lineId === adoption.lineId);
	const isAdopted = (groupIds: readonly string[], text: string) =>
		adoption.groupIds.length > 0 ? groupIds.some((id) => adoption.groupIds.includes(id)) : sameWording(text, adoption.text);

	const results = vote?.status === 'revealed' ? vote.results : null;
	const options = vote?.options ?? [];
	const used = new Set<string>();
	const optionFor = (groupIds: readonly string[], text: string) => {
		const option = options.find((o) => !used.has(o.id) && (o.groups?.some((g) => groupIds.includes(g.id)) || sameWording(o.text, text)));
		if (option) used.add(option.id);
		return option ?? null;
	};
	const figures = (optionId: string | null) => ({
		total: results ? (optionId ? (results.totals[optionId] ?? 0) : 0) : null,
		byTeam: results ? results.groups.map((g) => (optionId ? (g.totals[optionId] ?? 0) : 0)) : []
	});

	const wordings: OriginWording[] = (compared?.texts ?? []).map((t) => {
		const option = vote ? optionFor(t.groupIds, t.text) : null;
		const adopted = vote ? option !== null && option.id === vote.adopted?.optionId : isAdopted(t.groupIds, t.text);
		return { text: t.text, groups: t.groupIds.map(nameOf), adopted, ...figures(option?.id ?? null) };
	});
	// A vote's option the versions no longer show (they always should) is still listed, with its result.
	for (const o of options.filter((o) => !used.has(o.id))) {
		wordings.push({ text: o.text, groups: (o.groups ?? []).map((g) => g.name), adopted: o.id === vote?.adopted?.optionId, ...figures(o.id) });
	}
	if (!wordings.some((w) => w.adopted)) wordings.push({ text: adoption.text, groups: adoption.groupIds.map(nameOf), adopted: true, ...figures(null) });

	const from = adoption.groupIds.map(nameOf).join(', ') || 'a group';
	const how = adoption.source === 'vote' ? `Chosen by vote${results ? `, ${results.voters} voted` : ''}` : `Taken from ${from}`;
	return {
		line: adoption.lineLabel,
		round: round_,
		adopted: adoption.text,
		source: adoption.source,
		how,
		editedSince: !sameText(current, adoption.text),
		unit: vote ? unitOf(vote.kind) : '',
		teams: results ? results.groups.map((g) => groupLabel(g.teams)) : [],
		agreement: results && vote ? (resultsAgreement(results, vote)?.sentence ?? null) : null,
		note: results ? pooledNote(results.groups, 'voters') : '',
		wordings,
		missing: (compared?.missing ?? []).map(nameOf)
	};
}

/** Exactly the same words and punctuation, whatever the whitespace: an edit after adoption, however small, counts. */
function sameText(a: string, b: string): boolean {
	const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
	return squash(a) === squash(b);
}
