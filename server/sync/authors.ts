/**
 * Who wrote what: new Yjs client ids are attributed to their participant in the server-only
 * `control` document, in batches. A crowd's first edits would otherwise change `control`, and
 * send the change to everyone, every turn of the loop.
 */
import { controlWriters, docName, type ClientAuthor } from '../../src/lib/doc/schema.js';
import type { Team } from '../../src/lib/domain/teams.js';
import type { Rooms } from '../rooms.js';
import { log } from '../log.js';

/**
 * Credits wait this long for others. Whatever reads `control` (an intent, a version's hash, a
 * newcomer) applies the waiting batch first, so a version saved right after someone's first edit
 * counts them (signoff.test.ts, text.test.ts); with other instances, which cannot, the batch
 * does not wait (`Rooms.defer`).
 */
const CREDIT_BATCH_MS = 250;
/** And `control` stays loaded this long after, for a client that does not keep it open (plain y-websocket). */
const CREDIT_WARM_MS = 2000;

export class WriterCredits {
	/** Credits of this turn, per workshop. */
	private readonly pending = new Map<string, Map<number, ClientAuthor>>();
	private timer: ReturnType<typeof setImmediate> | null = null;

	constructor(private readonly rooms: Rooms) {}

	record(workshopId: string, clients: number[], participantId: string, team: Team | null): void {
		let entries = this.pending.get(workshopId);
		if (!entries) this.pending.set(workshopId, (entries = new Map()));
		for (const client of clients) entries.set(client, { participantId, team });
		this.timer ??= setImmediate(() => void this.flush());
	}

	/** Hand the credits of this turn to `control`'s batch (`Room.defer`); shutdown flushes the rooms after. */
	async flush(): Promise<void> {
		if (this.timer !== null) clearImmediate(this.timer);
		this.timer = null;
		const pending = [...this.pending];
		this.pending.clear();
		await Promise.all(
			pending.map(([workshopId, entries]) =>
				this.rooms.defer(docName(workshopId, 'control'), (doc) => controlWriters.recordAuthors(doc, entries), CREDIT_BATCH_MS, CREDIT_WARM_MS).catch((error) => {
					log.error(`could not record authors in ${workshopId}`, error);
				})
			)
		);
	}

	/** The workshop's rows are about to go: credits still waiting would write them again. */
	drop(workshopId: string): void {
		this.pending.delete(workshopId);
		this.rooms.peek(docName(workshopId, 'control'))?.dropDeferred();
	}
}
