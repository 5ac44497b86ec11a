/**
 * The server's parts, wired together once: storage, rooms, identity and the
 * sync endpoint. The production entry (index.ts) and the dev hook (dev.ts)
 * both build it, and SvelteKit routes reach it through `locals.app`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { controlWriters, docName } from '../src/lib/doc/schema.js';
import { SessionSigner } from './auth.js';
import { Rooms } from './rooms.js';
import { openSqlite } from './storage/sqlite.js';
import { openPostgres } from './storage/postgres.js';
import type { Storage } from './storage/storage.js';
import { withFaults } from './storage/faults.js';
import { JobPool } from './jobs/pool.js';
import { RedisFanout } from './fanout.js';
import { SyncEndpoint } from './sync.js';
import { BreakoutTicker } from './breakoutTicker.js';
import { Workshops } from './workshops.js';
import { Intents } from './intents/index.js';
import { Exports } from './export/index.js';
import { Versions } from './versions.js';
import { FieldViews } from './field/view.js';
import { FieldDigests } from './field/digest.js';
import { JoinGuard } from './limits.js';
import { Metrics } from './metrics.js';
import { Retention } from './retention.js';
import { log, setLogLevel } from './log.js';

export interface App {
	config: Config;
	storage: Storage;
	rooms: Rooms;
	workshops: Workshops;
	intents: Intents;
	exports: Exports;
	versions: Versions;
	/** The field view (issue 21): cached per revision, live by long-poll. */
	field: FieldViews;
	/** The field's weekly digest: Markdown, PDF, calendar. */
	digests: FieldDigests;
	/** Wrong join codes per client network (shared through Redis when configured). */
	joinGuard: JoinGuard;
	/** Worker threads for exports and version hashes. */
	jobs: JobPool;
	retention: Retention;
	sync: SyncEndpoint;
	metrics: Metrics;
	/** Redis fan-out to other instances; null when this process serves alone. */
	fanout: RedisFanout | null;
	/** Stop accepting, close sockets, flush every document, close storage. */
	close(): Promise<void>;
}

/** The configured storage, migrated: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStorage(config: Config): Promise<Storage> {
	if (config.databaseUrl) return openPostgres(config.databaseUrl);
	fs.mkdirSync(config.dataDir, { recursive: true });
	return openSqlite(path.join(config.dataDir, 'plumbline.sqlite'));
}

export async function createApp(config: Config): Promise<App> {
	setLogLevel(config.logLevel);
	fs.mkdirSync(config.dataDir, { recursive: true });
	const stored = await openStorage(config);
	const storage = config.testFaults ? withFaults(stored, config.dataDir) : stored;
	const metrics = new Metrics();
	const jobs = new JobPool({
		workers: config.exportWorkers,
		queue: config.exportQueue,
		timeoutMs: config.exportTimeoutMs,
		maxInputBytes: config.exportMaxBytes,
		onRefused: (reason) => metrics.jobRefused(reason),
		onDone: (job, ms) => metrics.jobDone(job, ms)
	});
	const fanout = config.redisUrl ? new RedisFanout(config.redisUrl) : null;
	const rooms: Rooms = new Rooms(storage.documents, {
		bus: fanout ?? undefined,
		onOutsideChange: (room) => sync.controlChanged(room),
		flushMs: config.flushMs,
		compactAfter: config.compactAfter,
		onFlush: (ms) => metrics.flushed(ms),
		// Tell the room when its work is not reaching storage (shown as "not saved"); the write to
		// `control` reaches everyone at once even while storage refuses it.
		onSaveState: (room, failing) => {
			const workshopId = room.name.split('/')[0]!;
			const control = rooms.peek(docName(workshopId, 'control'));
			if (control) controlWriters.setSavingFails(control.doc, failing);
		}
	});
	const signer = new SessionSigner(config.secret ?? loadOrCreateSecret(config.dataDir));
	const creationQuotas = { workshopsPerHour: config.workshopsPerHour, importsPerHour: config.importsPerHour, onRefused: (quota: string) => metrics.refusedByQuota(quota) };
	const workshops = new Workshops(storage.records, rooms, signer, config.sessionDays, config.maxParticipantsPerWorkshop, creationQuotas, config.maxFieldMembers);
	const sync = new SyncEndpoint(
		rooms,
		workshops,
		storage.records,
		{
			maxMessageBytes: config.maxMessageBytes,
			origin: config.origin,
			allowedHosts: config.allowedHosts,
			maxMessagesPerSecond: config.maxMessagesPerSecond,
			maxConnectionsPerAddress: config.maxConnectionsPerAddress,
			maxDocumentBytes: config.maxDocumentBytes,
			maxBufferedBytes: config.maxBufferedBytes,
			heartbeatMs: config.heartbeatMs,
			tellOthers: fanout ? (event) => fanout.event(event) : undefined
		},
		metrics
	);
	const intents = new Intents({
		rooms,
		storage: storage.records,
		sync,
		jobs,
		now: Date.now,
		minTeamVoters: config.minTeamVoters,
		shared: fanout !== null,
		quotas: {
			maxVersions: config.maxVersions,
			maxVersionBytes: config.maxVersionBytes,
			maxPrivateNotes: config.maxPrivateNotes,
			maxFieldLogsPerPerson: config.maxFieldLogsPerPerson,
			maxFieldLogs: config.maxFieldLogs,
			maxMetricValues: config.maxMetricValues,
			fieldWritesPerMinute: config.fieldWritesPerMinute
		},
		onQuotaRefused: (quota) => metrics.refusedByQuota(quota)
	});

	await fanout?.start({
		room: (name) => rooms.peek(name),
		event: (event) => sync.handleEvent(event),
		// Storage first (everything the others wrote while we could not hear them), then ask them
		// for the rest; presence is passed on again so the others see this instance's people.
		reconnected: async () => {
			await Promise.all(
				rooms.loadedRooms.map(async (room) => {
					await room.catchUp().catch((error) => log.warn(`could not reload ${room.name} from storage: ${(error as Error).message}`));
					fanout.askSync(room);
					const presence = room.ownPresence();
					if (presence) fanout.awareness(room, presence);
				})
			);
			await sync.refreshFrozen();
			await sync.recheckSessions();
		}
	});

	let closing: Promise<void> | null = null;
	const close = () =>
		(closing ??= (async () => {
			retention.stop();
			ticker.stop();
			field.close();
			await sync.closeAll();
			// Closing sockets releases rooms; closeAll then flushes whatever is still open.
			await rooms.closeAll();
			sync.terminateAll();
			await fanout?.stop();
			joinGuard.close();
			await jobs.close();
			await storage.close();
		})());

	const versions = new Versions(storage.records, rooms, jobs);
	const exports = new Exports(rooms, storage.records, versions, jobs);
	const field = new FieldViews(rooms, storage.records, (id, version) => workshops.fieldInvitation(id, version), {
		stillAdmitted: async ({ session }) => (await storage.records.getSession(session.id))?.revokedAt === null
	});
	const digests = new FieldDigests(rooms, field, jobs);

	const joinGuard = new JoinGuard(config.joinFailuresPerMinute, config.redisUrl);
	const retention = new Retention(storage.records, rooms, sync, config.retentionDays);
	retention.start();
	const ticker = new BreakoutTicker(rooms, sync.groups);
	ticker.start();

	return { config, storage, rooms, workshops, intents, exports, versions, field, digests, joinGuard, jobs, retention, sync, metrics, fanout, close };
}

/** The session secret, generated once and kept beside the data so sessions survive restarts. */
function loadOrCreateSecret(dataDir: string): string {
	const file = path.join(dataDir, 'session-secret');
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const secret = randomBytes(48).toString('base64url');
	fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
	log.info(`generated a session secret in ${file}`);
	return secret;
}

const APP_KEY = Symbol.for('plumbline.app');

/** Make the app reachable from SvelteKit's hooks, which are bundled apart from this code. */
export function installApp(app: App): void {
	(globalThis as Record<symbol, unknown>)[APP_KEY] = app;
}
