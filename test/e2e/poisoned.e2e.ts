/**
 * Root cause: stage pages read `content` through readers that trusted a value's
 * type but not the value, so one modified client writing NaN offsets, huge
 * durations, an unknown time zone, a line nested 20,000 deep or junk of the
 * wrong type could break a stage for everyone. Every stage of a poisoned
 * workshop opens without a page error, and the calendar still downloads.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { JoinResponse } from '../../src/lib/api.js';
import { unfold } from '../../src/lib/domain/ics.js';
import { applyKnownPoisons, applyPoison, poison } from '../support/poison.js';
import { test, expect, openStage } from './fixtures.js';

const STAGES = ['Frame', 'Draft', 'Language', 'Stress-test', 'Agreements', 'Ramp-up', 'Sign-off'];

test('every stage of a poisoned workshop opens without a page error', async ({ room }) => {
	test.setTimeout(120_000);
	const { person: carla, code } = await room.facilitate('Poisoned workshop');
	const { page } = carla;
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`${error.message}\n${(error.stack ?? '').slice(0, 600)}`));

	// A participant's modified client, in Node, writes the poison over the real sync endpoint.
	const joined = await fetch(`${room.server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Mallory', team: 'marketing' }) });
	const mallory = (await joined.json()) as JoinResponse;
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${room.server.wsUrl}/sync/${mallory.workshopId}`, 'content', doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token: mallory.token },
		disableBc: true
	});
	try {
		await expect.poll(() => provider.synced).toBe(true);
		// The Draft stage is open while the poison arrives: its line editors must let go of a line too deep to bind.
		applyKnownPoisons(doc);
		// The same random garbage every run (a fixed seed), so a failure can be replayed.
		for (const poisons of fc.sample(fc.array(poison, { minLength: 5, maxLength: 30 }), { seed: 18, numRuns: 8 })) {
			for (const p of poisons) applyPoison(doc, p);
		}
		doc.getMap('timeline').set('last', new Y.Map<unknown>([['title', new Y.Text('Last poison')], ['offsetDays', Number.NaN]]));
		// The browser has it all once it shows the last write (updates arrive in order).
		await openStage(page, 'Ramp-up');
		await expect(page.locator('[data-milestone][data-title="Last poison"]')).toBeVisible({ timeout: 30_000 });

		await openStage(page, 'Draft');
		await expect(page.locator('[data-line="headline"] [data-damaged-line]')).toBeVisible();
		for (const stage of STAGES) {
			await openStage(page, stage);
			await expect(page.getByRole('main')).toBeVisible();
			await expect(page.getByRole('heading').first()).toBeVisible();
		}
		await openStage(page, 'Draft');
		await page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Canvas' }).click();
		await expect(page.getByRole('application').or(page.locator('[data-testid="canvas"]')).first()).toBeVisible();

		await openStage(page, 'Ramp-up');
		await expect(page.locator('[data-milestone]').first()).toBeVisible();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download calendar (.ics)' }).click()]);
		const lines = unfold(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
		expect(lines[0]).toBe('BEGIN:VCALENDAR');
		for (const line of lines.filter((l) => /^DT(START|END):/.test(l))) expect(line).toMatch(/^DT(START|END):\d{8}T\d{6}Z$/);
		expect(errors).toEqual([]);
	} finally {
		provider.destroy();
		doc.destroy();
	}
});
