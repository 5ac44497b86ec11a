/** Real clients for integration tests: the JSON API over fetch, and y-websocket providers in Node. */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import type { DocKind } from '../../src/lib/doc/schema.js';
import { eventually, type RunningServer } from './server.js';

// Each y-websocket provider in Node listens for the process' exit; tests open dozens at once.
process.setMaxListeners(200);

export async function api<T>(server: RunningServer, path: string, body?: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(server.url + path, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export async function createWorkshop(server: RunningServer, title = 'Q1 launch — Uptime Guarantee'): Promise<CreateWorkshopResponse> {
	const { status, body } = await api<CreateWorkshopResponse>(server, '/api/workshops', { title });
	if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
	return body;
}

export async function join(
	server: RunningServer,
	workshop: CreateWorkshopResponse,
	name: string,
	team: string
): Promise<JoinResponse> {
	const { status, body } = await api<JoinResponse>(server, '/api/join', { code: workshop.joinCode, name, team });
	if (status !== 200) throw new Error(`join failed: ${status} ${JSON.stringify(body)}`);
	return body;
}

/** The invitation secret of a workshop's link (it travels in the link's fragment). */
export function inviteOf(workshop: CreateWorkshopResponse): string {
	return new URLSearchParams(new URL(workshop.joinUrl).hash.slice(1)).get('invite') ?? '';
}

/** Join from the invitation link, as the join page does. */
export function joinByLink(server: RunningServer, workshop: CreateWorkshopResponse, name: string, team: string, headers: Record<string, string> = {}) {
	return api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/join`, { name, team, invite: inviteOf(workshop) }, headers);
}

export interface SyncClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	destroy(): void;
}

export function connect(server: RunningServer, workshopId: string, kind: DocKind, token: string, doc = new Y.Doc()): SyncClient {
	const provider = new WebsocketProvider(`${server.wsUrl}/sync/${workshopId}`, kind, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token },
		disableBc: true,
		maxBackoffTime: 200
	});
	return {
		doc,
		provider,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function synced(client: SyncClient, timeoutMs = 5000): Promise<void> {
	await eventually(() => {
		if (!client.provider.synced) throw new Error('not synced yet');
	}, timeoutMs);
}

/** Open a raw WebSocket to a sync path; resolves with the socket once open, or the HTTP status it was refused with. */
export function rawSocket(server: RunningServer, path: string, headers: Record<string, string> = {}): Promise<WebSocket | { refused: number; body: string }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(server.wsUrl + path, { headers });
		ws.binaryType = 'nodebuffer';
		ws.once('open', () => resolve(ws));
		ws.once('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk));
			res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
		});
		ws.once('error', reject);
	});
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
