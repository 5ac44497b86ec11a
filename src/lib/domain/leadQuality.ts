/**
 * Whether handed-off leads meet the lead definition both teams agreed: the
 * share that had every required field, the fields most often missing, and the
 * leads sales returned with their reasons (grouped like objections).
 */
import { logKey, type HandoffLog } from './fieldLogs.js';
import { groupHeard, hear, type Heard, type WordingGroup } from './wordings.js';
import type { HandoffField } from '../doc/content.js';

export interface LeadField {
	id: string;
	/** As the agreement names it ("Budget confirmed"). */
	label: string;
}

/** The lead definition as agreed: the hand-off fields both teams made required, with a name. */
export function requiredLeadFields(handoff: readonly Pick<HandoffField, 'id' | 'field' | 'status'>[]): LeadField[] {
	return handoff.filter((f) => f.status === 'required' && f.field.trim()).map((f) => ({ id: f.id, label: f.field.trim() }));
}

export interface MissingField {
	fieldId: string;
	label: string;
	/** Leads handed off without it. */
	count: number;
	/** count / leads. */
	share: number;
}

export interface LeadQuality {
	leads: number;
	/** Leads with every required field present. */
	metDefinition: number;
	/** metDefinition / leads; null before the first lead. */
	metShare: number | null;
	accepted: number;
	returned: number;
	/** Fields missing on at least one lead, most often missing first. */
	missing: MissingField[];
	/** Reasons for returned leads, most given first. */
	returnReasons: WordingGroup[];
}

/** `fields` are the agreement's required fields; a field a log does not mention counts as missing (a lead is judged on what it carried). */
export function leadQuality(fields: readonly LeadField[], logs: readonly HandoffLog[]): LeadQuality {
	const latest = new Map<string, HandoffLog>();
	for (const log of logs) if (log && typeof log === 'object') latest.set(logKey(log), log);
	const required = fields.filter((f, i) => fields.findIndex((g) => g.id === f.id) === i);
	const missingCounts = new Array<number>(required.length).fill(0);
	const reasons: Heard = new Map();
	const keys = new Map<string, string>();
	let metDefinition = 0;
	let accepted = 0;
	let returned = 0;
	for (const log of latest.values()) {
		const present: Record<string, unknown> = log.fields && typeof log.fields === 'object' ? log.fields : {};
		let complete = true;
		required.forEach((f, i) => {
			if (present[f.id] === true) return;
			missingCounts[i]! += 1;
			complete = false;
		});
		if (complete) metDefinition += 1;
		if (log.decision === 'returned') {
			returned += 1;
			if (typeof log.reason === 'string') hear(reasons, log.reason, keys);
		} else if (log.decision === 'accepted') accepted += 1;
	}
	const leads = latest.size;
	const missing = required
		.map((f, i) => ({ fieldId: f.id, label: f.label, count: missingCounts[i]!, share: leads ? missingCounts[i]! / leads : 0, order: i }))
		.filter((m) => m.count > 0)
		.sort((a, b) => b.count - a.count || a.order - b.order)
		.map(({ order: _, ...m }) => m);
	return { leads, metDefinition, metShare: leads ? metDefinition / leads : null, accepted, returned, missing, returnReasons: groupHeard(reasons) };
}
