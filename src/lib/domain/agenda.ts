/** The workshop's agenda: DESIGN.md's seven stages as the default template. */

export interface Stage {
	id: string;
	title: string;
	/** Suggested duration in minutes. */
	minutes: number;
	/** One line participants see while the stage runs. */
	instruction: string;
	skipped: boolean;
}

export const DEFAULT_AGENDA: readonly Stage[] = [
	{ id: 'frame', title: 'Frame', minutes: 10, instruction: 'Agree on the product, the target customer and the launch date.', skipped: false },
	{ id: 'draft', title: 'Draft', minutes: 30, instruction: 'Write the value proposition together, line by line.', skipped: false },
	{ id: 'language', title: 'Language', minutes: 25, instruction: 'Propose phrasings for the key lines, then vote.', skipped: false },
	{ id: 'stress-test', title: 'Stress-test', minutes: 25, instruction: 'Rate each claim against real customer objections.', skipped: false },
	{ id: 'agreements', title: 'Agreements', minutes: 20, instruction: 'Agree on shared metrics and what a qualified lead contains.', skipped: false },
	{ id: 'ramp-up', title: 'Ramp-up', minutes: 20, instruction: 'Plan the sales ramp-up from the first briefing to the campaign end.', skipped: false },
	{ id: 'sign-off', title: 'Sign-off', minutes: 10, instruction: 'Leaders sign the agreed version; export the document.', skipped: false }
];

export function defaultAgenda(): Stage[] {
	return DEFAULT_AGENDA.map((stage) => ({ ...stage }));
}
