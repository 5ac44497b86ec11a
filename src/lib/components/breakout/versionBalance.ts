/** A group version's characters per team, as the BalanceMeter draws a live draft's balance. */
import type { GroupVersion } from '$lib/doc/schema';
import type { Balance } from '$lib/domain/contribution';

export function versionBalance(version: GroupVersion): Balance {
	const counted = version.balance.filter((b) => b.chars > 0);
	const totalChars = counted.reduce((sum, b) => sum + b.chars, 0);
	return {
		teams: counted.map((b) => ({ team: b.team, chars: b.chars, notes: 0, share: totalChars === 0 ? 0 : b.chars / totalChars })),
		totalChars,
		totalNotes: 0
	};
}
