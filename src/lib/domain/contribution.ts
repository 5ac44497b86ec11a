/**
 * Who wrote this: each team's share of the proposition and the board.
 *
 * Characters are those present in the proposition now, attributed through the
 * Yjs client that inserted them (the server records which team each client id
 * belongs to). A note counts as NOTE_WEIGHT characters — about one sentence —
 * so writing notes and writing lines both register in one share.
 */
import { TEAMS, type Team } from './teams.js';

export const NOTE_WEIGHT = 40;

export type Contributor = Team | 'unknown';

export interface TeamContribution {
	team: Contributor;
	chars: number;
	notes: number;
	/** Share of the weighted total, 0–1. */
	share: number;
}

export interface Balance {
	teams: TeamContribution[];
	totalChars: number;
	totalNotes: number;
}

/**
 * @param charsByClient characters present, per Yjs client id
 * @param teamOfClient the team recorded for each client id
 * @param noteTeams the author team of each note (null for unknown)
 */
export function contributionBalance(
	charsByClient: ReadonlyMap<number, number>,
	teamOfClient: ReadonlyMap<number, Team | null>,
	noteTeams: readonly (Team | null)[]
): Balance {
	const chars = new Map<Contributor, number>();
	const notes = new Map<Contributor, number>();
	for (const [client, count] of charsByClient) {
		const team = teamOfClient.get(client) ?? 'unknown';
		chars.set(team, (chars.get(team) ?? 0) + count);
	}
	for (const team of noteTeams) notes.set(team ?? 'unknown', (notes.get(team ?? 'unknown') ?? 0) + 1);

	const order: Contributor[] = [...TEAMS, 'unknown'];
	const weight = (t: Contributor) => (chars.get(t) ?? 0) + (notes.get(t) ?? 0) * NOTE_WEIGHT;
	const total = order.reduce((sum, t) => sum + weight(t), 0);
	const teams = order
		.filter((t) => weight(t) > 0)
		.map((team) => ({ team, chars: chars.get(team) ?? 0, notes: notes.get(team) ?? 0, share: weight(team) / total }));
	return {
		teams,
		totalChars: [...chars.values()].reduce((a, b) => a + b, 0),
		totalNotes: noteTeams.length
	};
}

/** Whole percentages that add up to 100 (largest remainder), for a compact "sales 44% · marketing 49% · other 7%". */
export function roundShares(shares: readonly number[]): number[] {
	const raw = shares.map((s) => s * 100);
	const floors = raw.map(Math.floor);
	let missing = (shares.length ? 100 : 0) - floors.reduce((a, b) => a + b, 0);
	const byRemainder = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
	for (const [, i] of byRemainder) {
		if (missing <= 0) break;
		floors[i]! += 1;
		missing -= 1;
	}
	return floors;
}
