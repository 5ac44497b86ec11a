/**
 * Who may open and write breakout groups' documents, decided from each workshop's rounds as
 * `control` has them, kept in memory (like the freeze state) so that every incoming update is
 * checked against the round as it is now: a move, an end or a reveal takes effect at once.
 * The rule itself is pure (src/lib/domain/permissions.ts groupDocAccess).
 */
import type { WebSocket } from 'ws';
import type * as Y from 'yjs';
import { docName, groupIdOf, type BreakoutRound } from '../../src/lib/doc/schema.js';
import { CONTROL_ROOTS } from '../../src/lib/doc/names.js';
import { groupDocAccess, may, type GroupDocAccess, type GroupRound } from '../../src/lib/domain/permissions.js';
import { FIELD_ONLY_MESSAGE } from '../workshops.js';
import type { Role } from '../../src/lib/domain/teams.js';
import { CloseCode, UpgradeRefusal } from '../protocol.js';
import type { Rooms } from '../rooms.js';

/** A round as the access rule needs it (what travels between instances): no text, no versions. */
export interface RoundAccess extends GroupRound {
	id: string;
	groups: { id: string; memberIds: string[] }[];
	/** For the ticker: when drafting is due to end, and whether "one minute left" was said. */
	endsAt: number | null;
	oneMinuteAt: number | null;
}

export const roundAccess = (rounds: readonly BreakoutRound[]): RoundAccess[] =>
	rounds.map((r) => ({
		id: r.id,
		status: r.status,
		startedAt: r.startedAt,
		endsAt: r.endsAt,
		oneMinuteAt: r.oneMinuteAt,
		// Whether there was a reveal is all the rule needs; the versions' text never travels here.
		versions: r.versions === null ? null : [],
		groups: r.groups.map((g) => ({ id: g.id, memberIds: [...g.memberIds] }))
	}));

/** Only the rounds of `control` (read on every change from another instance: never all of it). */
const roundsIn = (control: Y.Doc): RoundAccess[] => roundAccess([...control.getMap<BreakoutRound>(CONTROL_ROOTS.breakouts).values()]);

export interface Refusal {
	status: number;
	code: string;
	message: string;
}

/** How long a workshop's breakout rounds stay in memory after its last socket on this instance closed. */
const FORGET_ROUNDS_AFTER_MS = 60_000;

export class GroupAccess {
	private readonly rounds = new Map<string, RoundAccess[]>();
	/** Sockets on a group's document: whose, and which group (re-checked when a round changes). */
	private readonly sockets = new WeakMap<WebSocket, { groupId: string; person: { id: string; role: Role } }>();

	constructor(
		private readonly rooms: Rooms,
		/** The workshop's open sockets on this instance. */
		private readonly open: (workshopId: string) => Iterable<WebSocket>,
		/** Tell the other instances, when there are any. */
		private readonly tell?: (event: { type: 'breakout'; workshopId: string; rounds: RoundAccess[] }) => Promise<void>
	) {}

	/** Read the workshop's rounds again from `control`. */
	async refresh(workshopId: string): Promise<void> {
		this.update(workshopId, await this.rooms.withDoc(docName(workshopId, 'control'), roundsIn));
	}

	/** `control` changed from elsewhere (another instance, storage after an outage): a missed event still takes effect. */
	controlChanged(workshopId: string, control: Y.Doc): void {
		if (this.known(workshopId)) this.update(workshopId, roundsIn(control));
	}

	/** Called by the breakout intents after they wrote `control`: applies at once, here and on the other instances. */
	async changed(workshopId: string, rounds: readonly BreakoutRound[]): Promise<void> {
		this.update(workshopId, roundAccess(rounds));
		await this.tell?.({ type: 'breakout', workshopId, rounds: roundAccess(rounds) });
	}

	/**
	 * Before a document is loaded for an upgrade: a group's document only for those the round lets
	 * in (read fresh from `control`, so a latecomer placed a moment ago gets in). Any other upgrade
	 * to `control` teaches this instance the workshop's rounds after a restart, for the ticker.
	 * Field members see the field view over HTTP: no document of the workshop opens to them.
	 */
	async admit(workshopId: string, kind: string, person: { id: string; role: Role }): Promise<Refusal | null> {
		if (!may(person.role, 'openDocuments')) return { status: 403, code: 'field-only', message: FIELD_ONLY_MESSAGE };
		const groupId = groupIdOf(kind);
		if (groupId === null) {
			if (kind === 'control' && !this.known(workshopId)) await this.refresh(workshopId);
			return null;
		}
		await this.refresh(workshopId);
		return this.refusal(workshopId, groupId, person);
	}

	/** For a group's document, whether this person may write it now (checked for every update); null for other documents. */
	writer(workshopId: string, kind: string, person: { id: string; role: Role }): (() => boolean) | null {
		const groupId = groupIdOf(kind);
		return groupId === null ? null : () => this.access(workshopId, groupId, person) === 'write';
	}

	track(ws: WebSocket, kind: string, person: { id: string; role: Role }): void {
		const groupId = groupIdOf(kind);
		if (groupId !== null) this.sockets.set(ws, { groupId, person: { id: person.id, role: person.role } });
	}

	/** The rounds changed: whoever may no longer see a group's document (moved, group gone) loses their sockets on it now. */
	update(workshopId: string, rounds: RoundAccess[]): void {
		this.rounds.set(workshopId, rounds);
		for (const ws of [...this.open(workshopId)]) {
			const on = this.sockets.get(ws);
			if (on && this.access(workshopId, on.groupId, on.person) === 'none') ws.close(CloseCode.groupChanged, 'breakout group changed');
		}
	}

	/**
	 * The workshop's last socket on this instance closed: drop its rounds, so a long-running
	 * server does not keep every workshop it ever served. A drafting round stays for the ticker;
	 * the next upgrade reads the rounds again from `control`.
	 */
	forget(workshopId: string): void {
		if (!this.rounds.get(workshopId)?.some((r) => r.status === 'drafting')) this.rounds.delete(workshopId);
	}

	/** `forget`, a minute later and only if nobody came back: an upgrade already admitted (its document still loading) keeps the rounds it was admitted by. */
	forgetLater(workshopId: string): void {
		setTimeout(() => {
			if ([...this.open(workshopId)].length === 0) this.forget(workshopId);
		}, FORGET_ROUNDS_AFTER_MS).unref();
	}

	known(workshopId: string): boolean {
		return this.rounds.has(workshopId);
	}

	workshops(): string[] {
		return [...this.rounds.keys()];
	}

	/** Workshops with a round whose groups are drafting (the ticker's work). */
	drafting(): { workshopId: string; round: RoundAccess }[] {
		const found: { workshopId: string; round: RoundAccess }[] = [];
		for (const [workshopId, rounds] of this.rounds) {
			for (const round of rounds) if (round.status === 'drafting') found.push({ workshopId, round });
		}
		return found;
	}

	access(workshopId: string, groupId: string, person: { id: string; role: Role }): GroupDocAccess {
		return groupDocAccess(this.roundOf(workshopId, groupId), groupId, person);
	}

	/** Why an upgrade to this group's document is refused, or null when it may open. */
	refusal(workshopId: string, groupId: string, person: { id: string; role: Role }): Refusal | null {
		const round = this.roundOf(workshopId, groupId);
		if (!round || (round.startedAt === null && round.status !== 'forming')) return { status: UpgradeRefusal.unknownGroup, code: 'unknown-group', message: 'That breakout group does not exist.' };
		if (round.status === 'forming') return { status: UpgradeRefusal.groupForming, code: 'group-forming', message: 'The groups are still being formed; drafting has not started.' };
		if (this.access(workshopId, groupId, person) === 'none') {
			return { status: UpgradeRefusal.notInGroup, code: 'not-in-group', message: 'This draft belongs to another group until the facilitator reveals it.' };
		}
		return null;
	}

	private roundOf(workshopId: string, groupId: string): RoundAccess | null {
		return this.rounds.get(workshopId)?.find((r) => r.groups.some((g) => g.id === groupId)) ?? null;
	}
}
