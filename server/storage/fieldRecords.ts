/**
 * The field's records on either database (issue 21): logs keyed by (workshop, id) with the
 * log as one JSON column (a view reads 20,000 of them in one query, each parsed once), and
 * metric values keyed by (workshop, metric, date). Deleted with their workshop by cascade.
 */
import type { Kysely } from 'kysely';
import type { Database, FieldLogRow, MetricValueRow } from './schema.js';
import type { FieldLogRecord, FieldMemberRecord, FieldStore, MetricValueRecord } from './storage.js';

/** Rows per INSERT: well under both databases' limits on bound parameters. */
const BATCH = 500;

export class KyselyFieldStore implements FieldStore {
	constructor(private readonly fieldDb: Kysely<Database>) {}

	async putFieldLog({ workshopId, updatedAt, kind, log }: FieldLogRecord): Promise<void> {
		const row = { workshopId, id: log.id, kind, authorId: log.authorId, at: log.at, updatedAt, body: JSON.stringify(log) };
		await this.fieldDb
			.insertInto('fieldLogs')
			.values(row)
			.onConflict((oc) =>
				oc.columns(['workshopId', 'id']).doUpdateSet((eb) => ({
					kind: eb.ref('excluded.kind'),
					authorId: eb.ref('excluded.authorId'),
					at: eb.ref('excluded.at'),
					updatedAt: eb.ref('excluded.updatedAt'),
					body: eb.ref('excluded.body')
				}))
			)
			.execute();
	}

	async getFieldLog(workshopId: string, id: string): Promise<FieldLogRecord | null> {
		const row = await this.fieldDb.selectFrom('fieldLogs').selectAll().where('workshopId', '=', workshopId).where('id', '=', id).executeTakeFirst();
		return row ? toFieldLog(row) : null;
	}

	async deleteFieldLog(workshopId: string, id: string): Promise<void> {
		await this.fieldDb.deleteFrom('fieldLogs').where('workshopId', '=', workshopId).where('id', '=', id).execute();
	}

	async listFieldLogs(workshopId: string, { kind, updatedSince }: { kind?: FieldLogRecord['kind']; updatedSince?: number } = {}): Promise<FieldLogRecord[]> {
		let query = this.fieldDb.selectFrom('fieldLogs').select(['workshopId', 'kind', 'updatedAt', 'body']).where('workshopId', '=', workshopId);
		if (kind) query = query.where('kind', '=', kind);
		// A catch-up reads a few rows by the update index, in no particular order.
		if (updatedSince !== undefined) return (await query.where('updatedAt', '>=', updatedSince).execute()).map(toFieldLog);
		const rows = await query.orderBy('at').orderBy('id').execute();
		return rows.map(toFieldLog);
	}

	async countFieldLogs(workshopId: string, authorId?: string): Promise<number> {
		let query = this.fieldDb.selectFrom('fieldLogs').select((eb) => eb.fn.countAll<number>().as('n')).where('workshopId', '=', workshopId);
		if (authorId !== undefined) query = query.where('authorId', '=', authorId);
		return Number((await query.executeTakeFirstOrThrow()).n);
	}

	async deleteFieldLogsBy(workshopId: string, authorId: string): Promise<{ conversations: number; handoffs: number }> {
		// Counted and deleted in one transaction, so the counts said are the rows that went.
		return this.fieldDb.transaction().execute(async (trx) => {
			const rows = await trx
				.selectFrom('fieldLogs')
				.select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
				.where('workshopId', '=', workshopId)
				.where('authorId', '=', authorId)
				.groupBy('kind')
				.execute();
			await trx.deleteFrom('fieldLogs').where('workshopId', '=', workshopId).where('authorId', '=', authorId).execute();
			const count = (kind: FieldLogRecord['kind']) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
			return { conversations: count('conversation'), handoffs: count('handoff') };
		});
	}

	async listFieldMembers(workshopId: string): Promise<FieldMemberRecord[]> {
		const [people, counts] = await Promise.all([
			this.fieldDb
				.selectFrom('participants')
				.select(['id', 'name', 'team', 'createdAt'])
				.select((eb) =>
					eb
						.exists(eb.selectFrom('sessions').select('sessions.id').whereRef('sessions.participantId', '=', 'participants.id').where('sessions.revokedAt', 'is not', null))
						.as('removed')
				)
				.where('workshopId', '=', workshopId)
				.where('role', '=', 'field')
				.orderBy('createdAt')
				.orderBy('id')
				.execute(),
			this.fieldDb
				.selectFrom('fieldLogs')
				.select(['authorId', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
				.where('workshopId', '=', workshopId)
				.groupBy(['authorId', 'kind'])
				.execute()
		]);
		const byAuthor = new Map<string, { conversations: number; handoffs: number }>();
		for (const { authorId, kind, n } of counts) {
			const entry = byAuthor.get(authorId) ?? { conversations: 0, handoffs: 0 };
			entry[kind === 'handoff' ? 'handoffs' : 'conversations'] += Number(n);
			byAuthor.set(authorId, entry);
		}
		return people.map((p) => ({
			id: p.id,
			name: p.name,
			team: p.team,
			joinedAt: Number(p.createdAt),
			...(byAuthor.get(p.id) ?? { conversations: 0, handoffs: 0 }),
			// SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
			removed: Boolean(p.removed)
		}));
	}

	async putMetricValues(values: readonly MetricValueRecord[]): Promise<void> {
		// One statement cannot update the same row twice (PostgreSQL): the last of a batch wins here first.
		const last = new Map<string, MetricValueRecord>();
		for (const value of values) last.set(`${value.workshopId}\u0000${value.metricId}\u0000${value.date}`, value);
		const rows = [...last.values()].map(({ workshopId, metricId, date, value, source, authorId, recordedAt }) => ({ workshopId, metricId, date, value, source, authorId, recordedAt }));
		if (rows.length === 0) return;
		await this.fieldDb.transaction().execute(async (trx) => {
			for (let i = 0; i < rows.length; i += BATCH) {
				await trx
					.insertInto('metricValues')
					.values(rows.slice(i, i + BATCH))
					.onConflict((oc) =>
						oc.columns(['workshopId', 'metricId', 'date']).doUpdateSet((eb) => ({
							value: eb.ref('excluded.value'),
							source: eb.ref('excluded.source'),
							authorId: eb.ref('excluded.authorId'),
							recordedAt: eb.ref('excluded.recordedAt')
						}))
					)
					.execute();
			}
		});
	}

	async countMetricValues(workshopId: string): Promise<number> {
		const row = await this.fieldDb.selectFrom('metricValues').select((eb) => eb.fn.countAll<number>().as('n')).where('workshopId', '=', workshopId).executeTakeFirstOrThrow();
		return Number(row.n);
	}

	async listMetricValues(workshopId: string): Promise<MetricValueRecord[]> {
		const rows = await this.fieldDb.selectFrom('metricValues').selectAll().where('workshopId', '=', workshopId).orderBy('metricId').orderBy('date').execute();
		return rows.map(toMetricValue);
	}
}

function toFieldLog(row: Pick<FieldLogRow, 'workshopId' | 'kind' | 'updatedAt' | 'body'>): FieldLogRecord {
	const log = JSON.parse(row.body) as FieldLogRecord['log'];
	return (row.kind === 'handoff' ? { workshopId: row.workshopId, updatedAt: row.updatedAt, kind: 'handoff', log } : { workshopId: row.workshopId, updatedAt: row.updatedAt, kind: 'conversation', log }) as FieldLogRecord;
}

function toMetricValue(row: MetricValueRow): MetricValueRecord {
	return { ...row, value: Number(row.value) };
}
