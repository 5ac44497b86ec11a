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

export function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The calendar date of a milestone, or null when its anchor date is not set. */
export function resolveDate(placement: Placement, campaign: Campaign): string | null {
	if (placement.anchor === 'date') return isIsoDate(placement.date) ? placement.date : null;
	const anchor = placement.anchor === 'launch' ? campaign.launchDate : campaign.endDate;
	return isIsoDate(anchor) ? addDays(anchor, placement.offsetDays) : null;
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
 * and checked again at the result.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const [h, mi] = time.split(':').map(Number) as [number, number];
	const wall = Date.UTC(y, mo - 1, d, h, mi);
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
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return asUtc - Math.floor(instant / 1000) * 1000;
}
