/**
 * The server's presence tick alone (PLUMBLINE_BENCH_ONLY=presence-tick): a room of 20, 100, 300
 * and 1,000 compact connections on one stage, spread over the canvas, each moving its pointer
 * once a second and its caret now and then. Reports the tick's cost (what one tick, at
 * the room's own interval, takes: interest selection and encoding for every connection) and presence bytes per laptop.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness.js';
import { PresenceRouter, type PresenceViewer } from '../../server/room/presenceRouter.js';
import { awarenessTickMs } from '../../server/room/presence.js';

const TICKS = 100;

function random(seed: number) {
	return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function run(people: number, report = true) {
	// The room's own tick: 50 ms for a workshop, 100 ms at 100 people, 200 ms in a crowd.
	const TICK_MS = awarenessTickMs(people);
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(null);
	let dirty = new Set<number>();
	awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
		for (const id of [...added, ...updated, ...removed]) dirty.add(id);
	});
	const rand = random(7);
	const clocks = new Map<number, number>();
	const states = new Map<number, Record<string, unknown>>();
	const put = (id: number, state: Record<string, unknown>) => {
		states.set(id, state);
		const clock = (clocks.get(id) ?? 0) + 1;
		clocks.set(id, clock);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, id);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, JSON.stringify(state));
		applyAwarenessUpdate(awareness, encoding.toUint8Array(e), 'bench');
	};
	const router = new PresenceRouter(awareness);
	let bytes = 0;
	const viewers: PresenceViewer[] = [];
	// The board is 40 screens wide: a view holds a few dozen of a thousand pointers.
	const side = 8 * 1440;
	for (let i = 1; i <= people; i++) {
		const at = { x: Math.round(rand() * side), y: Math.round(rand() * side) };
		put(i, {
			user: { id: `p${i}`, name: `Person ${i}`, team: 'sales', role: 'participant', color: '#1f6feb' },
			stage: 'canvas',
			view: { x: at.x - 720, y: at.y - 450, zoom: 1, w: 1440, h: 900 },
			pointer: at,
			cursor: null
		});
		const own = [i];
		viewers.push({ compactPresence: true, send: (m) => (bytes += m.byteLength), ownsPresence: (id) => id === i, ownPresenceIds: () => own });
	}
	let now = 0;
	for (const viewer of viewers) router.join(viewer, now);
	router.tick([...dirty], now);
	dirty = new Set();
	bytes = 0;
	const times: number[] = [];
	// CPU time as well as wall time: on a shared machine the wall clock counts the others' work.
	let cpuMs = 0;
	for (let t = 0; t < TICKS; t++) {
		now += TICK_MS;
		// Each person moves once a second: a share of them each tick; one in ten of those types.
		const ticksPerSecond = 1000 / TICK_MS;
		for (let i = 1 + (t % ticksPerSecond); i <= people; i += ticksPerSecond) {
			const state = states.get(i)!;
			const p = state.pointer as { x: number; y: number };
			const moved = { ...state, pointer: { x: p.x + Math.round(rand() * 200 - 100), y: p.y + Math.round(rand() * 200 - 100) } };
			put(i, rand() < 0.1 ? { ...moved, cursor: { anchor: Math.round(rand() * 100) } } : moved);
		}
		const started = performance.now();
		const cpu = process.cpuUsage();
		router.tick([...dirty], now);
		times.push(performance.now() - started);
		const used = process.cpuUsage(cpu);
		cpuMs += (used.user + used.system) / 1000;
		dirty = new Set();
	}
	times.sort((a, b) => a - b);
	const mean = times.reduce((a, b) => a + b, 0) / times.length;
	const seconds = (TICKS * TICK_MS) / 1000;
	if (!report) return;
	console.log(
		`presence tick, ${people} people: ${mean.toFixed(2)} ms per tick (p50 ${times[times.length >> 1]!.toFixed(2)}, max ${times.at(-1)!.toFixed(2)}; CPU ${(cpuMs / TICKS).toFixed(2)} ms), ` +
			`${((bytes / people / seconds) / 1024).toFixed(2)} kB/s presence per laptop`
	);
}

it.runIf(!process.env.PLUMBLINE_BENCH_ONLY || process.env.PLUMBLINE_BENCH_ONLY.split(',').includes('presence-tick'))('presence tick at 20, 100, 300 and 1,000', async () => {
	// PLUMBLINE_BENCH_PROFILE=dir: a CPU profile of the ticks, for finding hot spots.
	const dir = process.env.PLUMBLINE_BENCH_PROFILE;
	const session = dir ? new Session() : null;
	if (session) {
		session.connect();
		await session.post('Profiler.enable');
		await session.post('Profiler.start');
	}
	// Each size once unreported first: a cold first run measures the JIT, not the tick.
	for (const people of [20, 100, 300, 1000]) {
		run(people, false);
		run(people);
	}
	if (session && dir) {
		const { profile } = await session.post('Profiler.stop');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(`${dir}/presence-tick.cpuprofile`, JSON.stringify(profile));
		session.disconnect();
	}
});
