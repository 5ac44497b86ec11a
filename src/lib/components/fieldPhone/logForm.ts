/**
 * The phone's log forms as plain data: what a tap does to the picks, and the payload the
 * outbox sends. Kept out of the components so the ten-second form is tested by its taps.
 */
import { OBJECTION_MAX, REASON_MAX, cleanLine, type ClaimUse, type HandoffDecision, type Outcome } from '$lib/domain/fieldLogs';
import type { ClaimField } from '$lib/domain/fieldView';
import type { IntentPayload } from '$lib/protocol/intents';

export const OUTCOME_LABELS: Record<Outcome, string> = { worked: 'Worked', objection: 'Objection', flat: 'Fell flat' };

/** claim id → how it landed; a claim not in it was not used. */
export type Picks = Record<string, Outcome>;

/** One tap on an outcome picks it; a tap on the outcome already picked takes the claim out. */
export function tap(picks: Picks, claimId: string, outcome: Outcome): Picks {
	const next = { ...picks };
	if (next[claimId] === outcome) delete next[claimId];
	else next[claimId] = outcome;
	return next;
}

/** The conversation as the intent sends it: uses in the signed order, an objection only where one was met. */
export function conversationPayload(
	id: string,
	at: number,
	claimOrder: readonly string[],
	picks: Picks,
	objections: Record<string, string>,
	dealStage: string | null
): IntentPayload<'field.log'> {
	// The intent's schema reads each use as a loose object; the server's reader checks its fields.
	const uses: (ClaimUse & Record<string, unknown>)[] = [];
	for (const claimId of claimOrder) {
		const outcome = picks[claimId];
		if (!outcome) continue;
		const use: ClaimUse & Record<string, unknown> = { claimId, outcome };
		const words = cleanLine(objections[claimId] ?? '').slice(0, OBJECTION_MAX);
		if (outcome === 'objection' && words) use.objection = words;
		uses.push(use);
	}
	return { id, at, uses, dealStage };
}

/** Back from a log into the form (editing). */
export function picksOf(uses: readonly ClaimUse[]): { picks: Picks; objections: Record<string, string> } {
	const picks: Picks = {};
	const objections: Record<string, string> = {};
	for (const use of uses) {
		picks[use.claimId] = use.outcome;
		if (use.objection) objections[use.claimId] = use.objection;
	}
	return { picks, objections };
}

/** Objections already heard for a claim that start like (or contain) what is typed, most heard first. */
export function suggestions(claim: Pick<ClaimField, 'objections'> | undefined, typed: string, limit = 3): string[] {
	const words = typed.trim().toLowerCase();
	return (claim?.objections ?? [])
		.filter((g) => g.text.toLowerCase() !== words && (!words || g.text.toLowerCase().includes(words)))
		.slice(0, limit)
		.map((g) => g.text);
}

/** A claim as a row can show it: its first sentence, at most `max` characters. */
export function shortClaim(text: string, max = 110): string {
	const line = cleanLine(text);
	if (line.length <= max) return line;
	return `${line.slice(0, max - 1).trimEnd()}…`;
}

export function handoffProblem(decision: HandoffDecision | null, reason: string): string | null {
	if (!decision) return 'Say whether you accepted the lead or returned it.';
	if (decision === 'returned' && !cleanLine(reason)) return 'Say why the lead is returned.';
	if (cleanLine(reason).length > REASON_MAX) return `A reason is at most ${REASON_MAX} characters.`;
	return null;
}

export function handoffPayload(id: string, at: number, fieldIds: readonly string[], present: Record<string, boolean>, decision: HandoffDecision, reason: string): IntentPayload<'field.handoff'> {
	const fields: Record<string, boolean> = {};
	for (const fieldId of fieldIds) fields[fieldId] = present[fieldId] === true;
	return { id, at, fields, decision, reason: cleanLine(reason) || null };
}

/** A log's id, made on the device (the server deduplicates resends by it); getRandomValues works on plain http too. */
export function newLogId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** "14:05" today, "Tue 14:05" this week, "3 Mar" before. */
export function whenLabel(at: number, now: number): string {
	const date = new Date(at);
	const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
	if (new Date(now).toDateString() === date.toDateString()) return time;
	if (now - at < 6 * 86_400_000) return `${date.toLocaleDateString([], { weekday: 'short' })} ${time}`;
	return date.toLocaleDateString([], { day: 'numeric', month: 'short' });
}
