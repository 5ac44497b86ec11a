import { afterEach, describe, expect, it } from 'vitest';
import { claimLineId, claims, content, docName, setLineText } from '../../src/lib/doc/schema.js';
import { testWorkshop, type TestWorkshop } from '../intents/testing.js';
import { eventually } from '../../test/support/server.js';
import type { FieldStore } from '../storage/storage.js';
import { FieldViews, type FieldViewOptions } from './view.js';

let w: TestWorkshop;
afterEach(async () => w?.close());

/** A workshop with one signed claim and its field open; `lists` counts how often the view read every log. */
async function openField(options: Partial<FieldViewOptions> = {}) {
	w = await testWorkshop();
	await w.rooms.withDoc(docName(w.workshopId, 'content'), (doc) => {
		claims.add(doc, 'k1');
		setLineText(doc, claimLineId('k1'), 'Cuts downtime by 25 %');
		content.campaign.write(doc, { launchDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), endDate: '', timeZone: 'UTC' });
	});
	await w.send('facilitator', 'version.save', { name: 'Signed' });
	const versionId = (await w.control()).versions[0]!.id;
	await w.send('facilitator', 'signoff.setSigners', { participantIds: [w.people.sales.participant.id] });
	await w.send('sales', 'signoff.sign', { versionId });
	expect((await w.send('facilitator', 'field.open', {})).ok).toBe(true);
	const counted = { lists: 0, whole: 0 };
	const store: FieldStore = Object.assign(Object.create(w.storage.records) as FieldStore, {
		listFieldLogs: (id: string, filter?: Parameters<FieldStore['listFieldLogs']>[1]) => {
			counted.lists += 1;
			if (filter?.updatedSince === undefined) counted.whole += 1;
			return w.storage.records.listFieldLogs(id, filter);
		}
	});
	const views = new FieldViews(w.rooms, store, () => 'secret', { minIntervalMs: 0, ...options });
	return { views, counted };
}

let n = 0;
const log = () => w.send('sales', 'field.log', { id: `l${++n}`, uses: [{ claimId: 'k1', outcome: 'worked' }] });
const read = (views: FieldViews, after: number | null, signal?: AbortSignal) => views.read(w.people.observer, after, signal, 'https://p.example');
const revision = async () => (await w.control()).fieldCounts.revision;

describe('the field view on the server', () => {
	it('computes once per revision however many ask at once, and again after a log', async () => {
		const { views, counted } = await openField();
		const answers = await Promise.all(Array.from({ length: 10 }, () => read(views, null)));
		expect(answers.every((a) => a.ok && a.value?.view.totals.logs === 0)).toBe(true);
		expect(counted.lists).toBe(1);
		await log();
		const after = await read(views, null);
		expect(after.ok && after.value?.view.totals.logs).toBe(1);
		expect(counted.lists).toBe(2);
	});

	it('reads only what was written since the last view, and everything again after a deletion', async () => {
		const { views, counted } = await openField();
		const send = (id: string, outcome: string) => w.send('sales', 'field.log', { id, uses: [{ claimId: 'k1', outcome }] });
		await send('first', 'worked');
		await read(views, null);
		expect(counted.whole).toBe(1);
		// A new log and an edit of the first: caught up from the rows written since.
		await send('second', 'worked');
		await send('first', 'flat');
		const caught = await read(views, null);
		expect(caught.ok && caught.value?.view.claims[0]).toMatchObject({ uses: 2, worked: 1, flat: 1 });
		expect(counted.whole).toBe(1);
		// A deletion leaves no row to catch up from: the counts disagree, so every log is read again.
		await w.send('sales', 'field.deleteLog', { id: 'first' });
		const after = await read(views, null);
		expect(after.ok && after.value?.view.claims[0]).toMatchObject({ uses: 1, worked: 1, flat: 0 });
		expect(counted.whole).toBe(2);
	});

	it('computes a busy field at most once per interval', async () => {
		const { views, counted } = await openField({ minIntervalMs: 300 });
		await read(views, null);
		const first = performance.now();
		await log();
		const second = await read(views, null);
		expect(second.ok && second.value?.view.totals.logs).toBe(1);
		expect(counted.lists).toBe(2);
		expect(performance.now() - first).toBeGreaterThanOrEqual(250);
	});

	it('answers a poll beyond the waiters it may hold at once, with nothing', async () => {
		const { views } = await openField({ waitMs: 60_000, maxWaiters: 1 });
		const current = await revision();
		const waiting = read(views, current);
		await eventually(() => expect(views.waiting).toBe(1));
		// The second poll finds the only place taken: answered at once, with nothing.
		expect(await read(views, current)).toEqual({ ok: true, value: null });
		await log();
		const woken = await waiting;
		expect(woken.ok && woken.value?.revision).toBe(current + 1);
		expect(views.waiting).toBe(0);
	});

	it('answers a poll with nothing (204) when nothing moved in the wait', async () => {
		const { views } = await openField({ waitMs: 50 });
		expect(await read(views, await revision())).toEqual({ ok: true, value: null });
	});

	it('lets go of a poll whose client left, and of every poll at shutdown', async () => {
		const { views } = await openField({ waitMs: 60_000 });
		const left = new AbortController();
		const polls = [read(views, await revision(), left.signal), read(views, await revision())];
		await eventually(() => expect(views.waiting).toBe(2));
		left.abort();
		expect(await polls[0]).toEqual({ ok: true, value: null });
		expect(views.waiting).toBe(1);
		views.close();
		expect(await polls[1]).toEqual({ ok: true, value: null });
		expect(views.waiting).toBe(0);
		// Nothing holds the control room any more: it can unload.
		expect(w.rooms.peek(docName(w.workshopId, 'control'))?.holds ?? 0).toBe(0);
	});

	it('gives facilitators the field link, and refuses before the field is opened', async () => {
		const { views } = await openField();
		const facilitator = await views.read(w.people.facilitator, null, undefined, 'https://p.example');
		expect(facilitator.ok && facilitator.value?.fieldUrl).toBe(`https://p.example/w/${w.workshopId}/join#field=secret`);
		const other = await w.another();
		expect(await views.read(other, null, undefined, '')).toMatchObject({ ok: false, error: { status: 409, code: 'field-not-open' } });
	});
});
