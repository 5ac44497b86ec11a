/**
 * "My logs" on the phone: what the server holds for the asker, with what still waits in the
 * outbox laid over it (a waiting edit shows its new content, a waiting delete hides the log,
 * a log made offline shows before the server has it). Pure, so it is tested without a browser.
 */
import type { FieldResponse } from '$lib/api';
import type { ClaimUse, HandoffDecision } from '$lib/domain/fieldLogs';
import type { OutboxAction, OutboxEntry } from './fieldOutbox';

export type MyLog =
	| { kind: 'conversation'; id: string; at: number; uses: ClaimUse[]; dealStage: string | null; editable: boolean; waiting: boolean }
	| { kind: 'handoff'; id: string; at: number; fields: Record<string, boolean>; decision: HandoffDecision; reason: string; editable: boolean; waiting: boolean };

/** The uses this phone queued (the intent's schema types them loosely). */
function usesOf(raw: readonly Record<string, unknown>[]): ClaimUse[] {
	return raw.map((u) => {
		const use: ClaimUse = { claimId: String(u.claimId), outcome: u.outcome as ClaimUse['outcome'] };
		if (typeof u.objection === 'string') use.objection = u.objection;
		return use;
	});
}

function fromAction(action: OutboxAction, at: number, editable: boolean, waiting: boolean): MyLog | null {
	if (action.type === 'field.log') {
		const p = action.payload;
		return { kind: 'conversation', id: p.id, at: p.at ?? at, uses: usesOf(p.uses), dealStage: p.dealStage ?? null, editable, waiting };
	}
	if (action.type === 'field.handoff') {
		const p = action.payload;
		return { kind: 'handoff', id: p.id, at: p.at ?? at, fields: p.fields, decision: p.decision, reason: p.reason ?? '', editable, waiting };
	}
	return null;
}

/**
 * Newest first. `sent` are writes the server accepted that the last view may not show yet
 * (the long poll brings them a moment later); without them a log would blink out of the list.
 */
export function myLogs(mine: FieldResponse['mine'] | null, waiting: readonly OutboxEntry[], sent: readonly { action: OutboxAction; at: number }[] = []): MyLog[] {
	const logs = new Map<string, MyLog>();
	for (const c of mine?.conversations ?? []) logs.set(c.id, { kind: 'conversation', id: c.id, at: c.at, uses: c.uses, dealStage: c.dealStage ?? null, editable: c.editable, waiting: false });
	for (const h of mine?.handoffs ?? []) logs.set(h.id, { kind: 'handoff', id: h.id, at: h.at, fields: h.fields, decision: h.decision, reason: h.reason, editable: h.editable, waiting: false });
	const overlay = (action: OutboxAction, at: number, waitingNow: boolean) => {
		const id = action.payload.id;
		if (action.type === 'field.deleteLog') return void logs.delete(id);
		const known = logs.get(id);
		const log = fromAction(action, known?.at ?? at, known?.editable ?? true, waitingNow);
		if (log) logs.set(id, log);
	};
	for (const s of sent) overlay(s.action, s.at, false);
	for (const entry of waiting) overlay(entry.action, entry.queuedAt, true);
	return [...logs.values()].sort((a, b) => b.at - a.at);
}

/** "3 waiting to send" / "1 waiting to send" / "All sent". */
export function outboxLine(waiting: number): string {
	if (waiting === 0) return 'All sent';
	return `${waiting} waiting to send`;
}
