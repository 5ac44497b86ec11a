/**
 * The exported workshop as plain data: every renderer (Markdown, Word, PDF)
 * turns this one shape into a document, so adding a section means one field
 * here, filled in src/lib/doc/export.ts, and one block per renderer.
 */
import type { Team } from '../teams.js';
import type { LineOrigin } from './origins.js';

export interface ExportData {
	title: string;
	product: string;
	customer: string;
	launchDate: string;
	campaignEnd: string;
	timeZone: string;
	/** ISO time of the export. */
	generatedAt: string;
	participants: { name: string; team: Team | null; role: string }[];
	proposition: {
		headline: string;
		oneLiner: string;
		statement: { label: string; text: string }[];
		claims: { label: string; text: string }[];
		notes: string;
	};
	contribution: { team: string; share: number }[];
	language: {
		line: string;
		adopted: string | null;
		/** "dots" or "votes". */
		unit: string;
		voters: number;
		/** Sales against marketing in one sentence (agreement.ts), or null when either is not shown. */
		agreement: string | null;
		/** The published groups, one column each: a team, or the pool of small teams. */
		groups: string[];
		/** Which teams are shown pooled and why, or "". */
		note: string;
		options: { text: string; total: number; winner: boolean; byGroup: number[] }[];
	}[];
	stressTest: {
		claim: string;
		text: string;
		/** "Deliverable: sales doubt it (1.3), marketing are sure (4.3)", one per criterion the teams split on. */
		splits: string[];
		/** Which teams are shown pooled and why, or "". */
		note: string;
		cells: { criterion: string; mean: number | null; sales: number | null; marketing: number | null; weakest: boolean; contested: boolean }[];
	}[];
	glossary: { marketingSays: string; salesSays: string; weSay: string; definition: string; example: string }[];
	metrics: { name: string; measures: string; owner: string; target: string; horizon: string; source: string; shared: boolean }[];
	handoff: { fields: { field: string; wantedBy: string[]; status: string }[]; followUp: string; feedback: string };
	/** `time`: HH:MM local to `timeZone`. */
	timeline: { date: string; time: string; title: string; phase: string; owner: string; channel: string; callToAction: string; targets: string; materials: string }[];
	/** Who signed which version. `matches`: whether this document is exactly the signed version (null when not checked). */
	signatures: { name: string; versionName: string; versionHash: string; signedAt: string; matches: boolean | null }[];
	/** Lines adopted from breakout groups and how (origins.ts); absent or empty without breakout rounds. */
	origins?: LineOrigin[];
}

/**
 * User text as plain text for any format: control characters and bidi
 * overrides removed (they can disguise text), and a leading formula character
 * defused for spreadsheet-like tables.
 */
export function plain(value: string, options: { tabular?: boolean } = {}): string {
	// eslint-disable-next-line no-control-regex
	let text = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '');
	if (options.tabular && /^[=+\-@\t]/.test(text)) text = `'${text}`;
	return text;
}

export function formatDate(iso: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || '—';
	return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * What a signature binds: the exported content, without the export time and
 * without the roster (someone joining late does not change what was agreed)
 * and without the signatures themselves.
 * Two states with the same signable JSON are the same version.
 */
export function signableJson(data: ExportData): string {
	return JSON.stringify(signable(data));
}

/** What a version's hash is taken of, before serialising (see signableJson). */
export function signable(data: ExportData): ExportData {
	// Where the lines came from is the history of the lines, not what was agreed (which the lines and votes already hold):
	// left out, so a workshop's hash does not depend on it and signatures made before it existed still match.
	const { origins: _origins, ...content } = data;
	return { ...content, generatedAt: '', participants: [], signatures: [] };
}

export const EXPORT_POLICIES = ['leaders', 'participants', 'everyone'] as const;
export type ExportPolicy = (typeof EXPORT_POLICIES)[number];

