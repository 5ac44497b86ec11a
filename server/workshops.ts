/**
 * Workshops and identity: create a workshop, join it, become its facilitator,
 * and authenticate a request. Each operation checks in the order
 * authenticate → validate → apply, and returns expected failures as values.
 */
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';
import { content, controlWriters, docName, readControl } from '../src/lib/doc/schema.js';
import { readArchive, type ParsedArchive } from './archive.js';
import { isTimeZone } from '../src/lib/domain/timeline.js';
import * as Y from 'yjs';
import { defaultAgenda, type Stage } from '../src/lib/domain/agenda.js';
import type { BoardColumn } from '../src/lib/domain/board.js';
import { generateJoinCode, normalizeJoinCode, formatJoinCode } from '../src/lib/domain/joinCode.js';
import { cleanDisplayName, isTeam, type Role, type Team } from '../src/lib/domain/teams.js';
import { may } from '../src/lib/domain/permissions.js';
import type { JoinResponse } from '../src/lib/api.js';
import { randomId, SessionSigner, tokenFromRequest } from './auth.js';
import type { Rooms } from './rooms.js';
import { placeLatecomerIn } from './intents/breakout.js';
import { asObject, fail, ok, type Result } from './result.js';
import { RateLimiter } from './limits.js';
import type { ParticipantRecord, SessionRecord, RecordStore, WorkshopRecord } from './storage/storage.js';
import { fieldRecordsOf, type FieldArchive } from './field/archive.js';
import { DEFAULT_COLUMNS } from '../src/lib/domain/board.js';
import type { InsightSeed } from '../src/lib/domain/fieldDigest.js';
import { seedNotes } from './field/seeds.js';


export interface CreatedWorkshop {
	workshop: WorkshopRecord;
	/** Shown once to the facilitator; only its hash is stored. */
	facilitatorKey: string;
}

export interface Authenticated {
	workshop: WorkshopRecord;
	participant: ParticipantRecord;
	session: SessionRecord;
}

const LIMITS = { title: 120, field: 200 };

/** Workshops and imports per client address, per hour; each creation costs storage and two documents. */
export interface CreationQuotas {
	workshopsPerHour: number;
	importsPerHour: number;
	/** Counted in /metrics. */
	onRefused?(quota: 'too-many-workshops' | 'too-many-imports'): void;
}
const DAY_MS = 24 * 60 * 60 * 1000;

export class Workshops {
	constructor(
		private readonly storage: RecordStore,
		private readonly rooms: Rooms,
		private readonly signer: SessionSigner,
		private readonly sessionDays: number,
		private readonly maxParticipants = 500,
		quotas: CreationQuotas = { workshopsPerHour: 1_000_000, importsPerHour: 1_000_000 },
		/** People who join with the field link (a sales force is not the room: its own cap). */
		private readonly maxFieldMembers = 2_000
	) {
		this.creations = new RateLimiter(quotas.workshopsPerHour / 60, quotas.workshopsPerHour);
		this.imports = new RateLimiter(quotas.importsPerHour / 60, quotas.importsPerHour);
		this.onRefused = quotas.onRefused;
	}

	private readonly creations: RateLimiter;
	private readonly imports: RateLimiter;
	private readonly onRefused: CreationQuotas['onRefused'];

	/** Spend one of `address`'s creations (or imports) this hour; a refusal when none is left. */
	private spendQuota(address: string | undefined, kind: 'too-many-workshops' | 'too-many-imports'): Result<null> {
		if (address === undefined) return ok(null);
		const limiter = kind === 'too-many-imports' ? this.imports : this.creations;
		const wait = limiter.retryAfter(address);
		if (wait > 0) {
			this.onRefused?.(kind);
			const what = kind === 'too-many-imports' ? 'imports' : 'new workshops';
			return fail(429, kind, `Too many ${what} from this network; try again in ${Math.ceil(wait / 60_000)} minutes.`);
		}
		limiter.consume(address);
		return ok(null);
	}

	/**
	 * Create a workshop. `seed` fills it from an archive or a signed version:
	 * the content as it was, the agenda and board columns; new ids, no people.
	 */
	async create(input: unknown, address?: string): Promise<Result<CreatedWorkshop>> {
		const admitted = this.spendQuota(address, 'too-many-workshops');
		return admitted.ok ? this.insert(input) : admitted;
	}

	private async insert(
		input: unknown,
		seed?: { content: Uint8Array; agenda?: Stage[]; columns?: BoardColumn[]; results?: ParsedArchive['results']; field?: FieldArchive | null; notes?: InsightSeed[] }
	): Promise<Result<CreatedWorkshop>> {
		const body = asObject(input);
		const title = text(body.title, LIMITS.title);
		if (!title) return fail(400, 'invalid-title', `Give the workshop a title of 1 to ${LIMITS.title} characters.`);
		const product = optionalText(body.product, LIMITS.field);
		const customer = optionalText(body.customer, LIMITS.field);
		if (product === null || customer === null) {
			return fail(400, 'invalid-field', `Product and target customer are at most ${LIMITS.field} characters.`);
		}
		const launchDate = body.launchDate === undefined || body.launchDate === '' ? '' : isoDate(body.launchDate);
		if (launchDate === null) return fail(400, 'invalid-launch-date', 'The launch date must be a date like 2027-02-01.');
		const timeZone = body.timeZone === undefined || body.timeZone === '' ? 'UTC' : body.timeZone;
		if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) return fail(400, 'invalid-time-zone', 'The time zone must be one like Europe/Stockholm.');

		const facilitatorKey = randomId(32);
		for (let attempt = 0; attempt < 8; attempt++) {
			const workshop: WorkshopRecord = {
				id: randomId(16),
				joinCode: generateJoinCode((bytes) => randomFillSync(bytes)),
				title,
				product,
				customer,
				launchDate,
				facilitatorKeyHash: sha256(facilitatorKey),
				createdAt: Date.now()
			};
			if ((await this.storage.insertWorkshop(workshop)) === 'code-taken') continue;
			const field = seed?.field ? fieldRecordsOf(workshop.id, seed.field, Date.now()) : null;
			if (field) {
				for (const log of field.logs) await this.storage.putFieldLog(log);
				await this.storage.putMetricValues(field.values);
			}
			await this.rooms.withDoc(docName(workshop.id, 'control'), (doc) => {
				const agenda = seed?.agenda ?? defaultAgenda();
				controlWriters.setAgenda(doc, agenda, agenda[0]!.id);
				if (seed?.columns) controlWriters.setColumns(doc, seed.columns);
				for (const vote of seed?.results?.votes ?? []) controlWriters.putVote(doc, vote);
				for (const round of seed?.results?.ratings ?? []) controlWriters.putRatingRound(doc, round);
				if (seed?.field) {
					controlWriters.setField(doc, seed.field.phase);
					const c = seed.field;
					controlWriters.setFieldCounts(doc, { revision: 1, fieldMembers: 0, conversations: c.conversations.length, handoffs: c.handoffs.length, metricValues: field?.values.length ?? 0 });
				}
			});
			await this.rooms.withDoc(docName(workshop.id, 'content'), (doc) => {
				if (seed) Y.applyUpdate(doc, seed.content);
				else content.campaign.write(doc, { launchDate, endDate: '', timeZone });
				if (seed?.notes?.length) seedNotes(doc, seed.notes, seed.columns ?? [...DEFAULT_COLUMNS], Date.now());
			});
			return ok({ workshop, facilitatorKey });
		}
		return fail(503, 'no-join-code', 'Could not find a free join code; try again.');
	}

	/** A new workshop from a JSON archive; nothing is created when the archive is refused. */
	async importArchive(input: unknown, sizeInBytes: number, address?: string): Promise<Result<CreatedWorkshop>> {
		const admitted = this.spendQuota(address, 'too-many-imports');
		if (!admitted.ok) return admitted;
		const archive = readArchive(input, sizeInBytes);
		if (!archive.ok) return archive;
		const { workshop, content: update, agenda, columns, results, field } = archive.value;
		return this.insert(workshop, { content: update, agenda, columns, results, field });
	}

	/**
	 * "Start the next round from this version": a new workshop seeded with a saved version's content;
	 * `notes` (the next round from the field) land on its Draft board.
	 */
	async nextRound(auth: Authenticated, input: unknown, address?: string, notes?: InsightSeed[]): Promise<Result<CreatedWorkshop>> {
		if (!may(auth.participant.role, 'facilitate')) return fail(403, 'forbidden', 'Only a facilitator can start the next round.');
		const admitted = this.spendQuota(address, 'too-many-workshops');
		if (!admitted.ok) return admitted;
		const { versionId } = asObject(input);
		const version = typeof versionId === 'string' ? await this.storage.getVersion(auth.workshop.id, versionId) : null;
		if (!version) return fail(404, 'unknown-version', 'That version does not exist.');
		const control = new Y.Doc();
		Y.applyUpdate(control, version.control);
		const { columns } = readControl(control);
		control.destroy();
		const { title, product, customer } = auth.workshop;
		return this.insert({ title: `${title} — next round`.slice(0, 120), product, customer }, { content: version.content, columns, notes });
	}

	/** The secret of the workshop's invitation link (see SessionSigner.invitation). */
	invitation(workshopId: string): string {
		return this.signer.invitation(workshopId);
	}

	/** The secret of the workshop's field link at `linkVersion` (see SessionSigner.fieldInvitation). */
	fieldInvitation(workshopId: string, linkVersion?: number): string {
		return this.signer.fieldInvitation(workshopId, linkVersion);
	}

	/**
	 * Join with the field link `{ field, name, team }`: role `field`, once the field phase is
	 * opened. Field members are not the room's roster (not in `control.participants`, not under
	 * its cap): `fieldCounts.fieldMembers` counts them, under a cap of their own.
	 */
	private async joinField(workshop: WorkshopRecord, body: Record<string, unknown>, asker?: Asker): Promise<Result<JoinResponse>> {
		// The link's version lives in the phase: after "new field link" the old secret admits nobody.
		const { field, fieldCounts } = await this.rooms.withDoc(docName(workshop.id, 'control'), readControl);
		if (!this.signer.checkFieldInvitation(workshop.id, body.field, field?.linkVersion)) {
			return fail(403, 'invalid-field-link', 'This field link is incomplete or was replaced. Ask your facilitator for the field link again.');
		}
		if (asker && (await this.wasRemoved(workshop.id, asker))) return removedFailure();
		const name = cleanDisplayName(body.name);
		if (!name) return fail(400, 'invalid-name', 'Enter your name (up to 60 characters).');
		if (!isTeam(body.team)) return fail(400, 'invalid-team', 'Choose a team: sales, marketing, leadership or other.');
		if (!field) return fail(409, 'field-not-open', 'The field phase has not started yet. Try the link again once the facilitator has opened it.');
		if (fieldCounts.fieldMembers >= this.maxFieldMembers) return fail(409, 'field-full', `This workshop has reached its ${this.maxFieldMembers} people in the field.`);
		return ok(await this.admit(workshop, name, body.team, 'field'));
	}

	/**
	 * Join by code (`code`) or from an invitation link (`workshopId` and the link's `invite`).
	 * `asker` is the request's credentials: a browser removed from this workshop still
	 * carries its (revoked) session, and is refused until the facilitator re-admits it.
	 */
	async join(input: unknown, workshopId?: string, asker?: Asker): Promise<Result<JoinResponse>> {
		const body = asObject(input);
		let workshop: WorkshopRecord | null;
		if (workshopId !== undefined) {
			workshop = await this.storage.getWorkshop(workshopId);
			if (!workshop) return fail(404, 'unknown-workshop', 'This workshop does not exist. Check the link.');
			if (body.field !== undefined) return this.joinField(workshop, body, asker);
			if (!this.signer.checkInvitation(workshop.id, body.invite)) {
				return fail(403, 'invalid-invitation', 'This invitation link is incomplete. Ask your facilitator for the link again, or type the join code.');
			}
		} else {
			const code = typeof body.code === 'string' ? normalizeJoinCode(body.code) : null;
			if (!code) return fail(400, 'invalid-code', 'A join code has 6 letters and digits, like KM4-TX7.');
			workshop = await this.storage.getWorkshopByCode(code);
			if (!workshop) return fail(404, 'unknown-code', `No workshop has the code ${formatJoinCode(code)}. Check it with your facilitator.`);
		}
		if (asker && (await this.wasRemoved(workshop.id, asker))) return removedFailure();
		const name = cleanDisplayName(body.name);
		if (!name) return fail(400, 'invalid-name', 'Enter your name (up to 60 characters).');
		let team: Team | null;
		let role: Role;
		if (body.team === 'observer') {
			team = null;
			role = 'observer';
		} else if (isTeam(body.team)) {
			team = body.team;
			role = 'participant';
		} else {
			return fail(400, 'invalid-team', 'Choose a team: sales, marketing, leadership, other, or observer.');
		}
		if ((await this.storage.countParticipants(workshop.id)) >= this.maxParticipants) {
			return fail(409, 'workshop-full', `This workshop has reached its ${this.maxParticipants} people.`);
		}
		return ok(await this.admit(workshop, name, team, role));
	}

	/** Exchange the facilitator key for a facilitator session. */
	async facilitate(workshopId: string, input: unknown): Promise<Result<JoinResponse>> {
		const body = asObject(input);
		const workshop = await this.storage.getWorkshop(workshopId);
		if (!workshop) return fail(404, 'unknown-workshop', 'This workshop does not exist. Check the link.');
		if (typeof body.key !== 'string' || !sameHash(sha256(body.key), workshop.facilitatorKeyHash)) {
			return fail(403, 'wrong-key', 'This facilitator link is not valid for this workshop.');
		}
		const name = body.name === undefined ? 'Facilitator' : cleanDisplayName(body.name);
		if (!name) return fail(400, 'invalid-name', 'Enter your name (up to 60 characters).');
		const team = body.team === undefined ? 'other' : body.team;
		if (!isTeam(team)) return fail(400, 'invalid-team', 'Choose a team: sales, marketing, leadership or other.');
		return ok(await this.admit(workshop, name, team, 'facilitator'));
	}

	private async admit(workshop: WorkshopRecord, name: string, team: Team | null, role: Role): Promise<JoinResponse> {
		const now = Date.now();
		const participant: ParticipantRecord = { id: randomId(12), workshopId: workshop.id, name, team, role, createdAt: now };
		const session: SessionRecord = {
			id: randomId(16),
			workshopId: workshop.id,
			participantId: participant.id,
			createdAt: now,
			expiresAt: now + this.sessionDays * DAY_MS,
			revokedAt: null
		};
		await this.storage.insertParticipant(participant);
		await this.storage.insertSession(session);
		await this.rooms.withDoc(docName(workshop.id, 'control'), (doc) => {
			if (role === 'field') {
				const { fieldCounts } = readControl(doc);
				controlWriters.setFieldCounts(doc, { ...fieldCounts, fieldMembers: fieldCounts.fieldMembers + 1, revision: fieldCounts.revision + 1 });
				return;
			}
			controlWriters.upsertParticipant(doc, { id: participant.id, name, team, role, joinedAt: now });
			placeLatecomerIn(doc, { id: participant.id, team, role });
		});
		const token = this.signer.sign({
			sessionId: session.id,
			workshopId: workshop.id,
			participantId: participant.id,
			role,
			expiresAt: session.expiresAt
		});
		return { workshopId: workshop.id, participantId: participant.id, name, team, role, token, expiresAt: session.expiresAt };
	}

	/**
	 * Whether the asker's session for this workshop was ended by a removal. The ban follows
	 * the browser (its session cookie) until the session would have expired anyway.
	 */
	private async wasRemoved(workshopId: string, asker: Asker): Promise<boolean> {
		const token = tokenFromRequest(asker.url, asker.headers, workshopId);
		const verified = token ? this.signer.verify(token) : null;
		if (!verified?.ok || verified.claims.workshopId !== workshopId) return false;
		const session = await this.storage.getSession(verified.claims.sessionId);
		return session !== null && session.revokedAt !== null;
	}

	async get(workshopId: string): Promise<WorkshopRecord | null> {
		return this.storage.getWorkshop(workshopId);
	}

	/** Who is asking: the workshop must exist (404), then the session must be valid for it (401). */
	async authenticate(
		workshopId: string,
		url: URL,
		headers: { authorization?: string | undefined; cookie?: string | undefined }
	): Promise<Result<Authenticated>> {
		const workshop = await this.storage.getWorkshop(workshopId);
		if (!workshop) return fail(404, 'unknown-workshop', 'This workshop does not exist.');
		const token = tokenFromRequest(url, headers, workshopId);
		if (!token) return fail(401, 'no-session', 'Join the workshop first.');
		const verified = this.signer.verify(token);
		if (!verified.ok) {
			return verified.reason === 'expired'
				? fail(401, 'session-expired', 'Your session has expired; join again.')
				: fail(401, 'invalid-session', 'This session is not valid; join again.');
		}
		const { claims } = verified;
		if (claims.workshopId !== workshopId) return fail(401, 'invalid-session', 'This session belongs to another workshop.');
		const session = await this.storage.getSession(claims.sessionId);
		if (!session || session.participantId !== claims.participantId) return fail(401, 'session-ended', 'This session has ended; join again.');
		// Sessions are revoked only by a removal, and restored by a re-admission.
		if (session.revokedAt !== null) return removedFailure();
		const participant = await this.storage.getParticipant(session.participantId);
		if (!participant) return fail(401, 'session-ended', 'This session has ended; join again.');
		return ok({ workshop, participant, session });
	}
}

/** Where a request's session can be: the `token` query parameter, a Bearer header, the workshop's cookie. */
export interface Asker {
	url: URL;
	headers: { authorization?: string | undefined; cookie?: string | undefined };
}

/** The refusal a field member gets for anything of the workshop beyond the field (documents, ballots, versions, exports). */
export const FIELD_ONLY_MESSAGE = 'With the field link you log from the field and see the field view; the workshop itself is open to the people in the room.';

export function fieldOnly() {
	return fail(403, 'field-only', FIELD_ONLY_MESSAGE);
}

export function removedFailure() {
	return fail(403, 'removed', 'The facilitator removed you from this workshop. Ask them to re-admit you.');
}

function text(value: unknown, max: number): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}

/** '' when absent; null when present but unusable. */
function optionalText(value: unknown, max: number): string | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return '';
	return text(value, max);
}

function isoDate(value: unknown): string | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null;
}

function sha256(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
	return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
