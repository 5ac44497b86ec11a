/**
 * The record store on either database: workshops and what belongs to them. Deleting a
 * workshop is one statement for its records (the foreign keys cascade) plus its documents.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Role } from '../../src/lib/domain/teams.js';
import { buffer, bytes } from './documents.js';
import { workshopDocs, type BallotRow, type Database, type PrivateNoteRow, type RatingRow, type VersionRow } from './schema.js';
import type { BallotRecord, ParticipantRecord, PrivateNoteRecord, RatingRecord, RecordStore, SessionRecord, VersionRecord, WorkshopRecord } from './storage.js';
import { KyselyFieldStore } from './fieldRecords.js';

/** How a database runs `exclusive` work: at once (one process) or under a lock shared by instances. */
export type Exclusive = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

export class KyselyRecordStore extends KyselyFieldStore implements RecordStore {
	constructor(
		private readonly db: Kysely<Database>,
		readonly exclusive: Exclusive
	) {
		super(db);
	}

	async insertWorkshop(workshop: WorkshopRecord): Promise<'ok' | 'code-taken'> {
		const result = await this.db
			.insertInto('workshops')
			.values(workshop)
			.onConflict((oc) => oc.column('joinCode').doNothing())
			.executeTakeFirst();
		return result.numInsertedOrUpdatedRows === 1n ? 'ok' : 'code-taken';
	}

	async getWorkshop(id: string): Promise<WorkshopRecord | null> {
		return (await this.db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
	}

	async getWorkshopByCode(joinCode: string): Promise<WorkshopRecord | null> {
		return (await this.db.selectFrom('workshops').selectAll().where('joinCode', '=', joinCode).executeTakeFirst()) ?? null;
	}

	async insertParticipant(participant: ParticipantRecord): Promise<void> {
		await this.db.insertInto('participants').values(participant).execute();
	}

	async countParticipants(workshopId: string): Promise<number> {
		// Field members have their own cap (server/workshops.ts joinField).
		const row = await this.db
			.selectFrom('participants')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('workshopId', '=', workshopId)
			.where('role', '!=', 'field')
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}

	async getParticipant(id: string): Promise<ParticipantRecord | null> {
		return (await this.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
	}

	async setWorkshopFrame(id: string, { product, customer }: Pick<WorkshopRecord, 'product' | 'customer'>): Promise<void> {
		await this.db.updateTable('workshops').set({ product, customer }).where('id', '=', id).execute();
	}

	async setParticipantRole(id: string, role: Role): Promise<void> {
		await this.db.updateTable('participants').set({ role }).where('id', '=', id).execute();
	}

	async insertSession(session: SessionRecord): Promise<void> {
		await this.db.insertInto('sessions').values(session).execute();
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		return (await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
	}

	async revokeSessions(participantId: string, at: number): Promise<number> {
		const result = await this.db.updateTable('sessions').set({ revokedAt: at }).where('participantId', '=', participantId).where('revokedAt', 'is', null).executeTakeFirst();
		return Number(result.numUpdatedRows);
	}

	async restoreSessions(participantId: string): Promise<number> {
		const result = await this.db
			.updateTable('sessions')
			.set({ revokedAt: null })
			.where('participantId', '=', participantId)
			.where('revokedAt', 'is not', null)
			.executeTakeFirst();
		return Number(result.numUpdatedRows);
	}

	async insertPrivateNote({ column, ...note }: PrivateNoteRecord): Promise<void> {
		await this.db.insertInto('privateNotes').values({ ...note, columnId: column }).execute();
	}

	async listPrivateNotes(workshopId: string, authorId?: string): Promise<PrivateNoteRecord[]> {
		let query = this.db.selectFrom('privateNotes').selectAll().where('workshopId', '=', workshopId);
		if (authorId !== undefined) query = query.where('authorId', '=', authorId);
		return (await query.orderBy('createdAt').orderBy('id').execute()).map(toPrivateNote);
	}

	async deletePrivateNotes(ids: readonly string[]): Promise<void> {
		if (ids.length > 0) await this.db.deleteFrom('privateNotes').where('id', 'in', ids).execute();
	}

	async putBallot({ allocation, ...ballot }: BallotRecord): Promise<number> {
		// The primary key (vote_id, voter_id) is the rule: a second ballot replaces the first, on any instance.
		await this.db
			.insertInto('ballots')
			.values({ ...ballot, allocation: JSON.stringify(allocation) })
			.onConflict((oc) =>
				oc.columns(['voteId', 'voterId']).doUpdateSet((eb) => ({ allocation: eb.ref('excluded.allocation'), team: eb.ref('excluded.team'), castAt: eb.ref('excluded.castAt') }))
			)
			.execute();
		const row = await this.db.selectFrom('ballots').select((eb) => eb.fn.countAll<number>().as('n')).where('voteId', '=', ballot.voteId).executeTakeFirstOrThrow();
		return Number(row.n);
	}

	async getBallot(voteId: string, voterId: string): Promise<BallotRecord | null> {
		const row = await this.db.selectFrom('ballots').selectAll().where('voteId', '=', voteId).where('voterId', '=', voterId).executeTakeFirst();
		return row ? toBallot(row) : null;
	}

	async listBallots(voteId: string): Promise<BallotRecord[]> {
		return (await this.db.selectFrom('ballots').selectAll().where('voteId', '=', voteId).orderBy('castAt').orderBy('voterId').execute()).map(toBallot);
	}

	async putRating({ scores, ...rating }: RatingRecord): Promise<number> {
		await this.db
			.insertInto('ratings')
			.values({ ...rating, scores: JSON.stringify(scores) })
			.onConflict((oc) =>
				oc.columns(['roundId', 'raterId']).doUpdateSet((eb) => ({ scores: eb.ref('excluded.scores'), team: eb.ref('excluded.team'), castAt: eb.ref('excluded.castAt') }))
			)
			.execute();
		const row = await this.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).where('roundId', '=', rating.roundId).executeTakeFirstOrThrow();
		return Number(row.n);
	}

	async getRating(roundId: string, raterId: string): Promise<RatingRecord | null> {
		const row = await this.db.selectFrom('ratings').selectAll().where('roundId', '=', roundId).where('raterId', '=', raterId).executeTakeFirst();
		return row ? toRating(row) : null;
	}

	async listRatings(roundId: string): Promise<RatingRecord[]> {
		return (await this.db.selectFrom('ratings').selectAll().where('roundId', '=', roundId).orderBy('castAt').orderBy('raterId').execute()).map(toRating);
	}

	async insertVersion(version: VersionRecord): Promise<void> {
		await this.db
			.insertInto('versions')
			.values({ ...version, content: buffer(version.content), control: buffer(version.control) })
			.execute();
	}

	async getVersion(workshopId: string, id: string): Promise<VersionRecord | null> {
		const row = await this.db.selectFrom('versions').selectAll().where('workshopId', '=', workshopId).where('id', '=', id).executeTakeFirst();
		return row ? toVersion(row) : null;
	}

	async versionUsage(workshopId: string): Promise<{ count: number; bytes: number }> {
		// LENGTH of a blob (SQLite) and of a bytea (PostgreSQL) both count bytes.
		const row = await this.db
			.selectFrom('versions')
			.select((eb) => [
				eb.fn.countAll<number>().as('count'),
				eb.fn.coalesce(eb.fn.sum<number>(eb(eb.fn<number>('length', ['content']), '+', eb.fn<number>('length', ['control']))), eb.lit(0)).as('bytes')
			])
			.where('workshopId', '=', workshopId)
			.executeTakeFirstOrThrow();
		return { count: Number(row.count), bytes: Number(row.bytes) };
	}

	async deleteWorkshop(id: string): Promise<void> {
		await this.db.transaction().execute(async (trx) => {
			// Breakout groups' documents are named by the workshop too (<id>/group-<groupId>): compared by
			// prefix with substr, since LIKE ignores case in SQLite and would reach other workshops.
			const groups = `${id}/group-`;
			const ofWorkshop = (eb: ExpressionBuilder<Database, 'docUpdates' | 'docSnapshots'>) =>
				eb.or([eb('doc', 'in', workshopDocs(id)), eb(eb.fn<string>('substr', [eb.ref('doc'), eb.lit(1), eb.lit(groups.length)]), '=', groups)]);
			await trx.deleteFrom('docUpdates').where(ofWorkshop).execute();
			await trx.deleteFrom('docSnapshots').where(ofWorkshop).execute();
			// People, sessions, notes, ballots, ratings, versions and field records follow by ON DELETE CASCADE.
			await trx.deleteFrom('workshops').where('id', '=', id).execute();
		});
	}

	async workshopsCreatedBefore(time: number): Promise<string[]> {
		return (await this.db.selectFrom('workshops').select('id').where('createdAt', '<', time).execute()).map((r) => r.id);
	}
}

function toPrivateNote({ columnId, ...row }: PrivateNoteRow): PrivateNoteRecord {
	return { ...row, column: columnId };
}

function toBallot(row: BallotRow): BallotRecord {
	return { ...row, allocation: JSON.parse(row.allocation) as BallotRecord['allocation'] };
}

function toRating(row: RatingRow): RatingRecord {
	return { ...row, scores: JSON.parse(row.scores) as RatingRecord['scores'] };
}

function toVersion(row: VersionRow): VersionRecord {
	return { ...row, content: bytes(row.content), control: bytes(row.control) };
}
