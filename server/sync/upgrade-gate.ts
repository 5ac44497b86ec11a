/**
 * The checks an upgrade passes before anyone is authenticated (path, origin), and the
 * plain HTTP refusal sent when one fails: no socket is opened, no document loaded.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { groupIdOf, isDocKind, type DocKind, type GroupDocKind } from '../../src/lib/doc/schema.js';

const PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})\/([a-z]+|group-[A-Za-z0-9_-]{1,24})\/?$/;

/** The workshop and document a sync path names (a breakout group's too), or null when it is not a sync path. */
export function parseSyncPath(pathname: string): { workshopId: string; kind: DocKind | GroupDocKind } | null {
	const match = PATH.exec(pathname);
	const kind = match?.[2];
	if (!match || !kind || !(isDocKind(kind) || groupIdOf(kind) !== null)) return null;
	return { workshopId: match[1]!, kind: kind as DocKind | GroupDocKind };
}

/** Whether a browser's Origin is ours: the configured public origin, or else the Host it connected to. */
export function originAllowed(req: IncomingMessage, publicOrigin: string | null): boolean {
	const origin = req.headers.origin;
	// Non-browser clients send no Origin; browsers always do on WebSocket upgrades.
	if (origin === undefined) return true;
	if (publicOrigin !== null) return origin === publicOrigin;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

export function refuse(socket: Duplex, status: number, code: string, message: string): void {
	const body = JSON.stringify({ error: { code, message } });
	const reason = STATUS_CODES[status] ?? 'Error';
	if (socket.writable) {
		socket.write(
			`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
		);
	}
	socket.destroy();
}
