/**
 * `sendIntent` is typed by the intent schemas: a misspelt intent type or field
 * fails `npm run check` (svelte-check type-checks this file and refuses an
 * `@ts-expect-error` that expects nothing).
 */
import { describe, expect, it } from 'vitest';
import { sendIntent } from './intents';

/** Never called: it exists to be type-checked. */
function callers(id: string) {
	void sendIntent(id, 'vote.cast', { voteId: 'v', allocation: { a: 1 } });
	void sendIntent(id, 'timer.pause');
	void sendIntent(id, 'timer.start', { minutes: 5 });
	void sendIntent(id, 'stage.bringEveryone', { view: { x: 0, y: 0, zoom: 1 } });
	// @ts-expect-error a misspelt intent type
	void sendIntent(id, 'vote.cats', { voteId: 'v', allocation: {} });
	// @ts-expect-error a misspelt field
	void sendIntent(id, 'vote.cast', { voteID: 'v', allocation: {} });
	// @ts-expect-error a field the intent does not have
	void sendIntent(id, 'room.freeze', { frozen: true, everyone: true });
	// @ts-expect-error a field of the wrong type
	void sendIntent(id, 'room.freeze', { frozen: 'yes' });
	// @ts-expect-error a value outside an enum
	void sendIntent(id, 'export.setPolicy', { policy: 'anyone' });
	// @ts-expect-error a required payload left out
	void sendIntent(id, 'stage.set');
}

describe('sendIntent types', () => {
	it('are checked by npm run check, not at run time', () => {
		expect(typeof callers).toBe('function');
	});
});
