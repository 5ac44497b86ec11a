/**
 * The field view's figures from the stored records (issue 21): pure, so the cache and the
 * long-poll around it (view.ts) stay about timing. The shared part is the same for everyone
 * in the workshop; `mine` and `may` are per asker.
 */
import type { FieldPhase } from '../../src/lib/doc/control.js';
import type { FieldResponse, OwnLog } from '../../src/lib/api.js';
import { mayEditLog, type ConversationLog, type HandoffLog, type MetricValue } from '../../src/lib/domain/fieldLogs.js';
import { fieldView } from '../../src/lib/domain/fieldView.js';
import { leadQuality } from '../../src/lib/domain/leadQuality.js';
import { metricSeries } from '../../src/lib/domain/metricSeries.js';
import type { FieldLogRecord } from '../storage/storage.js';

/** What `mine` holds at most per kind: a phone shows the last few days, not a quarter. */
export const OWN_LOGS_MAX = 200;

export type SharedView = Pick<FieldResponse, 'view' | 'leads' | 'metrics'>;

export interface Computed {
	shared: SharedView;
	/** Each author's logs, newest first, for `mine`. */
	byAuthor: Map<string, { conversations: ConversationLog[]; handoffs: HandoffLog[] }>;
}

export function computeField(phase: FieldPhase, records: readonly FieldLogRecord[], values: readonly MetricValue[], now: number): Computed {
	const conversations: ConversationLog[] = [];
	const handoffs: HandoffLog[] = [];
	const byAuthor: Computed['byAuthor'] = new Map();
	for (const record of records) {
		const log = record.log;
		let own = byAuthor.get(log.authorId);
		if (!own) byAuthor.set(log.authorId, (own = { conversations: [], handoffs: [] }));
		if (record.kind === 'conversation') {
			conversations.push(record.log);
			own.conversations.push(record.log);
		} else {
			handoffs.push(record.log);
			own.handoffs.push(record.log);
		}
	}
	const newestFirst = (a: { at: number }, b: { at: number }) => b.at - a.at;
	for (const own of byAuthor.values()) {
		own.conversations = own.conversations.sort(newestFirst).slice(0, OWN_LOGS_MAX);
		own.handoffs = own.handoffs.sort(newestFirst).slice(0, OWN_LOGS_MAX);
	}
	const today = new Date(now).toISOString().slice(0, 10);
	return {
		shared: {
			view: fieldView({ claims: phase.claims, logs: conversations, launchDate: phase.launchDate, now, predictions: phase.predictions }),
			leads: leadQuality(phase.leadFields, handoffs),
			metrics: phase.metrics.map((m) => metricSeries(m, values, { from: phase.launchDate, today }))
		},
		byAuthor
	};
}

/** The asker's own logs, each with whether they may still change it. */
export function ownLogs(computed: Computed, person: { id: string; role: string }, now: number): FieldResponse['mine'] {
	const own = computed.byAuthor.get(person.id);
	const mark = <L extends ConversationLog | HandoffLog>(log: L): OwnLog<L> => ({ ...log, editable: mayEditLog(log, person, now) });
	return { conversations: (own?.conversations ?? []).map(mark), handoffs: (own?.handoffs ?? []).map(mark) };
}
