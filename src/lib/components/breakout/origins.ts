/**
 * Where the room's lines came from, read from every breakout round's adoptions: the caption the
 * Draft shows under an adopted line ("Voted from Group 1, Group 3" / "From Group 2").
 */
import type { BreakoutRound } from '$lib/doc/schema';

/** Room line id → its caption; the latest adoption of a line wins. */
export function lineOrigins(rounds: readonly BreakoutRound[]): Map<string, string> {
	const latest = new Map<string, { at: number; caption: string }>();
	for (const round of rounds) {
		const names = new Map(round.groups.map((g) => [g.id, g.name]));
		for (const adoption of round.adoptions) {
			const groups = adoption.groupIds.map((id) => names.get(id) ?? 'a group').join(', ');
			const caption = adoption.source === 'vote' ? `Voted from ${groups}` : `From ${groups}`;
			const seen = latest.get(adoption.lineId);
			if (!seen || adoption.at >= seen.at) latest.set(adoption.lineId, { at: adoption.at, caption });
		}
	}
	return new Map([...latest].map(([lineId, { caption }]) => [lineId, caption]));
}
