import { describe, expect, it } from 'vitest';
import { digestCalendar, firstWeekday } from './digestCalendar';
import { unfold } from './ics';

const base = {
	workshopId: 'w1',
	title: 'Q1 launch; "Uptime", guaranteed',
	launchDate: '2027-02-01',
	endDate: '2027-04-30',
	timeZone: 'Europe/Stockholm',
	slot: { weekday: 5, time: '09:00' },
	fieldUrl: 'https://plumbline.example/w/w1/field',
	digestUrl: 'https://plumbline.example/api/workshops/w1/field/digest'
};

describe('the digest calendar', () => {
	it('finds the first slot on or after launch', () => {
		expect(firstWeekday('2027-02-01', 1)).toBe('2027-02-01');
		expect(firstWeekday('2027-02-01', 5)).toBe('2027-02-05');
		expect(firstWeekday('2027-02-06', 1)).toBe('2027-02-08');
	});

	it('repeats weekly at local time in the campaign zone until the end of the campaign (in UTC)', () => {
		const lines = unfold(digestCalendar(base, new Date('2027-01-20T10:00:00Z')));
		expect(lines).toContain('DTSTART;TZID=Europe/Stockholm:20270205T090000');
		expect(lines).toContain('DURATION:PT30M');
		// 30 April 23:59:59 in Stockholm (summer time, UTC+2).
		expect(lines).toContain('RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20270430T215959Z');
		expect(lines).toContain('SUMMARY:Field digest — Q1 launch\\; "Uptime"\\, guaranteed');
		expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain('https://plumbline.example/api/workshops/w1/field/digest.pdf');
		expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
	});

	it('keeps hostile titles inside their line and UTC when the zone is unknown', () => {
		const text = digestCalendar({ ...base, title: 'x\r\nBEGIN:VEVENT\r\nSUMMARY:spoof', timeZone: 'Mars/Olympus' }, new Date(0));
		expect(unfold(text).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
		expect(unfold(text)).toContain('DTSTART:20270205T090000Z');
	});
});
