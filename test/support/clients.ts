/** Real clients for integration tests: the JSON API over fetch, and y-websocket providers in Node. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
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
	/** Resolves once the server holds every edit this client's document has (insertions; deletions carry no clock). */
	written(timeoutMs?: number): Promise<void>;
	/** Resolves once the server has handled every message this client sent before (a sentinel that is always answered). */
	processed(timeoutMs?: number): Promise<void>;
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
		async written(timeoutMs = 5000) {
			// A second reader on the same session sees what the server has: its state vector must cover ours.
			const reader = connect(server, workshopId, kind, token);
			try {
				await synced(reader, timeoutMs);
				await eventually(() => {
					const has = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
					for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
						if ((has.get(client) ?? 0) < clock) throw new Error(`server lacks client ${client} up to clock ${clock}`);
					}
				}, timeoutMs);
			} finally {
				reader.destroy();
			}
		},
		processed(timeoutMs = 5000) {
			// The server handles one socket's messages in order and answers every sync step 1 with a
			// step 2: once the answer to a step 1 sent now arrives, everything sent before was handled.
			const ws = provider.ws;
			if (!ws) return Promise.reject(new Error('not connected'));
			return new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('no answer to the sentinel')), timeoutMs);
				const onMessage = (event: MessageEvent) => {
					const data = new Uint8Array(event.data as ArrayBuffer);
					if (data[0] !== 0 || data[1] !== 1) return;
					clearTimeout(timer);
					ws.removeEventListener('message', onMessage);
					resolve();
				};
				ws.addEventListener('message', onMessage);
				const e = encoding.createEncoder();
				encoding.writeVarUint(e, 0);
				encoding.writeVarUint(e, 0);
				encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
				ws.send(encoding.toUint8Array(e));
			});
		},
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
