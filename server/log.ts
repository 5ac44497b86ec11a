/** Structured logs: one JSON object per line on stdout (stderr for warnings and errors). */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

let threshold: Level = 'info';

export function setLogLevel(level: Level): void {
	threshold = level;
}

function write(level: Level, msg: string, detail?: unknown): void {
	if (ORDER[level] < ORDER[threshold]) return;
	const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
	if (detail instanceof Error) entry.error = { message: detail.message, stack: detail.stack };
	else if (detail !== undefined) entry.detail = detail;
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${JSON.stringify(entry)}\n`);
}

export const log = {
	debug: (message: string, detail?: unknown) => write('debug', message, detail),
	info: (message: string, detail?: unknown) => write('info', message, detail),
	warn: (message: string, detail?: unknown) => write('warn', message, detail),
	error: (message: string, detail?: unknown) => write('error', message, detail)
};
