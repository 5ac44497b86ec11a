/**
 * Who may do what, in one place: the server enforces it (intents, exports, the
 * sync endpoint, routes) and the UI reads the same rules to decide what to show.
 * Role alone decides most actions (the table); the few rules that also depend on
 * the room (frozen, export policy, authorship) are the functions below it.
 */
import type { Role } from './teams.js';
import type { ExportPolicy } from './export/model.js';

export const PERMISSIONS = {
	/** Run the room: stages, timers, votes and rounds, freezing, roster, signers, export policy, deleting the workshop, the next round. */
	facilitate: ['facilitator'],
	/** Take part: co-edit `content`, vote, rate, save versions, be named a signer. Observers follow along read-only. */
	contribute: ['facilitator', 'participant'],
	/** Log conversations and lead hand-offs from the field (server records, like ballots). Observers only watch. */
	logField: ['facilitator', 'participant', 'field'],
	/** Open the workshop's shared documents (content, control, groups) over the sync endpoint. Field members see only the field view. */
	openDocuments: ['facilitator', 'participant', 'observer']
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function may(role: Role, action: Action): boolean {
	return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Who may change the co-edited `content` document. */
export function canEditContent(role: Role): boolean {
	return may(role, 'contribute');
}

/** While the room is frozen only facilitators may change `content`. */
export function canWriteContent(role: Role, frozen: boolean): boolean {
	return may(role, 'facilitate') || (!frozen && canEditContent(role));
}

/** Something a person wrote (a note, a phrasing, an agreement): its author may change or delete it, facilitators any. */
export function mayChangeItem(me: { id: string; role: Role }, item: { authorId: string }): boolean {
	return may(me.role, 'facilitate') || (may(me.role, 'contribute') && item.authorId === me.id);
}

/**
 * Who may take the document away. By default facilitators, the leadership team
 * and the named signers; the facilitator can open it to every participant, or
 * to observers too.
 */
export function mayExport(person: { role: Role; team: string | null; isSigner: boolean }, policy: ExportPolicy): boolean {
	// Field members see the field view only, whatever the policy.
	if (!may(person.role, 'openDocuments')) return false;
	if (may(person.role, 'facilitate') || policy === 'everyone') return true;
	if (!may(person.role, 'contribute')) return false;
	return policy === 'participants' || person.team === 'leadership' || person.isSigner;
}

/** What a person may do with one breakout group's document. */
export type GroupDocAccess = 'write' | 'read' | 'none';

/** The parts of a breakout round (src/lib/doc/control.ts BreakoutRound) the access rule reads. */
export interface GroupRound {
	status: 'forming' | 'drafting' | 'ended' | 'revealed' | 'closed';
	startedAt: number | null;
	groups: readonly { id: string; memberIds: readonly string[] }[];
	/** Set at the reveal; a round closed without one keeps its drafts private. */
	versions: readonly unknown[] | null;
}

/**
 * A group's draft is private to its members and the facilitators until the reveal: they write
 * it while drafting and read it once ended (or closed without a reveal); from the reveal on
 * everyone in the workshop reads it; nobody writes it after drafting. Before drafting (forming,
 * or a round cancelled while forming) there is no document to open.
 */
export function groupDocAccess(round: GroupRound | null, groupId: string, person: { id: string; role: Role }): GroupDocAccess {
	const group = round?.groups.find((g) => g.id === groupId);
	if (!round || !group || round.startedAt === null || round.status === 'forming') return 'none';
	if (round.status === 'revealed' || (round.status === 'closed' && round.versions !== null)) return 'read';
	const inside = may(person.role, 'facilitate') || group.memberIds.includes(person.id);
	if (!inside) return 'none';
	return round.status === 'drafting' ? 'write' : 'read';
}
