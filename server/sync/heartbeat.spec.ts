import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { Heartbeat } from './heartbeat.js';

/** Just what the heartbeat uses of a socket: pings, pongs and termination. */
class FakeSocket extends EventEmitter {
	pings = 0;
	terminated = false;
	ping(): void {
		this.pings++;
	}
	terminate(): void {
		this.terminated = true;
	}
}

afterEach(() => {
	vi.useRealTimers();
});

describe('heartbeat', () => {
	it('pings live sockets, ends one that missed a whole interval, and counts any message as an answer', () => {
		vi.useFakeTimers();
		const quiet = new FakeSocket();
		const talking = new FakeSocket();
		const sockets = new Set([quiet, talking] as unknown[] as WebSocket[]);
		const missed: unknown[] = [];
		const pinged: unknown[] = [];
		const heartbeat = new Heartbeat(1000, sockets, { missed: (ws) => missed.push(ws), pinged: (ws) => pinged.push(ws) });
		for (const ws of sockets) heartbeat.watch(ws);

		vi.advanceTimersByTime(1000);
		expect([quiet.pings, talking.pings]).toEqual([1, 1]);
		expect(pinged).toEqual([quiet, talking]);

		heartbeat.heard(talking as unknown as WebSocket);
		vi.advanceTimersByTime(1000);
		expect(quiet.terminated).toBe(true);
		expect(missed).toEqual([quiet]);
		expect(talking.terminated).toBe(false);
		expect(talking.pings).toBe(2);

		talking.emit('pong');
		heartbeat.stop();
		vi.advanceTimersByTime(5000);
		expect(talking.pings).toBe(2);
	});
});
