/**
 * The load generator's processes: servers and generator workers pinned to their cores,
 * their CPU time and memory read from /proc, and the workers' message channel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../../..');
export const TASKSET = fs.existsSync('/usr/bin/taskset') ? '/usr/bin/taskset' : null;
export const SERVER_CPU = 0;
export const GENERATOR_CPU = 1;

export function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/**
 * PLUMBLINE_BENCH_PROFILE=dir: node flags writing a CPU profile of a server per run, named after it.
 * PLUMBLINE_BENCH_NODE_FLAGS='--trace-deopt …': more flags for the servers (those NODE_OPTIONS refuses).
 */
export function profileArgs(name: string): string[] {
	const dir = process.env.PLUMBLINE_BENCH_PROFILE;
	const interval = process.env.PLUMBLINE_BENCH_PROFILE_INTERVAL_US;
	const flags = process.env.PLUMBLINE_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
	return [...flags, ...profileFlags(name, dir, interval)];
}

function profileFlags(name: string, dir: string | undefined, interval: string | undefined): string[] {
	return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])] : [];
}

export function spawnPinned(cpu: number, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
	const [command, ...rest] = TASKSET ? [TASKSET, '-c', String(cpu), process.execPath, ...args] : [process.execPath, ...args];
	return spawn(command!, rest, { cwd: root, ...options });
}

// ---------------------------------------------------------------- process statistics

/** CPU time (ms) a process has used so far. */
export function cpuTime(pid: number): number {
	const { user, kernel } = cpuTimes(pid);
	return user + kernel;
}

/** CPU time (ms) a process has used so far, in its own code and in the kernel on its behalf (sockets). */
export function cpuTimes(pid: number): { user: number; kernel: number } {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return { user: (Number(fields[11]) * 1000) / 100, kernel: (Number(fields[12]) * 1000) / 100 };
}

export function memory(pid: number): { rss: number; peak: number } {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------- generator processes

/** Generator processes alive now. */
export const spawned: ChildProcess[] = [];

export interface Worker {
	child: ChildProcess;
	next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
	send(message: Record<string, unknown>): void;
}

export function startWorker(script: string, config: unknown, onMessage: (m: Record<string, unknown>) => void): Worker {
	const child = spawnPinned(GENERATOR_CPU, [path.join(here, script)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	spawned.push(child);
	child.once('exit', () => {
		const i = spawned.indexOf(child);
		if (i >= 0) spawned.splice(i, 1);
	});
	child.send({ type: 'config', config });
	const waiting = new Map<string, Array<(m: Record<string, unknown>) => void>>();
	// Messages nobody waited for yet: a later next() takes them (several can arrive in one turn).
	const unclaimed = new Map<string, Record<string, unknown>[]>();
	child.on('message', (message: Record<string, unknown>) => {
		const type = String(message.type);
		const queue = waiting.get(type);
		if (queue?.length) return queue.shift()!(message);
		onMessage(message);
		const kept = unclaimed.get(type) ?? [];
		if (kept.length < 10_000) kept.push(message);
		unclaimed.set(type, kept);
	});
	return {
		child,
		send: (message) => child.send(message),
		next(type, timeoutMs = 120_000) {
			const early = unclaimed.get(type)?.shift();
			if (early) return Promise.resolve(early);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`${script}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
				const list = waiting.get(type) ?? [];
				list.push((m) => {
					clearTimeout(timer);
					resolve(m);
				});
				waiting.set(type, list);
			});
		}
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
