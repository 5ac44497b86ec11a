/** One line per event on stdout/stderr; tests read the "listening on" line. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

let threshold: Level = 'info';

export function setLogLevel(level: Level): void {
	threshold = level;
}

function write(level: Level, message: string, detail?: unknown): void {
	if (ORDER[level] < ORDER[threshold]) return;
	const suffix = detail instanceof Error ? ` ${detail.stack ?? detail.message}` : detail !== undefined ? ` ${JSON.stringify(detail)}` : '';
	const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}${suffix}\n`;
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line);
}

export const log = {
	debug: (message: string, detail?: unknown) => write('debug', message, detail),
	info: (message: string, detail?: unknown) => write('info', message, detail),
	warn: (message: string, detail?: unknown) => write('warn', message, detail),
	error: (message: string, detail?: unknown) => write('error', message, detail)
};
