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

export const STAGE_TITLE_MAX = 40;
export const STAGE_INSTRUCTION_MAX = 200;
export const STAGE_MINUTES_MAX = 240;

export type AgendaResult = { ok: true; agenda: Stage[] } | { ok: false; reason: string };

const fail = (reason: string): AgendaResult => ({ ok: false, reason });

/** Change a stage's title, duration, instruction or skipped flag. */
export function updateStage(
	agenda: readonly Stage[],
	stageId: string,
	patch: Partial<Pick<Stage, 'title' | 'minutes' | 'instruction' | 'skipped'>>
): AgendaResult {
	if (!agenda.some((s) => s.id === stageId)) return fail('That stage does not exist.');
	const checked = checkFields(patch);
	if (typeof checked === 'string') return fail(checked);
	const next = agenda.map((s) => (s.id === stageId ? { ...s, ...checked } : { ...s }));
	if (next.every((s) => s.skipped)) return fail('At least one stage must stay on the agenda.');
	return { ok: true, agenda: next };
}

/** Move a stage to `index` (0-based, clamped). */
export function moveStage(agenda: readonly Stage[], stageId: string, index: number): AgendaResult {
	const from = agenda.findIndex((s) => s.id === stageId);
	if (from === -1) return fail('That stage does not exist.');
	if (!Number.isInteger(index)) return fail('The position must be a whole number.');
	const next = agenda.map((s) => ({ ...s }));
	const [stage] = next.splice(from, 1);
	next.splice(Math.max(0, Math.min(index, next.length)), 0, stage!);
	return { ok: true, agenda: next };
}

/** Add a stage after `afterStageId` (or at the end). */
export function addStage(
	agenda: readonly Stage[],
	id: string,
	fields: { title: unknown; minutes?: unknown; instruction?: unknown },
	afterStageId?: string
): AgendaResult {
	const checked = checkFields({ title: fields.title, minutes: fields.minutes ?? 10, instruction: fields.instruction ?? '' });
	if (typeof checked === 'string') return fail(checked);
	if (checked.title === undefined) return fail('A stage needs a title.');
	const stage: Stage = { id, title: checked.title, minutes: checked.minutes ?? 10, instruction: checked.instruction ?? '', skipped: false };
	const at = afterStageId === undefined ? agenda.length : agenda.findIndex((s) => s.id === afterStageId) + 1;
	if (at === 0) return fail('That stage does not exist.');
	const next = agenda.map((s) => ({ ...s }));
	next.splice(at, 0, stage);
	return { ok: true, agenda: next };
}

/** The stage after (or before) `stageId`, skipping skipped stages. */
export function neighbourStage(agenda: readonly Stage[], stageId: string, step: 1 | -1): Stage | undefined {
	const active = agenda.filter((s) => !s.skipped);
	const at = active.findIndex((s) => s.id === stageId);
	return at === -1 ? active[0] : active[at + step];
}

function checkFields(patch: Record<string, unknown>): Partial<Pick<Stage, 'title' | 'minutes' | 'instruction' | 'skipped'>> | string {
	const out: Partial<Pick<Stage, 'title' | 'minutes' | 'instruction' | 'skipped'>> = {};
	if (patch.title !== undefined) {
		const title = typeof patch.title === 'string' ? patch.title.replace(/\s+/g, ' ').trim() : '';
		if (!title || title.length > STAGE_TITLE_MAX) return `A stage title has 1 to ${STAGE_TITLE_MAX} characters.`;
		out.title = title;
	}
	if (patch.minutes !== undefined) {
		if (typeof patch.minutes !== 'number' || !Number.isInteger(patch.minutes) || patch.minutes < 1 || patch.minutes > STAGE_MINUTES_MAX) {
			return `Minutes must be a whole number from 1 to ${STAGE_MINUTES_MAX}.`;
		}
		out.minutes = patch.minutes;
	}
	if (patch.instruction !== undefined) {
		const instruction = typeof patch.instruction === 'string' ? patch.instruction.replace(/\s+/g, ' ').trim() : null;
		if (instruction === null || instruction.length > STAGE_INSTRUCTION_MAX) return `An instruction has at most ${STAGE_INSTRUCTION_MAX} characters.`;
		out.instruction = instruction;
	}
	if (patch.skipped !== undefined) {
		if (typeof patch.skipped !== 'boolean') return 'Skipped must be true or false.';
		out.skipped = patch.skipped;
	}
	return out;
}
