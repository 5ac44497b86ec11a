/**
 * The sales ramp-up timeline: milestones placed relative to launch (or to the
 * campaign end) or on fixed dates, with the rules that flag a plan that will
 * not work. Dates are calendar dates (YYYY-MM-DD); times of day are local to
 * the workshop's time zone and turned into UTC only for calendars.
 */

export type Anchor = 'launch' | 'end' | 'date';
export type Phase = 'info-session' | 'day-one' | 'first-week' | 'campaign' | 'review' | 'end' | 'other';

export const PHASES: readonly { id: Phase; label: string }[] = [
	{ id: 'info-session', label: 'Information session' },
	{ id: 'day-one', label: 'Day one' },
	{ id: 'first-week', label: 'First week' },
	{ id: 'campaign', label: 'During the campaign' },
	{ id: 'review', label: 'Review' },
	{ id: 'end', label: 'Campaign end' },
	{ id: 'other', label: 'Other' }
];

export const CHANNELS = ['call', 'email', 'meeting', 'event', 'webinar', 'social', 'point-of-sale material', 'other'] as const;

export interface Campaign {
	/** YYYY-MM-DD, or '' when not set yet. */
	launchDate: string;
	endDate: string;
	/** IANA time zone, e.g. Europe/Stockholm. */
	timeZone: string;
}

export interface Placement {
	anchor: Anchor;
	/** Days from the anchor (negative: before), for launch and end anchors. */
	offsetDays: number;
	/** YYYY-MM-DD, for the 'date' anchor. */
	date: string;
}

/** Relative placements reach at most this far from their anchor (ten years). */
export const MAX_OFFSET_DAYS = 3660;
/** A calendar event lasts at least 15 minutes and at most a week. */
export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

export const ANCHORS: readonly Anchor[] = ['launch', 'end', 'date'];

export interface MilestoneRules extends Placement {
	id: string;
	title: string;
	phase: Phase;
	callToAction: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

export function isIsoDate(value: string): boolean {
	if (!ISO.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** `date` moved by `days`; a shift that leaves the years 0000–9999 (or is not a number) stays on `date`. */
export function addDays(date: string, days: number): string {
	const moved = new Date(Date.parse(`${date}T00:00:00Z`) + Math.round(days) * DAY);
	if (!Number.isFinite(moved.getTime())) return date;
	const iso = moved.toISOString().slice(0, 10);
	return isIsoDate(iso) ? iso : date;
}

/** A whole number of days within ±MAX_OFFSET_DAYS; anything else is 0 (on the anchor). */
export function clampOffsetDays(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
	return Math.max(-MAX_OFFSET_DAYS, Math.min(MAX_OFFSET_DAYS, Math.round(value)));
}

/** Minutes of a calendar event, within 15 minutes and a week; anything else is an hour. */
export function clampDuration(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 60;
	return Math.max(MIN_DURATION_MINUTES, Math.min(MAX_DURATION_MINUTES, Math.round(value)));
}

/** A local time of day, HH:MM on a 24-hour clock. */
export function isTimeOfDay(value: string): boolean {
	return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The calendar date of a milestone, or null when its anchor date is not set. */
export function resolveDate(placement: Placement, campaign: Campaign): string | null {
	if (placement.anchor === 'date') return isIsoDate(placement.date) ? placement.date : null;
	const anchor = placement.anchor === 'launch' ? campaign.launchDate : campaign.endDate;
	if (!isIsoDate(anchor)) return null;
	const date = addDays(anchor, clampOffsetDays(placement.offsetDays));
	return isIsoDate(date) ? date : null;
}

/** Place a milestone on `date`, keeping its kind of anchor (what dragging on the timeline does). */
export function placeOn(placement: Placement, date: string, campaign: Campaign): Placement {
	if (placement.anchor === 'date') return { ...placement, date };
	const anchor = placement.anchor === 'launch' ? campaign.launchDate : campaign.endDate;
	return isIsoDate(anchor) ? { ...placement, offsetDays: daysBetween(anchor, date) } : placement;
}

/** "launch −14", "launch", "end +1", or the fixed date. */
export function describePlacement(placement: Placement): string {
	if (placement.anchor === 'date') return placement.date || 'no date';
	const name = placement.anchor === 'launch' ? 'launch' : 'campaign end';
	if (placement.offsetDays === 0) return name;
	return `${name} ${placement.offsetDays > 0 ? '+' : '−'}${Math.abs(placement.offsetDays)} d`;
}

/** Why launch and end dates cannot be used, or null. */
export function campaignProblem(campaign: Campaign): string | null {
	if (campaign.launchDate && !isIsoDate(campaign.launchDate)) return 'The launch date is not a valid date.';
	if (campaign.endDate && !isIsoDate(campaign.endDate)) return 'The campaign end is not a valid date.';
	if (campaign.launchDate && campaign.endDate && campaign.endDate < campaign.launchDate) return 'The campaign cannot end before it launches.';
	if (!isTimeZone(campaign.timeZone)) return `"${campaign.timeZone}" is not a time zone such as Europe/Stockholm.`;
	return null;
}

export function isTimeZone(zone: string): boolean {
	if (typeof zone !== 'string' || zone.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return zone.length > 0;
	} catch {
		return false;
	}
}

export type FlagRule = 'after-end' | 'late-info-session' | 'no-call-to-action' | 'no-date';

export interface Flag {
	milestoneId: string;
	rule: FlagRule;
	message: string;
}

/** Information sessions must end at least this many days before launch. */
export const INFO_SESSION_LEAD_DAYS = 3;

/** Problems with a plan, in milestone order. */
export function timelineFlags(milestones: readonly MilestoneRules[], campaign: Campaign): Flag[] {
	const flags: Flag[] = [];
	for (const m of milestones) {
		const date = resolveDate(m, campaign);
		if (date === null) {
			flags.push({ milestoneId: m.id, rule: 'no-date', message: `“${m.title || 'Untitled'}” has no date yet.` });
		} else {
			if (isIsoDate(campaign.endDate) && date > campaign.endDate) {
				flags.push({ milestoneId: m.id, rule: 'after-end', message: `“${m.title || 'Untitled'}” is after the campaign ends.` });
			}
			if (m.phase === 'info-session' && isIsoDate(campaign.launchDate) && date > addDays(campaign.launchDate, -INFO_SESSION_LEAD_DAYS)) {
				flags.push({
					milestoneId: m.id,
					rule: 'late-info-session',
					message: `“${m.title || 'Untitled'}” is later than ${INFO_SESSION_LEAD_DAYS} days before launch: sales hear the story too late.`
				});
			}
		}
		if (!m.callToAction.trim()) {
			flags.push({ milestoneId: m.id, rule: 'no-call-to-action', message: `“${m.title || 'Untitled'}” has no call to action.` });
		}
	}
	return flags;
}

/** A sensible first plan: briefings before launch, day one, first week, a review and the end. */
export function defaultMilestones(): Array<Placement & { title: string; phase: Phase; channel: string }> {
	return [
		{ title: 'Information session 1: the story', phase: 'info-session', anchor: 'launch', offsetDays: -14, date: '', channel: 'meeting' },
		{ title: 'Information session 2: objections and practice', phase: 'info-session', anchor: 'launch', offsetDays: -7, date: '', channel: 'meeting' },
		{ title: 'Launch day', phase: 'day-one', anchor: 'launch', offsetDays: 0, date: '', channel: 'call' },
		{ title: 'First week push', phase: 'first-week', anchor: 'launch', offsetDays: 7, date: '', channel: 'email' },
		{ title: 'Mid-campaign review', phase: 'review', anchor: 'launch', offsetDays: 45, date: '', channel: 'meeting' },
		{ title: 'Campaign end', phase: 'end', anchor: 'end', offsetDays: 0, date: '', channel: 'other' }
	];
}

/**
 * The UTC instant of a local wall-clock time in `timeZone`. Works across
 * daylight-saving changes: the zone's offset is read at the guessed instant
 * and checked again at the result. Total: a time that is not HH:MM counts as
 * 09:00 and a zone the runtime does not know as UTC, so one bad value cannot
 * stop a whole calendar.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const [h, mi] = (isTimeOfDay(time) ? time : '09:00').split(':').map(Number) as [number, number];
	// setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
	const wall = new Date(0).setUTCFullYear(y, mo - 1, d) + (h * 60 + mi) * 60_000;
	if (!Number.isFinite(wall)) return new Date(Number.NaN);
	if (!isTimeZone(timeZone)) return new Date(wall);
	let guess = wall - zoneOffset(wall, timeZone);
	const second = wall - zoneOffset(guess, timeZone);
	if (second !== guess) guess = second;
	return new Date(guess);
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Stockholm in summer: +2 h). */
function zoneOffset(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		era: 'short',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const year = parts.find((p) => p.type === 'era')?.value === 'BC' ? 1 - get('year') : get('year');
	const asUtc = new Date(0).setUTCFullYear(year, get('month') - 1, get('day')) + ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000;
	return asUtc - Math.floor(instant / 1000) * 1000;
}
