/**
 * iCalendar (RFC 5545) export of the ramp-up timeline: one event per milestone,
 * times in UTC, text escaped, lines folded at 75 octets with CRLF, and UIDs
 * derived from the milestone id so a re-import updates instead of duplicating.
 */

export interface CalendarEvent {
	uid: string;
	start: Date;
	end: Date;
	summary: string;
	description: string;
	categories: string[];
}

export function toICalendar(events: readonly CalendarEvent[], options: { name: string; now: Date }): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Plumbline//Ramp-up timeline//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(options.name)}`
	];
	// An event without a real instant (a date out of range) is left out: one bad milestone must not stop the calendar.
	for (const event of events.filter((e) => isInstant(e.start) && isInstant(e.end))) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${escapeText(event.uid)}`,
			`DTSTAMP:${utc(options.now)}`,
			`DTSTART:${utc(event.start)}`,
			`DTEND:${utc(event.end)}`,
			`SUMMARY:${escapeText(event.summary)}`
		);
		if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
		if (event.categories.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}

/** TEXT values: backslash, semicolon, comma and newlines escaped; other control characters dropped. */
export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character. */
export function fold(line: string): string {
	const encoder = new TextEncoder();
	const chunks: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const bytes = encoder.encode(char).length;
		// Continuation lines start with a space, which counts towards their 75 octets.
		const limit = chunks.length === 0 ? 75 : 74;
		if (size + bytes > limit) {
			chunks.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += bytes;
	}
	chunks.push(current);
	return chunks.join('\r\n ');
}

function isInstant(date: Date): boolean {
	return Number.isFinite(date.getTime());
}

function utc(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Unfold and split a calendar back into lines (for tests and imports). */
export function unfold(text: string): string[] {
	return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line.length > 0);
}
