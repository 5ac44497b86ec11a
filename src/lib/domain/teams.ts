/**
 * Teams and roles. Team colours come from the Okabe–Ito palette, chosen so that
 * people with the common colour-vision deficiencies can still tell them apart;
 * each team also has a letter so colour is never the only cue (projectors wash
 * colours out).
 */

export const TEAMS = ['sales', 'marketing', 'leadership', 'other'] as const;
export type Team = (typeof TEAMS)[number];

/**
 * `field`: a salesperson who was not in the room, joined with the field link after sign-off.
 * They log conversations and read the field view; they never open the workshop's documents.
 */
export const ROLES = ['facilitator', 'participant', 'observer', 'field'] as const;
export type Role = (typeof ROLES)[number];

export interface TeamStyle {
	label: string;
	letter: string;
	/** Strong colour: carets, markers, bars. */
	color: string;
	/** Light tint of the same hue: backgrounds behind text. */
	tint: string;
}

export const TEAM_STYLES: Record<Team, TeamStyle> = {
	sales: { label: 'Sales', letter: 'S', color: '#0072B2', tint: '#DCEBF5' },
	marketing: { label: 'Marketing', letter: 'M', color: '#D55E00', tint: '#F9E3D3' },
	leadership: { label: 'Leadership', letter: 'L', color: '#7A4E9C', tint: '#ECE3F3' },
	other: { label: 'Other', letter: 'O', color: '#4D5B66', tint: '#E4E8EB' }
};

/** Observers have no team; they follow along read-only. */
export const OBSERVER_STYLE: TeamStyle = {
	label: 'Observer',
	letter: '·',
	color: '#8A8F94',
	tint: '#EEEFF0'
};

export function isTeam(value: unknown): value is Team {
	return typeof value === 'string' && (TEAMS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function styleOf(team: Team | null): TeamStyle {
	return team ? TEAM_STYLES[team] : OBSERVER_STYLE;
}

/** A team as documents name it (exports, owners of metrics and milestones): "both" is shared, anything else unattributed. */
export function teamLabel(team: string): string {
	return isTeam(team) ? TEAM_STYLES[team].label : team === 'both' ? 'Both teams' : 'Unattributed';
}

export const NAME_MAX_LENGTH = 60;

/**
 * A display name as people will see it: trimmed, inner whitespace collapsed,
 * control characters removed. Returns null when nothing readable is left or it
 * is too long, so the caller can say so instead of silently cutting it.
 */
export function cleanDisplayName(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	// eslint-disable-next-line no-control-regex
	const name = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
	if (name.length === 0 || name.length > NAME_MAX_LENGTH) return null;
	return name;
}
