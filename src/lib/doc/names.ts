/** Names of the shared documents and of their root types: the only place that spells them. */
export const DOC_KINDS = ['content', 'control'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export function isDocKind(value: string): value is DocKind {
	return (DOC_KINDS as readonly string[]).includes(value);
}

/**
 * A breakout group's own draft: a document shaped like `content` (lines, claims, notes), one per
 * group, so a group's traffic never reaches the others. Its sync path is /sync/<workshopId>/group-<groupId>.
 */
export type GroupDocKind = `group-${string}`;
/** Group ids are short and URL-safe: they are part of a path and of a storage key. */
export const GROUP_ID = /^[A-Za-z0-9_-]{1,24}$/;

export function groupDocKind(groupId: string): GroupDocKind {
	return `group-${groupId}`;
}

/** The group id a document kind names, or null when it is not a (well-formed) group document. */
export function groupIdOf(kind: string): string | null {
	if (!kind.startsWith('group-')) return null;
	const id = kind.slice('group-'.length);
	return GROUP_ID.test(id) ? id : null;
}

/** Storage and room key of one document. */
export function docName(workshopId: string, kind: DocKind | GroupDocKind): string {
	return `${workshopId}/${kind}`;
}

/** The fixed lines of the proposition, in reading order. */
export const PROPOSITION_LINES = [
	{ id: 'headline', label: 'Headline', prompt: 'The promise in a few words, as a customer would repeat it.' },
	{ id: 'oneLiner', label: 'One-liner', prompt: 'One sentence a salesperson can say and a web page can print.' },
	{ id: 'forWhom', label: 'For', prompt: 'Who exactly is the target customer?' },
	{ id: 'need', label: 'Who', prompt: 'What need or pain do they have?' },
	{ id: 'offer', label: 'Our offer', prompt: 'The product or campaign, by name.' },
	{ id: 'category', label: 'Is a', prompt: 'The category the customer would file it under.' },
	{ id: 'benefit', label: 'That', prompt: 'The key benefit, in the customer’s words.' },
	{ id: 'alternative', label: 'Unlike', prompt: 'The alternative they use today.' },
	{ id: 'difference', label: 'We', prompt: 'What makes us different, and why it can be believed.' },
	{ id: 'notes', label: 'Notes', prompt: 'Anything that does not fit yet.' }
] as const;

export type FixedLineId = (typeof PROPOSITION_LINES)[number]['id'];

export const CONTENT_ROOTS = {
	/** Ordered claim ids; each claim's text is the fragment of line `claim-<id>`. */
	claims: 'claims',
	notes: 'notes',
	phrasings: 'phrasings',
	scenarios: 'scenarios',
	glossary: 'glossary',
	metrics: 'metrics',
	handoff: 'handoff',
	timeline: 'timeline',
	/** launchDate, endDate, timeZone: small values, last writer wins. */
	campaign: 'campaign',
	/** The hand-off's service level: root texts, so concurrent typing merges. */
	handoffFollowUp: 'handoff.followUp',
	handoffFeedback: 'handoff.feedback',
	/** Node key (`note:<id>`, `line:<lineId>`) → {x, y}: one value per card, so a move is atomic. */
	places: 'canvas.places',
	clusters: 'canvas.clusters',
	connectors: 'canvas.connectors'
} as const;


export const CONTROL_ROOTS = {
	/** agenda, currentStageId, frozen, timer: small JSON values replaced whole. */
	room: 'room',
	participants: 'participants',
	votes: 'votes',
	ratings: 'ratings',
	versions: 'versions',
	signoffs: 'signoffs',
	/** Yjs client id (as a string key) → ClientAuthor. */
	authors: 'authors',
	/** `${stageId} ${participantId}` → true */
	done: 'done',
	/** Breakout round id → BreakoutRound (src/lib/doc/control.ts). */
	breakouts: 'breakouts'
} as const;
