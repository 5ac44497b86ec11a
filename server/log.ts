/**
 * Structured logs with pino: one JSON object per line on stdout, `{time, level, msg}`
 * and `detail` (anything) or `error` (an Error, with its stack). The call sites keep
 * `log.info(message, detail?)`; `log.logger` is pino itself for anything more.
 */
import { pino } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error';

const logger = pino(
	{
		level: 'info',
		// Operators grep level names and ISO times; pid and hostname belong to the supervisor.
		base: undefined,
		timestamp: pino.stdTimeFunctions.isoTime,
		formatters: { level: (label) => ({ level: label }) },
		serializers: { error: pino.stdSerializers.err }
	},
	// Synchronous: a line written just before an exit (a refused start, a crash) is never lost.
	pino.destination({ dest: 1, sync: true })
);

export function setLogLevel(level: Level): void {
	logger.level = level;
}

function write(level: Level, message: string, detail?: unknown): void {
	if (detail instanceof Error) logger[level]({ error: detail }, message);
	else if (detail !== undefined) logger[level]({ detail }, message);
	else logger[level](message);
}

export const log = {
	debug: (message: string, detail?: unknown) => write('debug', message, detail),
	info: (message: string, detail?: unknown) => write('info', message, detail),
	warn: (message: string, detail?: unknown) => write('warn', message, detail),
	error: (message: string, detail?: unknown) => write('error', message, detail),
	logger
};
