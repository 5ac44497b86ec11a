import { describe, expect, it } from 'vitest';
import { TEAMS, TEAM_STYLES, cleanDisplayName, isTeam, styleOf, teamLabel } from './teams';

describe('teams', () => {
	it('gives every team a distinct colour and letter', () => {
		const colours = TEAMS.map((t) => TEAM_STYLES[t].color.toLowerCase());
		const letters = TEAMS.map((t) => TEAM_STYLES[t].letter);
		expect(new Set(colours).size).toBe(TEAMS.length);
		expect(new Set(letters).size).toBe(TEAMS.length);
	});

	it('recognises teams and styles observers apart', () => {
		expect(isTeam('sales')).toBe(true);
		expect(isTeam('observer')).toBe(false);
		expect(isTeam('__proto__')).toBe(false);
		expect(styleOf(null).label).toBe('Observer');
	});

	it('labels teams as documents name them: shared is "Both teams", anything else unattributed', () => {
		expect(teamLabel('sales')).toBe('Sales');
		expect(teamLabel('leadership')).toBe('Leadership');
		expect(teamLabel('both')).toBe('Both teams');
		expect(teamLabel('')).toBe('Unattributed');
		// Owners come from a shared document: an inherited property name is not a team.
		expect(teamLabel('toString')).toBe('Unattributed');
	});
});

describe('display names', () => {
	it('trims and collapses whitespace', () => {
		expect(cleanDisplayName('  Anna   Lindqvist ')).toBe('Anna Lindqvist');
	});

	it('removes control and bidi-override characters', () => {
		expect(cleanDisplayName('Eve\u202Egnp.exe')).toBe('Evegnp.exe');
		expect(cleanDisplayName('Bob\u0000\u0007')).toBe('Bob');
	});

	it('keeps markup as text (it is escaped when shown)', () => {
		expect(cleanDisplayName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
	});

	it('refuses empty, non-string and over-long names', () => {
		expect(cleanDisplayName('   ')).toBeNull();
		expect(cleanDisplayName(42)).toBeNull();
		expect(cleanDisplayName('x'.repeat(61))).toBeNull();
	});
});
