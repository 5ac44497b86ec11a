import { describe, expect, it } from 'vitest';
import { MINUTE, addTime, clockOffset, formatRemaining, pauseTimer, remainingMs, resumeTimer, stageTimer, startTimer } from './timer';

describe('timer arithmetic', () => {
	it('counts down from the end time', () => {
		const timer = startTimer('draft', 5 * MINUTE, 1_000_000);
		expect(remainingMs(timer, 1_000_000)).toBe(5 * MINUTE);
		expect(remainingMs(timer, 1_000_000 + 90_000)).toBe(5 * MINUTE - 90_000);
		expect(remainingMs(timer, 1_000_000 + 10 * MINUTE)).toBe(0);
	});

	it('pauses and resumes without losing or gaining time', () => {
		let timer = startTimer('draft', 5 * MINUTE, 0);
		timer = pauseTimer(timer, 60_000);
		expect(remainingMs(timer, 999_999)).toBe(4 * MINUTE);
		timer = resumeTimer(timer, 500_000);
		expect(remainingMs(timer, 500_000 + 30_000)).toBe(4 * MINUTE - 30_000);
		expect(pauseTimer(pauseTimer(timer, 510_000), 600_000)).toEqual(pauseTimer(timer, 510_000));
		expect(resumeTimer(timer, 1)).toBe(timer);
	});

	it('adds a minute while running, while paused and after reaching zero', () => {
		const running = startTimer('draft', MINUTE, 0);
		expect(remainingMs(addTime(running, MINUTE, 30_000), 30_000)).toBe(90_000);
		const paused = pauseTimer(running, 30_000);
		expect(remainingMs(addTime(paused, MINUTE, 99_999), 99_999)).toBe(90_000);
		expect(remainingMs(addTime(running, MINUTE, 5 * MINUTE), 5 * MINUTE)).toBe(MINUTE);
	});

	it('formats time left, rounding up so 0:00 means zero', () => {
		expect(formatRemaining(0)).toBe('0:00');
		expect(formatRemaining(1)).toBe('0:01');
		expect(formatRemaining(65_000)).toBe('1:05');
		expect(formatRemaining(3_600_000 + 2 * MINUTE)).toBe('1:02:00');
	});
});

describe('clock offset', () => {
	it('uses the midpoint of the quickest round trip', () => {
		// Client clock is 5 s behind the server; round trips of 40 ms and 10 ms.
		expect(clockOffset([{ t0: 1000, serverTime: 6040, t1: 1040 }, { t0: 2000, serverTime: 7005, t1: 2010 }])).toBe(5000);
	});

	it('gives every client the same remaining time whatever its clock', () => {
		const timer = startTimer('draft', 10 * MINUTE, 50_000_000);
		const serverNow = 50_000_000 + 123_456;
		for (const skew of [-3_600_000, -2500, 0, 700, 86_400_000]) {
			const clientNow = serverNow - skew;
			const offset = clockOffset([{ t0: clientNow - 20, serverTime: serverNow, t1: clientNow + 20 }]);
			expect(remainingMs(timer, clientNow + offset)).toBe(remainingMs(timer, serverNow));
		}
	});

	it('is zero without samples', () => {
		expect(clockOffset([])).toBe(0);
	});
});

describe('the stage timer', () => {
	it('is the room’s timer only while the room is on the stage it was started for', () => {
		const timer = startTimer('draft', 5 * MINUTE, 0);
		expect(stageTimer(timer, 'draft')).toBe(timer);
		expect(stageTimer(timer, 'language')).toBeNull();
		expect(stageTimer(null, 'draft')).toBeNull();
	});
});
