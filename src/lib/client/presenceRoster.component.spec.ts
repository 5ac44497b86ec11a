import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/svelte';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { controlWriters } from '$lib/doc/schema';
import { defaultAgenda } from '$lib/domain/agenda';
import { identityEntry, personEntry, presenceMessage, stageEntry, stateEntry } from '$lib/protocol/presence';
import type { PresenceIdentity } from '$lib/protocol/wire';
import Agenda from '$lib/components/Agenda.svelte';
import LineEditor from '$lib/components/LineEditor.svelte';
import { CanvasPeople, sharedCentre } from '$lib/components/canvas/presence.svelte';
import { connect, renderStage } from '../../../test/support/component';

const ada: PresenceIdentity = { id: 'p1', name: 'Ada', team: 'sales', role: 'participant', color: '#0072b2' };

/** What the server's compact stream would deliver, through the provider's own handler table. */
function deliver(provider: WebsocketProvider, message: Uint8Array) {
	const decoder = decoding.createDecoder(message);
	const type = decoding.readVarUint(decoder);
	provider.messageHandlers[type]!(encoding.createEncoder(), decoder, provider, true, type);
}

function room() {
	const connection = connect();
	controlWriters.setAgenda(connection.control, defaultAgenda(), 'draft');
	for (const [id, name] of [
		['p1', 'Ada'],
		['p2', 'Bo'],
		['p3', 'Cy']
	] as const) {
		controlWriters.upsertParticipant(connection.control, { id, name, team: 'sales', role: 'participant', joinedAt: 1 });
	}
	// Ada is shown (on the canvas, in view); Bo and Cy are only on the roster.
	deliver(
		connection.contentProvider,
		presenceMessage({
			identity: [identityEntry(7, ada)],
			state: [stateEntry(7, 1, JSON.stringify({ stage: 'draft', view: { x: 0, y: 0, zoom: 1, w: 1000, h: 500 }, pointer: { x: 5, y: 5 } }))],
			people: [personEntry('p1', 'draft'), personEntry('p2', 'draft'), personEntry('p3', 'language')],
			stages: [stageEntry('draft', 2, 1), stageEntry('language', 1, 3)]
		})!
	);
	return connection;
}

describe('presence from the roster', () => {
	it('counts everyone in the room online and where they look, not only those shown', () => {
		const connection = room();
		expect([...connection.online].sort()).toEqual(['p-me', 'p1', 'p2', 'p3']);
		expect(Object.fromEntries(connection.viewing)).toEqual({ p1: 'draft', p2: 'draft', p3: 'language' });
		expect(connection.stages.get('language')).toEqual({ people: 1, typing: 3 });
		deliver(connection.contentProvider, presenceMessage({ people: [personEntry('p3', null)] })!);
		expect(connection.online.has('p3')).toBe(false);
	});

	it('says how many type on a stage in the agenda', async () => {
		const connection = room();
		renderStage(connection, Agenda, {
			agenda: connection.controlState.agenda,
			currentStageId: 'draft',
			viewingStageId: 'draft',
			typing: new Map([...connection.stages].map(([stage, c]) => [stage, c.typing])),
			onselect: () => {}
		});
		expect(await screen.findByTestId('typing-language')).toHaveTextContent('3 typing');
		expect(screen.getByTestId('typing-draft')).toHaveTextContent('1 typing');
	});

	it('lists people the canvas is not shown by name and stage, and follows a shown one by the centre of their screen', () => {
		const connection = room();
		const people = new CanvasPeople(() => connection);
		const stop = people.watch();
		expect(people.others.map((o) => o.user.name)).toEqual(['Ada']);
		expect(people.followable[0]!.view).toEqual({ x: 500, y: 250, zoom: 1 });
		expect(people.elsewhere.map((e) => `${e.name} ${e.where}`)).toEqual(['Bo on Draft', 'Cy on Language']);
		expect(people.onStage).toBe(2);
		stop();
	});

	it('reads a hostile shared view back sane', () => {
		expect(sharedCentre({ x: 0, y: 0, zoom: 1, w: 'wide', h: Number.NaN })).toEqual({ x: 720, y: 450, zoom: 1 });
		expect(sharedCentre({ x: 0, y: 0, zoom: 1, w: 1e12, h: -4 })).toEqual({ x: 5000, y: 450, zoom: 1 });
		expect(sharedCentre({ x: 'a', zoom: 1 })).toBeNull();
	});

	it('announces the line being edited while its editor has focus', async () => {
		const connection = connect();
		const { user } = renderStage(connection, LineEditor, { lineId: 'claim-1', label: 'Claim', prompt: 'What we claim', editable: true });
		const box = await screen.findByRole('textbox', { name: 'Claim' });
		await user.click(box);
		await waitFor(() => expect(connection.awareness.getLocalState()?.line).toBe('claim-1'));
		box.blur();
		await waitFor(() => expect(connection.awareness.getLocalState()?.line).toBeNull());
	});
});
