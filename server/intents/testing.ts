/**
 * A workshop for the intent handlers' unit tests: the real `Intents` over real
 * `Rooms` on a SQLite file, with a facilitator, two participants of different
 * teams and an observer joined through `Workshops`. Only the sockets are
 * replaced, by a record of what the handlers asked of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docName, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import type { IntentPayload, IntentType } from '../../src/lib/protocol/intents.js';
import { SessionSigner } from '../auth.js';
import { JobPool } from '../jobs/pool.js';
import { log } from '../log.js';
import type { Result } from '../result.js';
import { Rooms } from '../rooms.js';
import { openSqlite } from '../storage/sqlite.js';
import type { RecordStore, Storage } from '../storage/storage.js';
import { Workshops, type Authenticated } from '../workshops.js';
import type { IntentContext, Quotas } from './handler.js';
import { Intents } from './index.js';

export interface Options {
	quotas?: Partial<Quotas>;
	/** Wraps the record store the handlers see (to make a write fail). */
	records?(real: RecordStore): RecordStore;
	now?(): number;
	/** People who may join with the field link. */
	maxFieldMembers?: number;
}

export type Person = 'facilitator' | 'sales' | 'marketing' | 'observer';

export interface TestWorkshop {
	intents: Intents;
	rooms: Rooms;
	storage: Storage;
	workshopId: string;
	people: Record<Person, Authenticated>;
	workshops: Workshops;
	joinCode: string;
	/** What the handlers asked of the sockets, in order. */
	sockets: string[];
	quotaRefusals: string[];
	send<T extends IntentType>(who: Person, type: T, payload: IntentPayload<T>): Promise<Result<{ applied: string }>>;
	/** Anything at all, as a client could send it. */
	sendRaw(who: Person, input: unknown): Promise<Result<{ applied: string }>>;
	control(): Promise<ControlState>;
	/** The facilitator of a second workshop in the same storage, served by the same `intents`. */
	another(): Promise<Authenticated>;
	close(): Promise<void>;
}

export async function testWorkshop(options: Options = {}): Promise<TestWorkshop> {
	// Refused writes are logged on purpose here; the assertions say what matters.
	log.logger.level = 'silent';
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-intents-'));
	const storage = await openSqlite(path.join(dir, 'test.sqlite'));
	const rooms = new Rooms(storage.documents, { flushMs: 5, compactAfter: 100 });
	const workshops = new Workshops(storage.records, rooms, new SessionSigner('x'.repeat(32)), 1, 500, undefined, options.maxFieldMembers);
	// Without a compiled worker beside the sources the pool runs its jobs inline.
	const jobs = new JobPool({ workers: 1, queue: 4, timeoutMs: 30_000, maxInputBytes: 64 * 1024 * 1024 });
	const sockets: string[] = [];
	const quotaRefusals: string[] = [];
	const ctx: IntentContext = {
		rooms,
		storage: options.records?.(storage.records) ?? storage.records,
		sync: {
			closeParticipant: async (participantId, code, reason) => void sockets.push(`close ${participantId} ${code} ${reason}`),
			setFrozen: async (workshopId, frozen) => void sockets.push(`frozen ${workshopId} ${frozen}`),
			breakoutChanged: async (_workshopId, rounds) => void sockets.push(`breakout ${rounds.map((r) => r.status).join(' ')}`)
		},
		now: options.now ?? Date.now,
		minTeamVoters: 1,
		shared: false,
		jobs,
		quotas: { maxVersions: 10, maxVersionBytes: 64 * 1024 * 1024, maxPrivateNotes: 5, maxFieldLogsPerPerson: 2000, maxFieldLogs: 200_000, maxMetricValues: 50_000, fieldWritesPerMinute: 60, ...options.quotas },
		onQuotaRefused: (quota) => void quotaRefusals.push(quota)
	};
	const intents = new Intents(ctx);

	const created = unwrap(await workshops.create({ title: 'Launch' }));
	const workshopId = created.workshop.id;
	const joined = {
		facilitator: unwrap(await workshops.facilitate(workshopId, { key: created.facilitatorKey, name: 'Fay' })),
		sales: unwrap(await workshops.join({ code: created.workshop.joinCode, name: 'Sam', team: 'sales' })),
		marketing: unwrap(await workshops.join({ code: created.workshop.joinCode, name: 'Mia', team: 'marketing' })),
		observer: unwrap(await workshops.join({ code: created.workshop.joinCode, name: 'Oz', team: 'observer' }))
	};
	const url = new URL('http://127.0.0.1/');
	const auth = async (joined: { workshopId: string; token: string }) =>
		unwrap(await workshops.authenticate(joined.workshopId, url, { authorization: `Bearer ${joined.token}` }));
	const people: Record<Person, Authenticated> = {
		facilitator: await auth(joined.facilitator),
		sales: await auth(joined.sales),
		marketing: await auth(joined.marketing),
		observer: await auth(joined.observer)
	};

	return {
		intents,
		rooms,
		storage,
		workshopId,
		people,
		workshops,
		joinCode: created.workshop.joinCode,
		sockets,
		quotaRefusals,
		send: (who, type, payload) => intents.apply(people[who], { ...payload, type }),
		sendRaw: (who, input) => intents.apply(people[who], input),
		control: () => rooms.withDoc(docName(workshopId, 'control'), readControl),
		async another() {
			const second = unwrap(await workshops.create({ title: 'Another' }));
			return auth(unwrap(await workshops.facilitate(second.workshop.id, { key: second.facilitatorKey })));
		},
		async close() {
			await rooms.closeAll();
			await jobs.close();
			await storage.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** `real`, except that `method` fails as a closed or broken database would. */
export const refusing =
	(method: keyof RecordStore) =>
	(real: RecordStore): RecordStore =>
		Object.assign(Object.create(real) as RecordStore, {
			[method]: async () => {
				throw new Error('the database is closed');
			}
		});

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.value;
}
