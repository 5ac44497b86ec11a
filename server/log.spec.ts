import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { log, setLogLevel } from './log.js';

/** The lines pino writes to fd 1 while `fn` runs, parsed. */
function captured(fn: () => void): Record<string, unknown>[] {
	const lines: string[] = [];
	const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, text: string) => {
		if (fd === 1) lines.push(...String(text).split('\n').filter(Boolean));
		return String(text).length;
	}) as typeof fs.writeSync);
	try {
		fn();
	} finally {
		spy.mockRestore();
	}
	return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => setLogLevel('info'));

describe('log lines', () => {
	it('are one JSON object each: ISO time, level by name, msg, and detail or error', () => {
		const [plain, detailed, failed] = captured(() => {
			log.info('listening');
			log.warn('workshop deleted', { workshopId: 'w1' });
			log.error('storage write failed', new Error('disk full'));
		});
		expect(plain).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'info', msg: 'listening' });
		expect(detailed).toMatchObject({ level: 'warn', msg: 'workshop deleted', detail: { workshopId: 'w1' } });
		expect(failed).toMatchObject({ level: 'error', msg: 'storage write failed', error: { message: 'disk full', stack: expect.stringContaining('Error: disk full') } });
	});

	it('leave out what is below the level', () => {
		setLogLevel('warn');
		const lines = captured(() => {
			log.debug('noise');
			log.info('chatter');
			log.warn('worth knowing');
		});
		expect(lines.map((l) => l.msg)).toEqual(['worth knowing']);
	});
});
