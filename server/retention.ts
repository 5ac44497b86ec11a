/**
 * Deleting workshops: on request by a facilitator, and by age when
 * PLUMBLINE_RETENTION_DAYS is set. Sockets close first (4404), rooms flush and
 * unload, then every row of the workshop goes, ballots included.
 */
import { docName } from '../src/lib/doc/schema.js';
import { log } from './log.js';
import type { Rooms } from './rooms.js';
import type { RecordStore } from './storage/storage.js';
import type { SyncEndpoint } from './sync.js';

const SWEEP_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class Retention {
	private timer: ReturnType<typeof setInterval> | null = null;

	constructor(
		private readonly storage: RecordStore,
		private readonly rooms: Rooms,
		private readonly sync: SyncEndpoint,
		private readonly days: number
	) {}

	async deleteWorkshop(id: string): Promise<void> {
		await this.sync.closeWorkshop(id);
		// Breakout groups' documents (<id>/group-…) too: loaded ones flush and unload before their rows go.
		const groups = this.rooms.loadedRooms.filter((room) => room.name.startsWith(`${id}/group-`)).map((room) => this.rooms.settled(room.name));
		await Promise.all([this.rooms.settled(docName(id, 'content')), this.rooms.settled(docName(id, 'control')), ...groups]);
		await this.storage.deleteWorkshop(id);
		log.info('workshop deleted', { workshopId: id });
	}

	/** Delete every workshop older than the retention period. */
	async sweep(now = Date.now()): Promise<number> {
		if (this.days <= 0) return 0;
		const old = await this.storage.workshopsCreatedBefore(now - this.days * DAY_MS);
		for (const id of old) await this.deleteWorkshop(id);
		return old.length;
	}

	start(): void {
		if (this.days <= 0) return;
		const run = () => void this.sweep().catch((error) => log.error('retention sweep failed', error));
		run();
		this.timer = setInterval(run, SWEEP_MS);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
	}
}
