/**
 * The weekly field digest as a calendar slot (issue 21): one VEVENT that repeats every week
 * (RRULE) from the first slot on or after launch until the campaign ends, at the facilitator's
 * weekday and time in the campaign's time zone. The start carries the IANA zone (TZID), so the
 * slot stays at 09:00 local across daylight-saving changes; UNTIL is in UTC as RFC 5545 asks.
 */
import { escapeText, fold } from './ics.js';
import { isTimeZone, zonedTimeToUtc } from './timeline.js';

export interface DigestSlot {
	workshopId: string;
	title: string;
	launchDate: string;
	endDate: string;
	timeZone: string;
	/** ISO weekday 1 (Monday) – 7 (Sunday), HH:MM local. */
	slot: { weekday: number; time: string };
	fieldUrl: string;
	digestUrl: string;
}

const DAY = 86_400_000;
const MINUTES = 30;

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first date on or after `from` that falls on ISO `weekday`. */
export function firstWeekday(from: string, weekday: number): string {
	const start = Date.parse(`${from}T00:00:00Z`);
	const day = new Date(start).getUTCDay() || 7;
	return isoDate(start + (((weekday - day) % 7) + 7) % 7 * DAY);
}

export function digestCalendar(input: DigestSlot, now: Date): string {
	const zone = isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
	const first = firstWeekday(input.launchDate, input.slot.weekday);
	const [h, m] = input.slot.time.split(':').map(Number) as [number, number];
	const local = `${first.replace(/-/g, '')}T${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}00`;
	const until = input.endDate ? stamp(new Date(zonedTimeToUtc(input.endDate, '23:59', zone).getTime() + 59_000)) : null;
	const summary = `Field digest — ${input.title}`;
	const description = `This week's field digest: which claims work in real conversations, the top objections, the metrics against target and lead quality.\nField view: ${input.fieldUrl}\nDigest (Markdown): ${input.digestUrl}.md\nDigest (PDF): ${input.digestUrl}.pdf`;
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Plumbline//Field digest//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(summary)}`,
		`X-WR-TIMEZONE:${zone}`,
		'BEGIN:VEVENT',
		`UID:field-digest-${input.workshopId}@plumbline`,
		`DTSTAMP:${stamp(now)}`,
		zone === 'UTC' ? `DTSTART:${local}Z` : `DTSTART;TZID=${zone}:${local}`,
		`DURATION:PT${MINUTES}M`,
		`RRULE:FREQ=WEEKLY;BYDAY=${['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][input.slot.weekday - 1]}${until ? `;UNTIL=${until}` : ''}`,
		`SUMMARY:${escapeText(summary)}`,
		`DESCRIPTION:${escapeText(description)}`,
		`URL:${input.fieldUrl}`,
		'CATEGORIES:Field digest',
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}
