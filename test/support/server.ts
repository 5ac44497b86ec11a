/**
 * Start the real built server (dist/server/index.js) on a free port, with its own
 * data directory, and stop it after. Used by integration and browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(root, 'dist/server/index.js');

export interface RunningServer {
	url: string;
	wsUrl: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	output(): string;
	/** SIGTERM and wait for a clean exit; resolves with the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL: a crash, no shutdown hooks. */
	kill(): Promise<void>;
}

export interface StartOptions {
	dataDir?: string;
	env?: Record<string, string>;
	/** Port to bind; 0 (default) picks a free one. */
	port?: number;
	/** Pin the server to this CPU core (benchmarks: server and load generator on different cores). */
	cpu?: number;
	/** Extra flags for node (e.g. --cpu-prof when profiling a benchmark). */
	nodeArgs?: string[];
}

export function tempDataDir(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
	if (!fs.existsSync(entry)) throw new Error('dist/server/index.js is missing: run `npm run build` first');
	const dataDir = options.dataDir ?? tempDataDir();
	const pinned = options.cpu !== undefined && fs.existsSync('/usr/bin/taskset');
	const node = [process.execPath, ...(options.nodeArgs ?? []), entry];
	const [command, ...args] = pinned ? ['/usr/bin/taskset', '-c', String(options.cpu), ...node] : node;
	const child = spawn(command!, args, {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			PORT: String(options.port ?? 0),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			// Every test workshop comes from 127.0.0.1: lift the per-address creation quotas
			// (a test of those quotas sets its own).
			PLUMBLINE_WORKSHOPS_PER_HOUR: '1000000',
			PLUMBLINE_IMPORTS_PER_HOUR: '1000000',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			// Not left behind: an orphaned server would eat the CPU the next run measures.
			child.kill('SIGKILL');
			reject(new Error(`server did not start within 15 s:\n${log}`));
		}, 15_000);
		const check = () => {
			const match = /listening on http:\/\/[^:]+:(\d+)/.exec(log);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		};
		child.stdout!.on('data', check);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${log}`));
		});
	});

	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}`,
		port,
		dataDir,
		process: child,
		output: () => log,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
		async kill() {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

/** Retry `check` until it stops throwing, or fail with its last error at the deadline. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 25): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
	}
}
