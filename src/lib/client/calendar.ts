/** Build the ramp-up calendar (.ics) from the shared timeline and hand it to the browser as a download. */
import type { Milestone } from '$lib/doc/schema';
import { toICalendar, type CalendarEvent } from '$lib/domain/ics';
import { PHASES, clampDuration, resolveDate, zonedTimeToUtc, type Campaign } from '$lib/domain/timeline';

export function timelineCalendar(milestones: readonly Milestone[], campaign: Campaign, workshop: { id: string; title: string }, now = new Date()): string {
	const events: CalendarEvent[] = [];
	for (const m of milestones) {
		const date = resolveDate(m, campaign);
		if (!date) continue;
		const start = zonedTimeToUtc(date, m.time, campaign.timeZone);
		const description = [
			m.callToAction && `Call to action: ${m.callToAction}`,
			m.channel && `Channel: ${m.channel}`,
			m.targets && `Targets: ${m.targets}`,
			m.materials && `Materials (${m.materialsStatus}): ${m.materials}`,
			`Phase: ${PHASES.find((p) => p.id === m.phase)?.label ?? m.phase}`
		]
			.filter(Boolean)
			.join('\n');
		events.push({
			// Stable per milestone and workshop: importing again updates the event instead of duplicating it.
			uid: `${m.id}@${workshop.id}.plumbline`,
			start,
			end: new Date(start.getTime() + clampDuration(m.durationMinutes) * 60_000),
			summary: m.title || 'Milestone',
			description,
			categories: [m.ownerTeam]
		});
	}
	return toICalendar(events, { name: `${workshop.title} — ramp-up`, now });
}

export function download(filename: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Download the ramp-up as `<workshop title>.ics`. */
export function downloadCalendar(milestones: readonly Milestone[], campaign: Campaign, workshop: { id: string; title: string }): void {
	const name = workshop.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60) || 'ramp-up';
	download(`${name}.ics`, timelineCalendar(milestones, campaign, workshop), 'text/calendar');
}
