/**
 * Which groups of people a published figure may describe, so that no ballot or
 * score can be worked out from the figures, alone or combined.
 *
 * Every figure Plumbline publishes about private answers (dots per option, the
 * mean and spread of a rating) is a sum over a group of people. A person's
 * answer can be recovered exactly when some combination of published sums
 * isolates them: "total − sales − marketing" is a lone leader's ballot. So the
 * published groups partition everyone who answered, each group has at least
 * `min` people, and the overall figure is their sum:
 *
 * 1. a team with at least `min` people is published on its own;
 * 2. the teams below the minimum are pooled into one group ("Leadership and
 *    other");
 * 3. a pool still below the minimum takes in one more team: leadership or other
 *    if one is shown alone (the smallest), else the larger of sales and
 *    marketing, so the two teams the room compares stay apart when they can and
 *    are changed the least when they cannot.
 *
 * Every ballot is then in the totals, so the winner follows from published
 * figures and says nothing more, and any sum of published figures covers whole
 * groups of at least `min` people. When fewer than `min` people answered at
 * all, nothing but their number is published.
 */
import { TEAMS, TEAM_STYLES, type Team } from './teams.js';

/** Published groups in team order; empty when fewer than `min` answered in all. */
export function disclosure(counts: Partial<Record<Team, number>>, min: number): Team[][] {
	const n = (t: Team) => counts[t] ?? 0;
	const answered = TEAMS.filter((t) => n(t) > 0);
	if (answered.reduce((sum, t) => sum + n(t), 0) < Math.max(1, min)) return [];
	const alone = answered.filter((t) => n(t) >= min);
	const pool = answered.filter((t) => n(t) < min);
	if (pool.length > 0 && pool.reduce((sum, t) => sum + n(t), 0) < min) {
		const side = alone.filter((t) => t === 'leadership' || t === 'other').sort((a, b) => n(a) - n(b));
		const core = alone.filter((t) => t === 'sales' || t === 'marketing').sort((a, b) => n(b) - n(a) || TEAMS.indexOf(b) - TEAMS.indexOf(a));
		const taken = side[0] ?? core[0]!;
		alone.splice(alone.indexOf(taken), 1);
		pool.push(taken);
	}
	const groups = alone.map((t) => [t]);
	if (pool.length) groups.push(TEAMS.filter((t) => pool.includes(t)));
	return groups.sort((a, b) => TEAMS.indexOf(a[0]!) - TEAMS.indexOf(b[0]!));
}

/** The group holding a team, when it is published. */
export function groupOf<G extends { teams: readonly Team[] }>(groups: readonly G[], team: Team): G | undefined {
	return groups.find((g) => g.teams.includes(team));
}

/** "marketing", or "marketing with leadership" when the team is pooled: how a sentence names the group holding `team`. */
export function groupNoun(teams: readonly Team[], team: Team): string {
	const others = teams.filter((t) => t !== team).map((t) => TEAM_STYLES[t].label.toLowerCase());
	return others.length ? `${TEAM_STYLES[team].label.toLowerCase()} with ${others.join(' and ')}` : TEAM_STYLES[team].label.toLowerCase();
}

/** The footnote under pooled groups, the same words in every view. */
export function pooledNote(groups: readonly { teams: readonly Team[] }[], unit: 'voters' | 'raters'): string {
	return groups
		.filter((g) => g.teams.length > 1)
		.map((g) => `${groupLabel(g.teams)} are shown together: a team with too few ${unit} is never shown alone, so nobody’s answers can be worked out.`)
		.join(' ');
}

/** "Sales", or "Leadership and other" for a pool. */
export function groupLabel(teams: readonly Team[]): string {
	const labels = teams.map((t) => TEAM_STYLES[t].label);
	if (labels.length <= 1) return labels[0] ?? '';
	return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!.toLowerCase()}`;
}

/** One team's letter, or the letters of a pool joined ("L+O"). */
export function groupLetter(teams: readonly Team[]): string {
	return teams.map((t) => TEAM_STYLES[t].letter).join('+');
}
