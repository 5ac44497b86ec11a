import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { ConfigError, KNOWN_ENV_NAMES, readConfig } from './config.js';

describe('configuration', () => {
	it('has working defaults', () => {
		const config = readConfig({}, '/srv/plumbline');
		expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', origin: null, dataDir: '/srv/plumbline/data', flushMs: 50 });
	});

	it('reads every setting', () => {
		const config = readConfig(
			{
				PORT: '8080',
				HOST: '127.0.0.1',
				ORIGIN: 'https://plumbline.example.com/',
				DATA_DIR: '/var/lib/plumbline',
				DATABASE_URL: 'postgres://plumbline@db.internal/plumbline',
				REDIS_URL: 'redis://redis.internal:6379',
				PLUMBLINE_SECRET: 's'.repeat(40),
				PLUMBLINE_HOSTS: 'Plumbline.lan, workshop-laptop.local.',
				PLUMBLINE_MAX_MESSAGE_BYTES: '65536',
				PLUMBLINE_FLUSH_MS: '50',
				PLUMBLINE_COMPACT_AFTER: '100',
				PLUMBLINE_SESSION_DAYS: '7',
				PLUMBLINE_MIN_TEAM_VOTERS: '3',
				PLUMBLINE_JOIN_FAILURES_PER_MINUTE: '5',
				PLUMBLINE_MAX_MESSAGES_PER_SECOND: '50',
				PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '20',
				PLUMBLINE_MAX_PARTICIPANTS: '300',
				PLUMBLINE_MAX_DOCUMENT_BYTES: '1048576',
				PLUMBLINE_MAX_BUFFERED_BYTES: '2097152',
				PLUMBLINE_HEARTBEAT_MS: '5000',
				PLUMBLINE_RETENTION_DAYS: '90',
				PLUMBLINE_LOG_LEVEL: 'warn',
				// Heavy work and quotas.
				PLUMBLINE_EXPORT_WORKERS: '3',
				PLUMBLINE_EXPORT_QUEUE: '5',
				PLUMBLINE_EXPORT_TIMEOUT_MS: '30000',
				PLUMBLINE_EXPORT_MAX_BYTES: '1048576',
				PLUMBLINE_MAX_VERSIONS: '20',
				PLUMBLINE_MAX_VERSION_BYTES: '10485760',
				PLUMBLINE_MAX_PRIVATE_NOTES: '12',
				PLUMBLINE_MAX_FIELD_LOGS_PER_PERSON: '100',
				PLUMBLINE_MAX_FIELD_LOGS: '1000',
				PLUMBLINE_MAX_METRIC_VALUES: '500',
				PLUMBLINE_FIELD_WRITES_PER_MINUTE: '10',
				PLUMBLINE_MAX_FIELD_MEMBERS: '50',
				PLUMBLINE_WORKSHOPS_PER_HOUR: '6',
				PLUMBLINE_IMPORTS_PER_HOUR: '2',
				PLUMBLINE_TEST_FAULTS: '1'
			},
			'/'
		);
		expect(config).toEqual({
			port: 8080,
			host: '127.0.0.1',
			origin: 'https://plumbline.example.com',
			allowedHosts: ['plumbline.lan', 'workshop-laptop.local'],
			dataDir: '/var/lib/plumbline',
			databaseUrl: 'postgres://plumbline@db.internal/plumbline',
			redisUrl: 'redis://redis.internal:6379',
			secret: 's'.repeat(40),
			maxMessageBytes: 65536,
			flushMs: 50,
			compactAfter: 100,
			sessionDays: 7,
			minTeamVoters: 3,
			joinFailuresPerMinute: 5,
			maxMessagesPerSecond: 50,
			maxConnectionsPerAddress: 20,
			maxParticipantsPerWorkshop: 300,
			maxDocumentBytes: 1048576,
			maxBufferedBytes: 2097152,
			heartbeatMs: 5000,
			retentionDays: 90,
			exportWorkers: 3,
			exportQueue: 5,
			exportTimeoutMs: 30000,
			exportMaxBytes: 1048576,
			maxVersions: 20,
			maxVersionBytes: 10485760,
			maxPrivateNotes: 12,
			maxFieldLogsPerPerson: 100,
			maxFieldLogs: 1000,
			maxMetricValues: 500,
			fieldWritesPerMinute: 10,
			maxFieldMembers: 50,
			workshopsPerHour: 6,
			importsPerHour: 2,
			testFaults: true,
			logLevel: 'warn'
		});
	});

	it('stops on unknown PLUMBLINE_ names and bad values, listing every problem', () => {
		expect(() => readConfig({ PLUMBLINE_FLUSHMS: '1', PORT: 'eighty', PLUMBLINE_FLUSH_MS: '5000', ORIGIN: 'not a url', PLUMBLINE_SECRET: 'short' })).toThrow(ConfigError);
		try {
			readConfig({ PLUMBLINE_FLUSHMS: '1', PORT: 'eighty', PLUMBLINE_FLUSH_MS: '5000', ORIGIN: 'not a url', PLUMBLINE_SECRET: 'short' });
		} catch (error) {
			const message = (error as Error).message;
			for (const name of ['PLUMBLINE_FLUSHMS', 'PORT', 'PLUMBLINE_FLUSH_MS', 'ORIGIN', 'PLUMBLINE_SECRET']) expect(message).toContain(name);
		}
	});

	it('checks the shared services: URLs of the right kind, and Redis only with PostgreSQL and one secret', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://db/x' })).toThrow(/DATABASE_URL must be a URL such as postgres:/);
		expect(() => readConfig({ REDIS_URL: 'nonsense' })).toThrow(/REDIS_URL must be a URL/);
		expect(() => readConfig({ REDIS_URL: 'redis://r:6379' })).toThrow(/PLUMBLINE_SECRET must be set when REDIS_URL is[\s\S]*DATABASE_URL must be set/);
		expect(readConfig({ DATABASE_URL: 'postgresql://db/x' })).toMatchObject({ databaseUrl: 'postgresql://db/x', redisUrl: null });
	});

	it('takes host names, not URLs, in PLUMBLINE_HOSTS', () => {
		expect(readConfig({}).allowedHosts).toEqual([]);
		expect(() => readConfig({ PLUMBLINE_HOSTS: 'https://plumbline.lan' })).toThrow(/PLUMBLINE_HOSTS: "https:\/\/plumbline.lan" must be a host name/);
		expect(() => readConfig({ PLUMBLINE_HOSTS: 'plumbline.lan:3000' })).toThrow(/PLUMBLINE_HOSTS/);
	});

	it('ignores environment variables that are not its own', () => {
		expect(() => readConfig({ PATH: '/usr/bin', NODE_ENV: 'production' })).not.toThrow();
	});

	it('documents every known name in .env.example', () => {
		const example = fs.readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
		for (const name of KNOWN_ENV_NAMES) expect(example, name).toContain(name);
	});
});
