import { describe, expect, it } from 'vitest';
import { escapeText, fold, toICalendar, unfold, type CalendarEvent } from './ics';

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
	uid: 'm1@w1.plumbline',
	start: new Date('2027-01-18T08:00:00Z'),
	end: new Date('2027-01-18T09:00:00Z'),
	summary: 'Information session 1',
	description: 'Channel: meeting',
	categories: ['Sales'],
	...over
});

describe('iCalendar', () => {
	it('writes a calendar with one event per milestone, UTC times and CRLF lines', () => {
		const text = toICalendar([event(), event({ uid: 'm2@w1.plumbline' })], { name: 'Ramp-up', now: new Date('2026-11-23T10:00:00Z') });
		expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
		expect(text).toContain('DTSTART:20270118T080000Z');
		expect(text).toContain('DTSTAMP:20261123T100000Z');
		expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
	});

	it('escapes hostile text so it cannot inject properties', () => {
		const hostile = 'Pwn\r\nEND:VEVENT\r\nBEGIN:VEVENT;x=1,y\\z\u0007';
		expect(escapeText(hostile)).toBe('Pwn\\nEND:VEVENT\\nBEGIN:VEVENT\\;x=1\\,y\\\\z');
		const lines = unfold(toICalendar([event({ summary: hostile })], { name: 'x', now: new Date(0) }));
		expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(1);
		expect(lines.find((l) => l.startsWith('SUMMARY:'))).toBe('SUMMARY:Pwn\\nEND:VEVENT\\nBEGIN:VEVENT\\;x=1\\,y\\\\z');
	});

	it('folds long lines at 75 octets without splitting multi-byte characters', () => {
		const long = `DESCRIPTION:${'Gränsöverskridande ✓ '.repeat(12)}`;
		const folded = fold(long);
		for (const physical of folded.split('\r\n')) expect(new TextEncoder().encode(physical).length).toBeLessThanOrEqual(75);
		expect(unfold(folded + '\r\n')).toEqual([long]);
	});

	it('keeps UIDs stable across exports', () => {
		const a = toICalendar([event()], { name: 'x', now: new Date(1) });
		const b = toICalendar([event()], { name: 'x', now: new Date(2) });
		const uid = (t: string) => unfold(t).find((l) => l.startsWith('UID:'));
		expect(uid(a)).toBe(uid(b));
	});
});

describe('events without a real instant', () => {
	it('are left out instead of stopping the whole calendar', () => {
		const text = toICalendar([event({ uid: 'bad', end: new Date(Number.NaN) }), event()], { name: 'Ramp-up', now: new Date('2027-01-01T00:00:00Z') });
		expect(unfold(text).filter((l) => l.startsWith('UID:'))).toEqual(['UID:m1@w1.plumbline']);
	});
});
