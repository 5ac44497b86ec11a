/**
 * Component tests: a stage component rendered into happy-dom inside the workshop context, over a
 * real WorkshopConnection (real Y.Docs and reactive state) that opens no socket, cache or clock
 * requests. The test plays the server: it writes `control` with the server's own writers and
 * answers the component's HTTP requests, recording every intent it sends.
 *
 * Known gap: happy-dom 21 does not match `:checked` on <option>, which Svelte's `bind:value` on a
 * <select> reads, so a bound select does not update its state here (an `onchange` handler does).
 * Drive such selects in the browser tests.
 */
import '@testing-library/jest-dom/vitest';
import { afterEach, vi } from 'vitest';
import { cleanup, render } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import type { Component, ComponentProps } from 'svelte';
import { WorkshopConnection } from '$lib/client/workshop.svelte';
import type { Me } from '$lib/api';
import { isIntentType, parseIntent, type IntentPayload, type IntentType } from '$lib/protocol/intents';
import WithWorkshop from './WithWorkshop.svelte';

export const WORKSHOP_ID = 'w-component';

const opened: WorkshopConnection[] = [];
afterEach(() => {
	cleanup();
	for (const connection of opened.splice(0)) connection.destroy();
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

/** A connection for one person (a participant on the sales team unless told otherwise). */
export function connect(me: Partial<Me> = {}): WorkshopConnection {
	const connection = new WorkshopConnection(WORKSHOP_ID, { id: 'p-me', name: 'Sam', team: 'sales', role: 'participant', ...me }, true, false);
	opened.push(connection);
	return connection;
}

export interface SentIntent {
	type: IntentType;
	payload: Record<string, unknown>;
}

export interface Network {
	/** Intents in the order sent; each already passed the shared schema the server checks them with. */
	intents: SentIntent[];
	/** The payloads sent for one intent type. */
	sent<T extends IntentType>(type: T): IntentPayload<T>[];
	/** The server's answer to GET requests, by path (404 for any other). */
	answers: Map<string, unknown>;
	/** Refuse the next intents of a type with this message, as the server's 4xx would. */
	refuse(type: IntentType, message: string): void;
}

/** Stand in for the HTTP API at the fetch boundary: intents are recorded and applied, GETs answered from `answers`. */
export function network(): Network {
	const intents: SentIntent[] = [];
	const refusals = new Map<IntentType, string>();
	const answers = new Map<string, unknown>();
	const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
	vi.stubGlobal(
		'fetch',
		vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
			const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : new URL(input.url).pathname;
			const method = init?.method ?? 'GET';
			if (method === 'POST' && path === `/api/workshops/${WORKSHOP_ID}/intents`) {
				const { type, ...payload } = JSON.parse(String(init?.body)) as { type: unknown };
				if (!isIntentType(type)) throw new Error(`unknown intent ${String(type)}`);
				const parsed = parseIntent(type, payload);
				if (!parsed.ok) throw new Error(`${type} sent a payload the server refuses: ${parsed.problem.message}`);
				intents.push({ type, payload });
				const refusal = refusals.get(type);
				if (refusal) return json(409, { error: { code: 'refused', message: refusal } });
				return json(200, { applied: type });
			}
			if (method === 'GET' && answers.has(path)) return json(200, answers.get(path));
			return json(404, { error: { code: 'not-found', message: `${method} ${path} is not answered in this test` } });
		})
	);
	return {
		intents,
		sent: <T extends IntentType>(type: T) => intents.filter((i) => i.type === type).map((i) => i.payload as IntentPayload<T>),
		answers,
		refuse: (type, message) => refusals.set(type, message)
	};
}

/** Render a component as the workshop page would, with a user to drive it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component, its props checked by ComponentProps
export function renderStage<C extends Component<any>>(connection: WorkshopConnection, component: C, props: ComponentProps<C>) {
	const user = userEvent.setup();
	const rendered = render(WithWorkshop, { props: { connection, component, props } });
	return { ...rendered, user };
}
