/** The field phase as `control` carries it (issue 21): written by the server's field intents only. */
import type { FieldClaim, Predictions } from '../domain/fieldView.js';
import type { LeadField } from '../domain/leadQuality.js';
import type { SeriesMetric } from '../domain/metricSeries.js';

/**
 * The field phase after sign-off: what the field logs against, taken from the signed version
 * when the facilitator opened it (later edits to the workshop do not move it). Logs themselves
 * are server records, never in a shared document; `control` carries only how many there are.
 */
export interface FieldPhase {
	status: 'open' | 'closed';
	openedAt: number;
	closedAt: number | null;
	/** The signed version logs are checked against. */
	versionId: string;
	versionName: string;
	/** YYYY-MM-DD, from the ramp-up timeline's campaign; launch falls back to the opening day. */
	launchDate: string;
	endDate: string;
	/** The campaign's IANA time zone (calendars). */
	timeZone: string;
	/** The signed version's claims, in order. */
	claims: FieldClaim[];
	/** The agreed lead definition: hand-off fields with status "required". */
	leadFields: LeadField[];
	/** The metrics agreed in the workshop, each on its horizon. */
	metrics: SeriesMetric[];
	/** The stress-test's published means per claim, as signed. */
	predictions: Predictions;
	/** Review milestones of the ramp-up timeline (dates resolved): each links to the field view. */
	reviews: { id: string; title: string; date: string }[];
	/** The weekly digest's slot in the calendar (ISO weekday 1–7, HH:MM in `timeZone`), set by the facilitator. */
	digest: { weekday: number; time: string } | null;
	/** Moved by `field.rotateLink`: the field link's secret derives from it (absent: the first link). */
	linkVersion?: number;
}

/** Written with every stored field record (small, apart from FieldPhase), so every screen knows to read the view again. */
export interface FieldCounts {
	revision: number;
	/** People who joined with the field link (they are not in `participants`: a sales force is not a room's roster). */
	fieldMembers: number;
	conversations: number;
	handoffs: number;
	metricValues: number;
}
