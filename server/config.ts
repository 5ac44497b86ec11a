/**
 * Configuration from environment variables, read and checked once at start.
 * Every name is documented in .env.example. A bad value or an unknown
 * PLUMBLINE_* name stops the start with one clear message.
 */
import os from 'node:os';
import path from 'node:path';

export interface Config {
	port: number;
	host: string;
	/** Public origin (adapter-node's ORIGIN); also the base of invitation links when set. */
	origin: string | null;
	/** Without ORIGIN, names besides loopback and IP literals this server answers to (DNS rebinding). */
	allowedHosts: string[];
	dataDir: string;
	/** PostgreSQL instead of the SQLite file in dataDir (what several instances share). */
	databaseUrl: string | null;
	/** Redis for fan-out between instances; none: this process serves alone. */
	redisUrl: string | null;
	/** Secret for signing sessions; generated into dataDir when not given. */
	secret: string | null;
	maxMessageBytes: number;
	/** Longest time an update waits before it is written to storage. */
	flushMs: number;
	/** Log entries per document before it is compacted into a snapshot. */
	compactAfter: number;
	sessionDays: number;
	/** Per-team results are published only from this many voters up. */
	minTeamVoters: number;
	/** Distinct wrong join codes per client network per minute, counted over an hour (server/limits.ts JoinGuard). */
	joinFailuresPerMinute: number;
	/** Messages one connection may send per second (sustained; twice that in a burst). */
	maxMessagesPerSecond: number;
	/** Open WebSocket connections per client address (a whole room may share one). */
	maxConnectionsPerAddress: number;
	maxParticipantsPerWorkshop: number;
	/** Stored size of one document beyond which writes are refused. */
	maxDocumentBytes: number;
	/** Bytes a WebSocket may leave unread (beyond the answer being written) before it is closed. */
	maxBufferedBytes: number;
	/** Interval of WebSocket pings and keep-alives. */
	heartbeatMs: number;
	/** Delete workshops older than this many days; 0 keeps them. */
	retentionDays: number;
	// Heavy work and quotas (issue 18: one laptop cannot hurt the room).
	/** Worker threads that render exports and rebuild versions, off the event loop. */
	exportWorkers: number;
	/** Export jobs waiting for a worker; beyond it 503 `busy`. */
	exportQueue: number;
	/** Longest one export job may run before its worker is terminated (503 `job-timeout`). */
	exportTimeoutMs: number;
	/** Largest documents (content + control bytes) one export job reads (413 `too-large`). */
	exportMaxBytes: number;
	/** Saved versions per workshop (409 `too-many-versions`). */
	maxVersions: number;
	/** Stored bytes of all saved versions of a workshop (413 `versions-too-large`). */
	maxVersionBytes: number;
	/** Private notes one person may add in one private round (409 `too-many-notes`). */
	maxPrivateNotes: number;
	/** Field logs one person may keep in a workshop (409 `too-many-logs`). */
	maxFieldLogsPerPerson: number;
	/** Field logs of one workshop (409 `too-many-logs`). */
	maxFieldLogs: number;
	/** Metric values of one workshop (409 `too-many-metric-values`). */
	maxMetricValues: number;
	/** Field writes one person may send per minute (429 `slow-down`). */
	fieldWritesPerMinute: number;
	/** People who join with the field link, per workshop (409 `field-full`); apart from the room's cap. */
	maxFieldMembers: number;
	/** Workshops one client address may create per hour (429 `too-many-workshops`). */
	workshopsPerHour: number;
	/** Archives one client address may import per hour (429 `too-many-imports`). */
	importsPerHour: number;
	/** Tests only: storage fails while DATA_DIR/fail-storage exists. */
	testFaults: boolean;
	logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Names read by SvelteKit's adapter-node handler; accepted and passed through. */
const ADAPTER_NODE_NAMES = [
	'ORIGIN',
	'PROTOCOL_HEADER',
	'HOST_HEADER',
	'PORT_HEADER',
	'ADDRESS_HEADER',
	'XFF_DEPTH',
	'BODY_SIZE_LIMIT',
	'SHUTDOWN_TIMEOUT',
	'IDLE_TIMEOUT'
];

const PLUMBLINE_NAMES = [
	'PLUMBLINE_SECRET',
	'PLUMBLINE_HOSTS',
	'PLUMBLINE_MAX_MESSAGE_BYTES',
	'PLUMBLINE_FLUSH_MS',
	'PLUMBLINE_COMPACT_AFTER',
	'PLUMBLINE_SESSION_DAYS',
	'PLUMBLINE_MIN_TEAM_VOTERS',
	'PLUMBLINE_JOIN_FAILURES_PER_MINUTE',
	'PLUMBLINE_MAX_MESSAGES_PER_SECOND',
	'PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS',
	'PLUMBLINE_MAX_PARTICIPANTS',
	'PLUMBLINE_MAX_DOCUMENT_BYTES',
	'PLUMBLINE_MAX_BUFFERED_BYTES',
	'PLUMBLINE_HEARTBEAT_MS',
	'PLUMBLINE_RETENTION_DAYS',
	'PLUMBLINE_LOG_LEVEL',
	// Heavy work and quotas.
	'PLUMBLINE_EXPORT_WORKERS',
	'PLUMBLINE_EXPORT_QUEUE',
	'PLUMBLINE_EXPORT_TIMEOUT_MS',
	'PLUMBLINE_EXPORT_MAX_BYTES',
	'PLUMBLINE_MAX_VERSIONS',
	'PLUMBLINE_MAX_VERSION_BYTES',
	'PLUMBLINE_MAX_PRIVATE_NOTES',
	'PLUMBLINE_MAX_FIELD_LOGS_PER_PERSON',
	'PLUMBLINE_MAX_FIELD_LOGS',
	'PLUMBLINE_MAX_METRIC_VALUES',
	'PLUMBLINE_FIELD_WRITES_PER_MINUTE',
	'PLUMBLINE_MAX_FIELD_MEMBERS',
	'PLUMBLINE_WORKSHOPS_PER_HOUR',
	'PLUMBLINE_IMPORTS_PER_HOUR',
	'PLUMBLINE_TEST_FAULTS'
];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env, cwd = process.cwd()): Config {
	const problems: string[] = [];

	for (const name of Object.keys(env)) {
		if (name.startsWith('PLUMBLINE_') && !PLUMBLINE_NAMES.includes(name)) {
			problems.push(`${name} is not a known setting (known: ${PLUMBLINE_NAMES.join(', ')})`);
		}
	}

	const int = (name: string, fallback: number, min: number, max: number): number => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || value > max) {
			problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
			return fallback;
		}
		return value;
	};

	const flag = (name: string): boolean => {
		const raw = env[name];
		if (raw === undefined || raw === '' || raw === '0') return false;
		if (raw !== '1') problems.push(`${name}=${JSON.stringify(raw)} must be 0 or 1`);
		return raw === '1';
	};

	const origin = env.ORIGIN?.trim() || null;
	if (origin !== null) {
		try {
			const url = new URL(origin);
			if (url.origin !== origin.replace(/\/$/, '')) throw new Error();
		} catch {
			problems.push(`ORIGIN=${JSON.stringify(origin)} must be an origin such as https://plumbline.example.com`);
		}
	}

	const allowedHosts = (env.PLUMBLINE_HOSTS ?? '')
		.split(',')
		.map((name) => name.trim().toLowerCase().replace(/\.$/, ''))
		.filter((name) => name !== '');
	for (const name of allowedHosts) {
		if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
			problems.push(`PLUMBLINE_HOSTS: ${JSON.stringify(name)} must be a host name such as plumbline.lan (no scheme, no port)`);
		}
	}

	const serviceUrl = (name: string, protocols: string[], example: string): string | null => {
		const raw = env[name]?.trim() || null;
		if (raw === null) return null;
		try {
			if (protocols.includes(new URL(raw).protocol)) return raw;
		} catch {
			// reported below
		}
		problems.push(`${name} must be a URL such as ${example}`);
		return null;
	};
	const databaseUrl = serviceUrl('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://plumbline:secret@db.internal:5432/plumbline');
	const redisUrl = serviceUrl('REDIS_URL', ['redis:', 'rediss:'], 'redis://redis.internal:6379');

	const secret = env.PLUMBLINE_SECRET || null;
	if (secret !== null && secret.length < 32) problems.push('PLUMBLINE_SECRET must be at least 32 characters');

	const logLevel = env.PLUMBLINE_LOG_LEVEL || 'info';
	if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
		problems.push(`PLUMBLINE_LOG_LEVEL=${JSON.stringify(logLevel)} must be debug, info, warn or error`);
	}

	const config: Config = {
		port: int('PORT', 3000, 0, 65535),
		host: env.HOST || '0.0.0.0',
		origin: origin?.replace(/\/$/, '') ?? null,
		allowedHosts,
		dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
		databaseUrl,
		redisUrl,
		secret,
		maxMessageBytes: int('PLUMBLINE_MAX_MESSAGE_BYTES', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
		flushMs: int('PLUMBLINE_FLUSH_MS', 50, 0, 1000),
		compactAfter: int('PLUMBLINE_COMPACT_AFTER', 500, 10, 1_000_000),
		sessionDays: int('PLUMBLINE_SESSION_DAYS', 30, 1, 365),
		minTeamVoters: int('PLUMBLINE_MIN_TEAM_VOTERS', 2, 1, 50),
		joinFailuresPerMinute: int('PLUMBLINE_JOIN_FAILURES_PER_MINUTE', 10, 1, 10_000),
		maxMessagesPerSecond: int('PLUMBLINE_MAX_MESSAGES_PER_SECOND', 200, 1, 100_000),
		maxConnectionsPerAddress: int('PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS', 1000, 1, 1_000_000),
		maxParticipantsPerWorkshop: int('PLUMBLINE_MAX_PARTICIPANTS', 500, 2, 100_000),
		maxDocumentBytes: int('PLUMBLINE_MAX_DOCUMENT_BYTES', 32 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
		maxBufferedBytes: int('PLUMBLINE_MAX_BUFFERED_BYTES', 8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
		// Below y-websocket's 30 s silence timeout, with room for a late timer.
		heartbeatMs: int('PLUMBLINE_HEARTBEAT_MS', 10_000, 500, 20_000),
		retentionDays: int('PLUMBLINE_RETENTION_DAYS', 0, 0, 36_500),
		// Heavy work and quotas.
		// One core stays for the rooms.
		exportWorkers: int('PLUMBLINE_EXPORT_WORKERS', Math.min(4, Math.max(1, os.availableParallelism() - 1)), 1, 64),
		exportQueue: int('PLUMBLINE_EXPORT_QUEUE', 20, 0, 10_000),
		exportTimeoutMs: int('PLUMBLINE_EXPORT_TIMEOUT_MS', 60_000, 1000, 3_600_000),
		exportMaxBytes: int('PLUMBLINE_EXPORT_MAX_BYTES', 64 * 1024 * 1024, 64 * 1024, 4 * 1024 * 1024 * 1024),
		maxVersions: int('PLUMBLINE_MAX_VERSIONS', 200, 1, 100_000),
		maxVersionBytes: int('PLUMBLINE_MAX_VERSION_BYTES', 256 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024 * 1024),
		maxPrivateNotes: int('PLUMBLINE_MAX_PRIVATE_NOTES', 50, 1, 10_000),
		maxFieldLogsPerPerson: int('PLUMBLINE_MAX_FIELD_LOGS_PER_PERSON', 2_000, 1, 1_000_000),
		maxFieldLogs: int('PLUMBLINE_MAX_FIELD_LOGS', 200_000, 1, 10_000_000),
		maxMetricValues: int('PLUMBLINE_MAX_METRIC_VALUES', 50_000, 1, 10_000_000),
		fieldWritesPerMinute: int('PLUMBLINE_FIELD_WRITES_PER_MINUTE', 60, 1, 100_000),
		maxFieldMembers: int('PLUMBLINE_MAX_FIELD_MEMBERS', 2_000, 1, 1_000_000),
		workshopsPerHour: int('PLUMBLINE_WORKSHOPS_PER_HOUR', 30, 1, 1_000_000),
		importsPerHour: int('PLUMBLINE_IMPORTS_PER_HOUR', 10, 1, 1_000_000),
		testFaults: flag('PLUMBLINE_TEST_FAULTS'),
		logLevel: logLevel as Config['logLevel']
	};

	// Instances behind a load balancer must share sessions, so they need one secret (a generated one is per data directory).
	if (redisUrl !== null && secret === null) problems.push('PLUMBLINE_SECRET must be set when REDIS_URL is (every instance signs and checks sessions with it)');
	if (redisUrl !== null && databaseUrl === null) problems.push('DATABASE_URL must be set when REDIS_URL is (instances share PostgreSQL, not a SQLite file)');

	if (problems.length > 0) {
		throw new ConfigError(`Plumbline cannot start, the configuration has problems:\n  - ${problems.join('\n  - ')}\nSee .env.example for every setting.`);
	}
	return config;
}

export const KNOWN_ENV_NAMES = ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'REDIS_URL', ...ADAPTER_NODE_NAMES, ...PLUMBLINE_NAMES];
