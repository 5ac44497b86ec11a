/**
 * What the field logs against, read from a signed version's two documents (pure: the tests
 * call it directly). Claims keep their ids across versions, so reopening on a later version
 * keeps earlier logs meaningful.
 */
import * as Y from 'yjs';
import type { FieldPhase } from '../../src/lib/doc/control.js';
import { claimLineId, claims, content, lineText, readControl } from '../../src/lib/doc/schema.js';
import { predictionsFrom } from '../../src/lib/domain/fieldView.js';
import { requiredLeadFields } from '../../src/lib/domain/leadQuality.js';
import { resolveDate } from '../../src/lib/domain/timeline.js';

/** The parts of the phase a version decides (the rest is the phase's own life: status, times, digest slot). */
export type VersionFieldParts = Pick<FieldPhase, 'versionId' | 'versionName' | 'launchDate' | 'endDate' | 'timeZone' | 'claims' | 'leadFields' | 'metrics' | 'predictions' | 'reviews'>;

/** The day `now` falls on in `timeZone`, YYYY-MM-DD. */
export function dayIn(now: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
}

/**
 * A version's documents (Yjs updates as stored) → the field phase's parts. Without a launch
 * date in the ramp-up timeline, the field starts on `fallbackLaunch` (the day it was opened).
 */
export function fieldPartsOf(version: { id: string; name: string; content: Uint8Array; control: Uint8Array }, fallbackLaunch: (timeZone: string) => string): VersionFieldParts {
	const contentDoc = new Y.Doc();
	const controlDoc = new Y.Doc();
	try {
		Y.applyUpdate(contentDoc, version.content);
		Y.applyUpdate(controlDoc, version.control);
		const campaign = content.campaign.read(contentDoc);
		const launchDate = campaign.launchDate || fallbackLaunch(campaign.timeZone);
		const resolved = { ...campaign, launchDate };
		const revealed = readControl(controlDoc).ratings.filter((r) => r.status === 'revealed' && r.results);
		const reviews = content
			.timeline(contentDoc)
			.list()
			.filter((m) => m.phase === 'review')
			.flatMap((m) => {
				const date = resolveDate(m, resolved);
				return date ? [{ id: m.id, title: m.title.trim() || 'Review', date }] : [];
			})
			.sort((a, b) => a.date.localeCompare(b.date));
		return {
			versionId: version.id,
			versionName: version.name,
			launchDate,
			endDate: campaign.endDate,
			timeZone: campaign.timeZone,
			claims: claims.ids(contentDoc).map((id) => ({ id, text: lineText(contentDoc, claimLineId(id)) })),
			leadFields: requiredLeadFields(content.handoff(contentDoc).list()),
			metrics: content
				.metrics(contentDoc)
				.list()
				.map(({ id, name, target, horizon }) => ({ id, name, target, horizon })),
			predictions: predictionsFrom(revealed.at(-1)?.results ?? null),
			reviews
		};
	} finally {
		contentDoc.destroy();
		controlDoc.destroy();
	}
}
