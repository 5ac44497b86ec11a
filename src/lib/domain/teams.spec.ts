import { describe, expect, it } from 'vitest';
import { TEAMS, TEAM_STYLES, canEditContent, canWriteContent, cleanDisplayName, isTeam, styleOf } from './teams';

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

	it('lets everyone but observers edit content', () => {
		expect(canEditContent('participant')).toBe(true);
		expect(canEditContent('facilitator')).toBe(true);
		expect(canEditContent('observer')).toBe(false);
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

describe('freeze rules', () => {
	it('lets facilitators write while frozen, participants only when not, observers never', () => {
		expect(canWriteContent('facilitator', true)).toBe(true);
		expect(canWriteContent('participant', true)).toBe(false);
		expect(canWriteContent('participant', false)).toBe(true);
		expect(canWriteContent('observer', false)).toBe(false);
	});
});
