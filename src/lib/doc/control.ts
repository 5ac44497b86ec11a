/** The `control` document: what only the server writes, read by everyone. */
import * as Y from 'yjs';
import type { Stage } from '../domain/agenda.js';
import type { TimerState } from '../domain/timer.js';
import { readVoteResults, type Allocation, type VoteKind, type VoteOption, type VoteResults } from '../domain/voting.js';
import { readRatingResults, type RatingResults } from '../domain/ratings.js';
import { EXPORT_POLICIES, type ExportPolicy } from '../domain/export/model.js';
import { DEFAULT_COLUMNS, type BoardColumn } from '../domain/board.js';
import { isTeam, type Role, type Team } from '../domain/teams.js';
import type { Viewport } from '../domain/canvas.js';
import type { FieldCounts, FieldPhase } from './field.js';
import { CONTROL_ROOTS } from './names.js';

export type { FieldCounts, FieldPhase } from './field.js';

// ---------------------------------------------------------------- control

/** Someone who has joined the workshop, as the server records them in `control`. */
export interface ParticipantInfo {
	id: string;
	name: string;
	team: Team | null;
	role: Role;
	joinedAt: number;
	/** Removed by the facilitator: hidden from the roster, their session revoked. */
	removed?: boolean;
}

export type { TimerState } from '../domain/timer.js';

/** "Bring everyone here": a counter bump that makes every client look at `stageId`. */
export interface Summon {
	stageId: string;
	at: number;
	/** The facilitator's canvas view (centre and zoom), when they summoned from the canvas. */
	view?: Viewport | null;
}

/** A private brainstorm round: notes go to the server only, until revealed. */
export interface PrivateRound {
	active: boolean;
	startedAt: number;
	/** How many private notes have been written in this round (not what they say). */
	count: number;
}

/** A vote on one proposition line, as published by the server. Ballots never appear here. */
export interface VoteState {
	id: string;
	lineId: string;
	lineLabel: string;
	kind: VoteKind;
	budget: number;
	allowStacking: boolean;
	/** Named (open) vote: who voted what is shown after the reveal. Chosen before opening. */
	named: boolean;
	status: 'open' | 'closed' | 'revealed';
	/** The candidates as they were when the vote opened; later edits do not change them. */
	options: VoteOption[];
	/** How many people have voted (never what). */
	voters: number;
	openedAt: number;
	results: VoteResults | null;
	/** Named votes only, after the reveal. */
	ballots: { name: string; team: Team | null; allocation: Allocation }[] | null;
	adopted: { optionId: string; at: number } | null;
	/** Opened from a breakout round's versions: adopting its winner records where the line came from. */
	breakoutId?: string;
}

/** A stress-test rating round over the proposition's claims. */
export interface RatingRound {
	id: string;
	status: 'open' | 'closed' | 'revealed';
	claims: { id: string; label: string; text: string }[];
	/** Scenarios the round is pinned to (empty: all of them). */
	scenarioIds: string[];
	raters: number;
	openedAt: number;
	results: RatingResults | null;
	/** Claims sent back to the Draft stage with their finding. */
	sentBack: string[];
}

/** A saved version, as listed to everyone (its documents live in storage). */
export interface VersionInfo {
	id: string;
	name: string;
	authorName: string;
	authorTeam: Team | null;
	createdAt: number;
	hash: string;
	/** How `hash` was computed (server/versions.ts HASH_SCHEME); absent on versions saved with scheme 1. */
	hashScheme?: number;
}

/** A signer's signature on one version: who, when, and the version's content hash. Written by the server only. */
export interface Signoff {
	signerId: string;
	signerName: string;
	versionId: string;
	versionHash: string;
	/** The signed version's `hashScheme`; absent for scheme 1. */
	hashScheme?: number;
	signedAt: number;
}

/** Which participant and team a Yjs client id belongs to, as the server saw it. */
export interface ClientAuthor {
	participantId: string;
	team: Team | null;
}

/** The product and target customer as last edited in the room (null: as the workshop was created). */
export interface FrameFields {
	product: string;
	customer: string;
}

/** How people are spread over breakout groups: 'mixed' puts both teams (and the leaders) in every group. */
export const BREAKOUT_MIXES = ['mixed', 'random'] as const;
export type BreakoutMix = (typeof BREAKOUT_MIXES)[number];
export const GROUP_SIZE_MIN = 3;
export const GROUP_SIZE_MAX = 8;

/**
 * forming: groups are being arranged, nobody drafts yet · drafting: each group writes its own
 * document under the timer · ended: writing stopped, drafts still private · revealed: every
 * group's version is in `versions` for the room to compare, vote and adopt · closed: done.
 */
export type BreakoutStatus = 'forming' | 'drafting' | 'ended' | 'revealed' | 'closed';

export interface BreakoutGroup {
	id: string;
	name: string;
	/** Participant ids, in the order they were placed. */
	memberIds: string[];
}

/** One line of a group's version, as it stood at the reveal. */
export interface GroupLine {
	/** A fixed line id, or `claim-<id>` (a claim copied from the room keeps the room's claim id). */
	lineId: string;
	label: string;
	text: string;
}

/** A group's whole draft, read by the server at the reveal (plain text, never the group's document). */
export interface GroupVersion {
	groupId: string;
	groupName: string;
	lines: GroupLine[];
	/** Characters each team wrote in this group's draft. */
	balance: { team: Team; chars: number }[];
}

/** Where a line of the room's proposition came from: a vote over the groups' versions, or one group's text. */
export interface BreakoutAdoption {
	lineId: string;
	lineLabel: string;
	source: 'vote' | 'group';
	/** The groups whose text was adopted (several when they wrote the same). */
	groupIds: string[];
	/** The vote that chose it, when source is 'vote'. */
	voteId: string | null;
	text: string;
	at: number;
}

export interface BreakoutRound {
	id: string;
	status: BreakoutStatus;
	mix: BreakoutMix;
	/** Groups start from the room's draft as it was at the start, or from blank lines. */
	startFrom: 'current' | 'blank';
	groups: BreakoutGroup[];
	createdAt: number;
	/** Server time the drafting began and is due to end (null while forming). */
	startedAt: number | null;
	endsAt: number | null;
	/** Set by the server when one minute is left, so every group hears it at once. */
	oneMinuteAt: number | null;
	/** The facilitator's latest message to all groups. */
	message: { text: string; at: number } | null;
	/** Per group, how far its draft is (counts only, never text), for the facilitator's roster. */
	progress: Record<string, { lines: number; chars: number }>;
	/** Every group's version, from the reveal on. */
	versions: GroupVersion[] | null;
	adoptions: BreakoutAdoption[];
}

export interface ControlState {
	agenda: Stage[];
	columns: BoardColumn[];
	currentStageId: string;
	frozen: boolean;
	timer: TimerState | null;
	summon: Summon | null;
	privateRound: PrivateRound | null;
	/** Stage id → ids of participants who said they are done with it. */
	done: Record<string, string[]>;
	participants: ParticipantInfo[];
	votes: VoteState[];
	ratings: RatingRound[];
	versions: VersionInfo[];
	/** Participant ids the facilitator named to sign. */
	signers: string[];
	exportPolicy: ExportPolicy;
	/** The server cannot write to its storage right now (it keeps everything and retries). */
	savingFails: boolean;
	signoffs: Signoff[];
	frame: FrameFields | null;
	/** Every breakout round, oldest first; at most one is not closed. */
	breakouts: BreakoutRound[];
	/** Null until the facilitator opens the field phase. */
	field: FieldPhase | null;
	fieldCounts: FieldCounts;
}


function room(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(CONTROL_ROOTS.room);
}

/** A plain snapshot of `control` for rendering. Values are written only by the server. */
export function readControl(doc: Y.Doc): ControlState {
	const r = room(doc);
	const agenda = (r.get('agenda') as Stage[] | undefined) ?? [];
	return {
		agenda,
		columns: (r.get('columns') as BoardColumn[] | undefined) ?? DEFAULT_COLUMNS.map((c) => ({ ...c })),
		currentStageId: (r.get('currentStageId') as string | undefined) ?? agenda[0]?.id ?? '',
		frozen: r.get('frozen') === true,
		savingFails: r.get('savingFails') === true,
		timer: (r.get('timer') as TimerState | undefined) ?? null,
		summon: (r.get('summon') as Summon | undefined) ?? null,
		privateRound: (r.get('privateRound') as PrivateRound | undefined) ?? null,
		done: readDone(doc),
		participants: [...doc.getMap<ParticipantInfo>(CONTROL_ROOTS.participants).values()].sort(
			(a, b) => a.joinedAt - b.joinedAt
		),
		// Results revealed by earlier versions are read into today's shape.
		votes: [...doc.getMap<VoteState>(CONTROL_ROOTS.votes).values()]
			.map((v) => ({ ...v, results: readVoteResults(v.results) }))
			.sort((a, b) => a.openedAt - b.openedAt),
		ratings: [...doc.getMap<RatingRound>(CONTROL_ROOTS.ratings).values()]
			.map((r) => ({ ...r, results: readRatingResults(r.results) }))
			.sort((a, b) => a.openedAt - b.openedAt),
		versions: [...doc.getMap<VersionInfo>(CONTROL_ROOTS.versions).values()].sort((a, b) => a.createdAt - b.createdAt),
		signers: (r.get('signers') as string[] | undefined) ?? [],
		exportPolicy: EXPORT_POLICIES.includes(r.get('exportPolicy') as ExportPolicy) ? (r.get('exportPolicy') as ExportPolicy) : 'leaders',
		signoffs: [...doc.getMap<Signoff>(CONTROL_ROOTS.signoffs).values()].sort((a, b) => a.signedAt - b.signedAt),
		frame: (r.get('frame') as FrameFields | undefined) ?? null,
		field: (r.get('field') as FieldPhase | undefined) ?? null,
		fieldCounts: (r.get('fieldCounts') as FieldCounts | undefined) ?? { revision: 0, fieldMembers: 0, conversations: 0, handoffs: 0, metricValues: 0 },
		breakouts: [...doc.getMap<BreakoutRound>(CONTROL_ROOTS.breakouts).values()].sort((a, b) => a.createdAt - b.createdAt)
	};
}

/** The breakout round that is not closed, if any. */
export function currentBreakout(state: Pick<ControlState, 'breakouts'>): BreakoutRound | null {
	return state.breakouts.findLast((b) => b.status !== 'closed') ?? null;
}

/** The group a participant is in during `round`, if any. */
export function groupOf(round: BreakoutRound | null, participantId: string): BreakoutGroup | null {
	return round?.groups.find((g) => g.memberIds.includes(participantId)) ?? null;
}

function readDone(doc: Y.Doc): Record<string, string[]> {
	const done: Record<string, string[]> = {};
	doc.getMap<boolean>(CONTROL_ROOTS.done).forEach((value, key) => {
		const [stageId, participantId] = key.split(' ');
		if (value && stageId && participantId) (done[stageId] ??= []).push(participantId);
	});
	return done;
}

/** The team behind each Yjs client id that has written to `content`. */
export function readAuthors(doc: Y.Doc): Map<number, Team | null> {
	const teams = new Map<number, Team | null>();
	doc.getMap<ClientAuthor>(CONTROL_ROOTS.authors).forEach((author, client) => {
		teams.set(Number(client), isTeam(author?.team) ? author.team : null);
	});
	return teams;
}

/** Server-side writers. Clients never call these: their writes to `control` are dropped. */
export const controlWriters = {
	setAgenda(doc: Y.Doc, agenda: Stage[], currentStageId?: string): void {
		doc.transact(() => {
			room(doc).set('agenda', agenda);
			if (currentStageId !== undefined) room(doc).set('currentStageId', currentStageId);
		});
	},
	setCurrentStage(doc: Y.Doc, stageId: string): void {
		room(doc).set('currentStageId', stageId);
	},
	setSavingFails(doc: Y.Doc, failing: boolean): void {
		room(doc).set('savingFails', failing);
	},
	setField(doc: Y.Doc, field: FieldPhase): void {
		room(doc).set('field', field);
	},
	setFieldCounts(doc: Y.Doc, counts: FieldCounts): void {
		room(doc).set('fieldCounts', counts);
	},
	setFrame(doc: Y.Doc, frame: FrameFields): void {
		room(doc).set('frame', frame);
	},
	setFrozen(doc: Y.Doc, frozen: boolean): void {
		room(doc).set('frozen', frozen);
	},
	setTimer(doc: Y.Doc, timer: TimerState | null): void {
		room(doc).set('timer', timer);
	},
	setSummon(doc: Y.Doc, summon: Summon): void {
		room(doc).set('summon', summon);
	},
	setPrivateRound(doc: Y.Doc, round: PrivateRound | null): void {
		room(doc).set('privateRound', round);
	},
	setDone(doc: Y.Doc, stageId: string, participantId: string, done: boolean): void {
		const key = `${stageId} ${participantId}`;
		if (done) doc.getMap<boolean>(CONTROL_ROOTS.done).set(key, true);
		else doc.getMap<boolean>(CONTROL_ROOTS.done).delete(key);
	},
	setColumns(doc: Y.Doc, columns: BoardColumn[]): void {
		room(doc).set('columns', columns);
	},
	/** Record authors of client ids not seen before; the first attribution of a client id stands. */
	recordAuthors(doc: Y.Doc, entries: ReadonlyMap<number, ClientAuthor>): void {
		const authors = doc.getMap<ClientAuthor>(CONTROL_ROOTS.authors);
		for (const [client, author] of entries) if (!authors.has(String(client))) authors.set(String(client), author);
	},
	putVote(doc: Y.Doc, vote: VoteState): void {
		doc.getMap<VoteState>(CONTROL_ROOTS.votes).set(vote.id, vote);
	},
	addVersion(doc: Y.Doc, version: VersionInfo): void {
		doc.getMap<VersionInfo>(CONTROL_ROOTS.versions).set(version.id, version);
	},
	setExportPolicy(doc: Y.Doc, policy: ExportPolicy): void {
		room(doc).set('exportPolicy', policy);
	},
	setSigners(doc: Y.Doc, signers: string[]): void {
		room(doc).set('signers', signers);
	},
	/** One signature per signer: signing again replaces the earlier one. */
	sign(doc: Y.Doc, signoff: Signoff): void {
		doc.getMap<Signoff>(CONTROL_ROOTS.signoffs).set(signoff.signerId, signoff);
	},
	putRatingRound(doc: Y.Doc, round: RatingRound): void {
		doc.getMap<RatingRound>(CONTROL_ROOTS.ratings).set(round.id, round);
	},
	putBreakout(doc: Y.Doc, round: BreakoutRound): void {
		doc.getMap<BreakoutRound>(CONTROL_ROOTS.breakouts).set(round.id, round);
	},
	upsertParticipant(doc: Y.Doc, participant: ParticipantInfo): void {
		doc.getMap<ParticipantInfo>(CONTROL_ROOTS.participants).set(participant.id, participant);
	}
};
