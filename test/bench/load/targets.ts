/**
 * What a load run is run against: Plumbline (one instance on SQLite, or several on PostgreSQL
 * + Redis) and the y-websocket reference server, each giving the run its rooms' URLs.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CreateWorkshopResponse, JoinResponse } from '../../../src/lib/api.js';
import { startServer, type RunningServer } from '../../support/server.js';
import { api, createWorkshop } from '../../support/clients.js';
import { freePort, here, profileArgs, SERVER_CPU, spawnPinned } from './processes.js';

export interface ReplicaAccess {
	base: string;
	room: string;
	params: Record<string, string>[];
}

export interface RoomAccess {
	/** One WebSocket URL per thin client. */
	thin: string[];
	/** Per thin client, the second document a browser keeps open (Plumbline's `control`), when there is one. */
	control?: string[];
	replicas: ReplicaAccess;
	/**
	 * Breakout groups: each group is a document of its own. `thin[i]` is in group `of[i]`;
	 * `replicas[g]` watch group g. Edits are expected only within a group.
	 */
	groups?: { of: number[]; replicas: ReplicaAccess[] };
}

export interface Target {
	name: string;
	/** Its thin clients ask for compact presence (`presence=compact`): Plumbline, not the reference. */
	compact?: boolean;
	/** The server process (the first one, when there are several). */
	pid(): number;
	/** Every server process: CPU and memory are their sums. */
	pids?(): number[];
	start(): Promise<void>;
	/** A room with `count` thin clients and `replicas` full replicas allowed in. */
	room(count: number, replicas: number): Promise<RoomAccess>;
	stop(): Promise<void>;
}


// ---------------------------------------------------------------- targets

const PLUMBLINE_ENV = {
	// A crowd of 1,000 in one room, all from 127.0.0.1: raise the per-room and per-address ceilings.
	PLUMBLINE_MAX_PARTICIPANTS: '5000',
	PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '100000',
	PLUMBLINE_LOG_LEVEL: 'warn',
	// PLUMBLINE_BENCH_SERVER_ENV='{"PLUMBLINE_FLUSH_MS":"100"}': try a setting without a rebuild.
	...(JSON.parse(process.env.PLUMBLINE_BENCH_SERVER_ENV ?? '{}') as Record<string, string>)
};

export function plumbline(): Target & { server(): RunningServer } {
	let server: RunningServer;
	return {
		name: 'plumbline',
		compact: true,
		pid: () => server.process.pid!,
		server: () => server,
		async start() {
			// PLUMBLINE_BENCH_PROFILE=dir writes a CPU profile of the server per run (node --cpu-prof).
			server = await startServer({ cpu: SERVER_CPU, env: PLUMBLINE_ENV, nodeArgs: profileArgs('plumbline') });
		},
		async room(count, replicas) {
			const workshop = await createWorkshop(server, 'Load');
			const tokens = await joinMany(server, workshop, count + replicas);
			const base = `${server.wsUrl}/sync/${workshop.workshopId}`;
			return {
				thin: tokens.slice(0, count).map((token) => `${base}/content?token=${token}`),
				control: tokens.slice(0, count).map((token) => `${base}/control?token=${token}`),
				replicas: { base, room: 'content', params: tokens.slice(count).map((token) => ({ token })) }
			};
		},
		async stop() {
			await server.stop();
		}
	};
}

export interface SharedServices {
	databaseUrl(): Promise<string>;
	redisUrl: string;
}

/**
 * Plumbline as `instances` processes on one PostgreSQL and one Redis, every instance
 * pinned to the server core: the same CPU budget as one instance, so the figures show
 * what fan-out costs and how the work divides. Clients alternate between instances;
 * the replicas sit on the first.
 */
export function plumblineCluster(instances: number, services: SharedServices): Target {
	let servers: RunningServer[] = [];
	return {
		name: `${instances} × pg+redis`,
		compact: true,
		pid: () => servers[0]!.process.pid!,
		pids: () => servers.map((s) => s.process.pid!),
		async start() {
			const env = { ...PLUMBLINE_ENV, DATABASE_URL: await services.databaseUrl(), REDIS_URL: services.redisUrl, PLUMBLINE_SECRET: 'bench-secret-'.repeat(4) };
			const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer({ cpu: SERVER_CPU, env })));
			servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
			const failed = started.find((s) => s.status === 'rejected');
			if (failed) {
				// Leave no instance behind: the next run would measure it too.
				await Promise.all(servers.map((s) => s.stop()));
				throw failed.reason;
			}
		},
		async room(count, replicas) {
			const workshop = await createWorkshop(servers[0]!, 'Load');
			const tokens = await joinMany(servers[0]!, workshop, count + replicas);
			const base = (i: number) => `${servers[i % servers.length]!.wsUrl}/sync/${workshop.workshopId}`;
			return {
				thin: tokens.slice(0, count).map((token, i) => `${base(i)}/content?token=${token}`),
				control: tokens.slice(0, count).map((token, i) => `${base(i)}/control?token=${token}`),
				replicas: { base: base(0), room: 'content', params: tokens.slice(count).map((token) => ({ token })) }
			};
		},
		async stop() {
			await Promise.all(servers.map((s) => s.stop()));
		}
	};
}

export async function joinMany(server: RunningServer, workshop: CreateWorkshopResponse, count: number): Promise<string[]> {
	return (await joinPeople(server, workshop, count)).map((person) => person.token);
}

/** `count` participants, alternately sales and marketing, joined 16 at a time. */
export async function joinPeople(server: RunningServer, workshop: CreateWorkshopResponse, count: number): Promise<JoinResponse[]> {
	const people: JoinResponse[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const { status, body } = await api<JoinResponse>(server, '/api/join', { code: workshop.joinCode, name: `P${i}`, team: i % 2 ? 'marketing' : 'sales' });
			if (status !== 200) throw new Error(`join ${i} failed: ${status} ${JSON.stringify(body)}`);
			people[i] = body;
		}
	};
	await Promise.all(Array.from({ length: 16 }, worker));
	return people;
}


export function reference(): Target {
	let child: ChildProcess;
	let port = 0;
	let rooms = 0;
	return {
		name: 'y-websocket',
		pid: () => child.pid!,
		async start() {
			port = await freePort();
			child = spawnPinned(SERVER_CPU, [...profileArgs('reference'), path.join(here, 'reference-server.mjs'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
			await new Promise<void>((resolve, reject) => {
				child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && resolve());
				child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
			});
		},
		async room(count, replicas) {
			const room = `load-${++rooms}`;
			const base = `ws://127.0.0.1:${port}`;
			// A second room per client, as Plumbline's `control`: the same sockets on both servers.
			return { thin: Array.from({ length: count }, () => `${base}/${room}`), control: Array.from({ length: count }, () => `${base}/${room}-control`), replicas: { base, room, params: Array.from({ length: replicas }, () => ({})) } };
		},
		async stop() {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		}
	};
}
