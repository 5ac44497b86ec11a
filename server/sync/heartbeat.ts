/**
 * Heartbeat: ping every socket each interval, end those that missed the last one, and let
 * the live ones that had nothing to say send a keep-alive.
 */
import type { WebSocket } from 'ws';

export interface HeartbeatHooks {
	/** A socket missed a whole interval's ping; it is terminated right after. */
	missed(ws: WebSocket): void;
	/** A live socket was pinged; browsers never show pings to y-websocket, so it may need a keep-alive. */
	pinged(ws: WebSocket): void;
}

export class Heartbeat {
	/** Sockets that answered (pong or any message) since the last heartbeat. */
	private readonly alive = new WeakSet<WebSocket>();
	private readonly timer: ReturnType<typeof setInterval>;

	constructor(
		intervalMs: number,
		private readonly sockets: ReadonlySet<WebSocket>,
		private readonly hooks: HeartbeatHooks
	) {
		this.timer = setInterval(() => this.beat(), intervalMs);
		this.timer.unref();
	}

	/** A new socket counts as alive until its first missed ping. */
	watch(ws: WebSocket): void {
		this.alive.add(ws);
		ws.on('pong', () => this.alive.add(ws));
	}

	/** Any message is as good as a pong. */
	heard(ws: WebSocket): void {
		this.alive.add(ws);
	}

	/**
	 * A socket that missed a whole interval's ping is dead (a laptop that slept, a cut cable):
	 * ended, so its room and presence go. Every live one that had nothing to say hears a
	 * keep-alive, since browsers' WebSockets never show pings to y-websocket.
	 */
	private beat(): void {
		for (const ws of this.sockets) {
			if (!this.alive.has(ws)) {
				this.hooks.missed(ws);
				ws.terminate();
				continue;
			}
			this.alive.delete(ws);
			ws.ping();
			this.hooks.pinged(ws);
		}
	}

	stop(): void {
		clearInterval(this.timer);
	}
}
