/**
 * While groups draft, the server keeps two things in `control` up to date: "one minute left"
 * (`oneMinuteAt`, set once at endsAt − 60 s so every group hears it at the same moment) and
 * each group's progress (filled lines and characters, never text) for the facilitator's roster.
 * Cheap and bounded: once a second, only for rounds this instance knows to be drafting (learnt
 * from the intents, and after a restart from whoever reconnects), only for group documents
 * loaded here and changed since the last count, and `control` is written only when a figure changed.
 */
import { controlWriters, docName, readControl } from '../src/lib/doc/schema.js';
import { MINUTE } from '../src/lib/domain/timer.js';
import { groupDocName, progressOf } from './intents/breakoutDocs.js';
import { log } from './log.js';
import type { Rooms } from './rooms.js';
import { roundAccess, type GroupAccess } from './sync/groups.js';

export const TICK_MS = 1000;

type Progress = Record<string, { lines: number; chars: number }>;

export class BreakoutTicker {
	private timer: ReturnType<typeof setInterval> | null = null;
	private running: Promise<void> | null = null;
	/** Group document → its size when last counted: unchanged documents are not read again. */
	private counted = new Map<string, number>();

	constructor(
		private readonly rooms: Rooms,
		private readonly groups: GroupAccess,
		private readonly now: () => number = Date.now
	) {}

	start(everyMs = TICK_MS): void {
		this.timer = setInterval(() => {
			// A slow tick (storage) is never overtaken by the next one.
			this.running ??= this.tick()
				.catch((error) => log.warn(`breakout ticker: ${(error as Error).message}`))
				.finally(() => (this.running = null));
		}, everyMs);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	async tick(): Promise<void> {
		const counted = new Map<string, number>();
		for (const { workshopId, round } of this.groups.drafting()) {
			const now = this.now();
			const progress: Progress = {};
			for (const group of round.groups) {
				const room = this.rooms.peek(groupDocName(workshopId, group.id));
				if (!room) continue;
				counted.set(room.name, room.byteSize);
				if (this.counted.get(room.name) !== room.byteSize) progress[group.id] = progressOf(room.doc);
			}
			const due = round.endsAt !== null && round.oneMinuteAt === null && now >= round.endsAt - MINUTE;
			if (!due && Object.keys(progress).length === 0) continue;
			const rounds = await this.rooms.withDoc(docName(workshopId, 'control'), (doc) => {
				const state = readControl(doc);
				const current = state.breakouts.find((b) => b.id === round.id);
				if (!current || current.status !== 'drafting') return state.breakouts;
				const changed = Object.entries(progress).filter(([id, p]) => current.progress[id]?.lines !== p.lines || current.progress[id]?.chars !== p.chars);
				const oneMinuteAt = current.oneMinuteAt ?? (due ? now : null);
				if (changed.length === 0 && oneMinuteAt === current.oneMinuteAt) return state.breakouts;
				const next = { ...current, progress: { ...current.progress, ...Object.fromEntries(changed) }, oneMinuteAt };
				controlWriters.putBreakout(doc, next);
				return state.breakouts.map((b) => (b.id === next.id ? next : b));
			});
			this.groups.update(workshopId, roundAccess(rounds));
		}
		this.counted = counted;
	}
}
