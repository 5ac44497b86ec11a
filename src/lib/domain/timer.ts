/**
 * The stage timer, kept by the server. While running it stores the server time
 * at which it reaches zero; while paused, the time left. Every screen computes
 * the remaining time from the same end point, corrected for its own clock's
 * offset from the server's, so all screens agree.
 */

export interface TimerState {
	stageId: string;
	/** Server time (ms since epoch) when the countdown reaches zero, while running. */
	endsAt: number | null;
	/** Time left in ms while paused (or set but not started). */
	remainingMs: number;
	running: boolean;
}

export const MINUTE = 60_000;
export const TIMER_MAX_MS = 4 * 60 * MINUTE;

export function startTimer(stageId: string, durationMs: number, now: number): TimerState {
	const ms = clamp(durationMs);
	return { stageId, endsAt: now + ms, remainingMs: ms, running: true };
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
	if (!timer.running) return timer;
	return { ...timer, running: false, endsAt: null, remainingMs: remainingMs(timer, now) };
}

export function resumeTimer(timer: TimerState, now: number): TimerState {
	if (timer.running) return timer;
	return { ...timer, running: true, endsAt: now + timer.remainingMs };
}

/** Add (or, negative, take away) time; a finished timer starts again from the added time. */
export function addTime(timer: TimerState, ms: number, now: number): TimerState {
	const left = clamp(remainingMs(timer, now) + ms);
	return timer.running ? { ...timer, endsAt: now + left, remainingMs: left } : { ...timer, remainingMs: left };
}

/** Milliseconds left at server time `now` (never negative). */
export function remainingMs(timer: TimerState, now: number): number {
	if (!timer.running || timer.endsAt === null) return Math.max(0, timer.remainingMs);
	return Math.max(0, timer.endsAt - now);
}

/** "4:05", "0:09", "1:02:00" — rounded up, so "0:00" shows only at zero. */
export function formatRemaining(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
	return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** One round trip to the server's clock: sent at t0, answered with serverTime, received at t1 (client clock). */
export interface ClockSample {
	t0: number;
	serverTime: number;
	t1: number;
}

/**
 * Offset to add to the client's clock to get the server's, from the sample
 * with the shortest round trip (its midpoint is the best guess of when the
 * server read its clock).
 */
export function clockOffset(samples: readonly ClockSample[]): number {
	if (samples.length === 0) return 0;
	const best = samples.reduce((a, b) => (b.t1 - b.t0 < a.t1 - a.t0 ? b : a));
	return best.serverTime - (best.t0 + best.t1) / 2;
}

function clamp(ms: number): number {
	return Math.max(0, Math.min(TIMER_MAX_MS, Math.round(ms)));
}

/**
 * The timer of the room's current stage, or null: a timer left from the previous stage is
 * shown nowhere, so the facilitator is offered a fresh start for the new stage instead.
 */
export function stageTimer(timer: TimerState | null, currentStageId: string): TimerState | null {
	return timer && timer.stageId === currentStageId ? timer : null;
}
