/**
 * A thin presence client for integration tests: a raw WebSocket that asks for compact presence,
 * sends its own awareness state, and keeps what the server tells it (src/lib/protocol/presence.ts).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { decodePresence } from '../../src/lib/protocol/presence.js';
import { MessageType, type PresenceIdentity } from '../../src/lib/protocol/wire.js';
import type { RunningServer } from './server.js';

/** An awareness message carrying `states` as given (client id, clock, JSON). */
export function awarenessMessage(states: Array<[number, number, string]>): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, states.length);
	for (const [id, clock, json] of states) {
		encoding.writeVarUint(inner, id);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, json);
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.awareness);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

export class CompactClient {
	readonly identities = new Map<number, PresenceIdentity>();
	/** The states shown now, as the server's entries built them. */
	readonly states = new Map<number, Record<string, unknown>>();
	readonly people = new Map<string, string>();
	stages: Array<{ stage: string; people: number; typing: number }> = [];
	/** Every client id ever given a state, and whether any awareness message arrived (it must not). */
	readonly everShown = new Set<number>();
	awarenessMessages = 0;
	presenceMessages = 0;
	private clock = 0;

	private constructor(
		readonly ws: WebSocket,
		readonly clientId: number
	) {
		ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
	}

	static open(server: RunningServer, workshopId: string, token: string, clientId: number, compact = true): Promise<CompactClient> {
		const query = `token=${token}${compact ? '&presence=compact' : ''}`;
		const ws = new WebSocket(`${server.wsUrl}/sync/${workshopId}/content?${query}`);
		ws.binaryType = 'nodebuffer';
		const client = new CompactClient(ws, clientId);
		return new Promise((resolve, reject) => {
			ws.once('open', () => resolve(client));
			ws.once('error', reject);
		});
	}

	/** Send this client's whole awareness state (as y-websocket does). */
	set(state: Record<string, unknown> | null): void {
		this.sendRaw(JSON.stringify(state));
	}

	sendRaw(json: string): void {
		this.clock += 1;
		this.ws.send(awarenessMessage([[this.clientId, this.clock, json]]));
	}

	close(): void {
		this.ws.close();
	}

	private receive(data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type === MessageType.awareness) {
			// The keepalive is an empty awareness update; anything else would be presence sent the old way.
			if (data.length > 3) this.awarenessMessages += 1;
			return;
		}
		if (type !== MessageType.presence) return;
		this.presenceMessages += 1;
		const frame = decodePresence(decoder);
		for (const { client, user } of frame.identities) this.identities.set(client, user);
		for (const { client, fields } of frame.states) {
			const state = { ...(this.states.get(client) ?? {}) };
			for (const [name, value] of Object.entries(fields)) {
				if (value === null) delete state[name];
				else state[name] = value;
			}
			this.states.set(client, state);
			this.everShown.add(client);
		}
		for (const { client, x, y } of frame.pointers) {
			const state = this.states.get(client);
			if (!state) throw new Error(`pointer of ${client}, never shown`);
			state.pointer = { x, y };
		}
		for (const client of frame.gone) this.states.delete(client);
		for (const { id, stage } of frame.people) {
			if (stage === null) this.people.delete(id);
			else this.people.set(id, stage);
		}
		if (frame.stages) this.stages = frame.stages;
	}
}
