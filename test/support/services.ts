/**
 * Real PostgreSQL and Redis servers for the scale-out tests, started by the tests
 * themselves: a throw-away cluster (initdb) and a redis-server, each on a free
 * loopback port, in a temporary directory removed afterwards. The tests stop and
 * start them to simulate outages, so they are never shared with anything else.
 *
 * Missing binaries fail loudly with what to install: these tests never pass by
 * skipping. (`npm test` installs Debian's postgresql and redis-server first: test/prerequisites.js.)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eventually } from './server.js';

export class MissingService extends Error {}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest) {
		throw new MissingService(
			'The scale-out tests need a PostgreSQL server (initdb, postgres) and found none in /usr/lib/postgresql. ' +
				'Install it with `apt-get install postgresql` (npm test does this when run as root).'
		);
	}
	return path.join(root, newest, 'bin');
}

/** PostgreSQL refuses to run as root: run it as Debian's `postgres` user then. */
function runAs(): { uid: number; gid: number } | null {
	if (process.getuid?.() !== 0) return null;
	try {
		return {
			uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
			gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
		};
	} catch {
		throw new MissingService('Running as root, the tests start PostgreSQL as the `postgres` user, which does not exist: install Debian\'s postgresql.');
	}
}

/** A test process that dies without its afterAll must not leave a database server behind. */
function endWithUs(child: ChildProcess, signal: NodeJS.Signals): void {
	const end = () => child.kill(signal);
	process.once('exit', end);
	child.once('exit', () => process.removeListener('exit', end));
}

async function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise((resolve) => child.once('exit', resolve));
}

export interface Postgres {
	/** Superuser URL of the cluster's `postgres` database. */
	adminUrl: string;
	/** A new empty database; returns its URL. */
	createDatabase(name: string): Promise<string>;
	stop(): Promise<void>;
	start(): Promise<void>;
	/** Stop for good and delete the cluster. */
	destroy(): Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
	const bin = postgresBin();
	const owner = runAs();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-pg-'));
	const data = path.join(dir, 'data');
	if (owner) fs.chownSync(dir, owner.uid, owner.gid);
	// Its own directory as working directory: the project's may not be readable by `postgres`.
	const as = { ...owner, cwd: dir };
	execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], { ...as, stdio: 'pipe' });
	const port = await freePort();
	const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
	let child: ChildProcess | null = null;
	let log = '';

	const start = async () => {
		// fsync off: a throw-away cluster; crash-safety of PostgreSQL itself is not what is tested.
		child = spawn(
			path.join(bin, 'postgres'),
			['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
			{ ...as, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		// Immediate shutdown: the cluster is thrown away anyway.
		endWithUs(child, 'SIGQUIT');
		child.stdout!.on('data', (chunk) => (log += chunk));
		child.stderr!.on('data', (chunk) => (log += chunk));
		await eventually(async () => {
			if (child!.exitCode !== null) throw new Error(`PostgreSQL exited:\n${log}`);
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			await client.end();
		}, 20_000, 100);
	};
	const stop = async () => {
		if (!child) return;
		// Fast shutdown: connections are cut, as in an outage.
		child.kill('SIGINT');
		await exited(child);
		child = null;
	};
	await start();
	return {
		adminUrl,
		async createDatabase(name) {
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			await client.query(`CREATE DATABASE "${name}"`);
			await client.end();
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		stop,
		start,
		async destroy() {
			await stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface RedisServer {
	url: string;
	/** The running redis-server's process id. */
	pid(): number;
	stop(): Promise<void>;
	start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
	const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
	if (!binary) throw new MissingService('The scale-out tests need redis-server and found none. Install it with `apt-get install redis-server` (npm test does this when run as root).');
	const port = await freePort();
	let child: ChildProcess | null = null;
	let log = '';
	const start = async () => {
		child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		endWithUs(child, 'SIGKILL');
		child.stdout!.on('data', (chunk) => (log += chunk));
		child.stderr!.on('data', (chunk) => (log += chunk));
		await eventually(
			() =>
				new Promise<void>((resolve, reject) => {
					if (child!.exitCode !== null) return reject(new Error(`redis-server exited:\n${log}`));
					const socket = net.connect(port, '127.0.0.1');
					socket.once('connect', () => {
						socket.write('PING\r\n');
						socket.once('data', (data) => {
							socket.destroy();
							if (data.toString().startsWith('+PONG')) resolve();
							else reject(new Error(`redis answered ${data}`));
						});
					});
					socket.once('error', reject);
				}),
			10_000,
			50
		);
	};
	await start();
	return {
		url: `redis://127.0.0.1:${port}`,
		pid: () => child?.pid ?? 0,
		start,
		async stop() {
			if (!child) return;
			child.kill('SIGKILL');
			await exited(child);
			child = null;
		}
	};
}
