/**
 * What the server reads and writes in breakout groups' documents (shaped like `content`):
 * a group's starting copy of the room's draft, its version read at the reveal, its progress
 * counts for the facilitator's roster, and a group's lines adopted into the room's draft.
 */
import type * as Y from 'yjs';
import {
	PROPOSITION_LINES,
	allLineIds,
	charactersByClient,
	claimLineId,
	claims,
	content,
	copyLine,
	docName,
	groupDocKind,
	lineText,
	type BreakoutGroup,
	type GroupLine,
	type GroupVersion
} from '../../src/lib/doc/schema.js';
import { TEAMS, type Team } from '../../src/lib/domain/teams.js';
import type { Rooms } from '../rooms.js';

export const groupDocName = (workshopId: string, groupId: string) => docName(workshopId, groupDocKind(groupId));

/** Run `fn` with the room's `content` document at hand (held, not copied). */
export async function withContent<T>(rooms: Rooms, workshopId: string, fn: (content: Y.Doc) => Promise<T>): Promise<T> {
	const room = await rooms.acquire(docName(workshopId, 'content'));
	try {
		return await fn(room.doc);
	} finally {
		rooms.release(room);
	}
}

/**
 * A group's starting draft: the room's lines (structure and marks), its claims in order under
 * the same ids, and its insight notes. Safe to run twice (lines are replaced, records keyed).
 */
export function seedGroup(room: Y.Doc, group: Y.Doc): void {
	for (const line of PROPOSITION_LINES) copyLine(room, group, line.id);
	const present = new Set(claims.ids(group));
	for (const id of claims.ids(room)) {
		if (!present.has(id)) claims.add(group, id);
		copyLine(room, group, claimLineId(id));
	}
	const notes = content.notes(group);
	for (const note of content.notes(room).list()) if (!notes.map.has(note.id)) notes.add(note);
}

/** Every line of a document as plain text, labelled as the room labels them. */
export function readLines(doc: Y.Doc): GroupLine[] {
	const fixed = PROPOSITION_LINES.map((l) => ({ lineId: l.id, label: l.label, text: lineText(doc, l.id).trim() }));
	const claimLines = claims.ids(doc).map((id, i) => ({ lineId: claimLineId(id), label: `Claim ${i + 1}`, text: lineText(doc, claimLineId(id)).trim() }));
	return [...fixed, ...claimLines];
}

/** A group's version as it stands: its lines, and the characters each team wrote (text the server copied counts for nobody). */
export function readVersion(doc: Y.Doc, group: BreakoutGroup, teams: ReadonlyMap<number, Team | null>): GroupVersion {
	const chars = new Map<string, number>();
	for (const [client, count] of charactersByClient(doc, allLineIds(doc))) {
		const team = teams.get(client);
		if (team) chars.set(team, (chars.get(team) ?? 0) + count);
	}
	return {
		groupId: group.id,
		groupName: group.name,
		lines: readLines(doc),
		balance: TEAMS.filter((t) => chars.has(t)).map((team) => ({ team, chars: chars.get(team)! }))
	};
}

/** How far a group's draft is: lines with text, and characters in all (never the text itself). */
export function progressOf(doc: Y.Doc): { lines: number; chars: number } {
	const lines = readLines(doc).filter((l) => l.text);
	return { lines: lines.length, chars: lines.reduce((sum, l) => sum + l.text.length, 0) };
}

/** Write one of a group's lines into the room's draft; a claim the room does not have is added after the others. */
export function adoptLine(room: Y.Doc, group: Y.Doc, lineId: string): void {
	const claimId = claims.ids(group).find((id) => claimLineId(id) === lineId);
	if (claimId !== undefined && !claims.ids(room).includes(claimId)) claims.add(room, claimId);
	copyLine(group, room, lineId);
}

/** The group's whole version becomes the room's draft: every fixed line, and the claims in the group's order. */
export function adoptVersion(room: Y.Doc, group: Y.Doc): void {
	for (const line of PROPOSITION_LINES) copyLine(group, room, line.id);
	const groupClaims = claims.ids(group);
	for (const id of claims.ids(room)) if (!groupClaims.includes(id)) claims.remove(room, id);
	groupClaims.forEach((id, index) => {
		claims.move(room, id, index);
		copyLine(group, room, claimLineId(id));
	});
}
