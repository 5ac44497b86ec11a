/**
 * Readiness, as an operator and a load balancer read it (GET /readyz):
 *   storage  ok | unreachable (ping fails) | behind (answers, but rooms still hold unsaved writes);
 *   fanout   off (one instance) | ok | degraded (Redis unreachable: serving own clients alone).
 * 503 only when storage is unreachable: the instance cannot take new joins then. A degraded
 * fan-out still serves its clients, so it stays in rotation and says so.
 */
import type { App } from './app.js';

export interface Health {
	status: 'ready' | 'degraded' | 'storage-unreachable';
	storage: 'ok' | 'unreachable' | 'behind';
	fanout: 'off' | 'ok' | 'degraded';
	/** Edits accepted and held in memory, waiting for storage to take them. */
	unsavedBytes: number;
	rooms: number;
	connections: number;
}

const PING_TIMEOUT_MS = 2000;

export async function health(app: App): Promise<Health> {
	const reachable = await Promise.race([
		app.storage.ping().then(() => true, () => false),
		new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PING_TIMEOUT_MS).unref())
	]);
	const loaded = app.rooms.loadedRooms;
	const unsavedBytes = loaded.reduce((sum, room) => sum + room.heldBytes, 0);
	const storage = !reachable ? 'unreachable' : loaded.some((room) => room.saveFailing) ? 'behind' : 'ok';
	const fanout = app.fanout?.state ?? 'off';
	const status = storage === 'unreachable' ? 'storage-unreachable' : storage === 'ok' && fanout !== 'degraded' ? 'ready' : 'degraded';
	return { status, storage, fanout, unsavedBytes, rooms: loaded.length, connections: app.sync.connectionCount };
}
