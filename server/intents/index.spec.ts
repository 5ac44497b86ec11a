import { afterEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../storage/storage.js';
import { refusing, testWorkshop, type Options, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string) => ({ ok: false, error: expect.objectContaining({ status, code }) });
const applied = (type: string) => ({ ok: true, value: { applied: type } });

let w: TestWorkshop;
const open = async (options?: Options) => (w = await testWorkshop(options));
afterEach(async () => w?.close());

describe('intent types', () => {
	it('refuses an unknown, missing or non-string type, naming the known ones', async () => {
		await open();
		const unknown = await w.sendRaw('facilitator', { type: 'vote.steal' });
		expect(unknown).toEqual(refused(400, 'unknown-intent'));
		expect(!unknown.ok && unknown.error.message).toMatch(/^Unknown intent "vote\.steal"\. Known: stage\.set, /);
		expect(await w.sendRaw('facilitator', {})).toEqual(refused(400, 'unknown-intent'));
		expect(await w.sendRaw('facilitator', 'stage.set')).toEqual(refused(400, 'unknown-intent'));
		expect(await w.sendRaw('facilitator', { type: ['stage.set'] })).toEqual(refused(400, 'unknown-intent'));
		// Inherited names are not intents.
		expect(await w.sendRaw('facilitator', { type: 'toString' })).toEqual(refused(400, 'unknown-intent'));
		const long = await w.sendRaw('facilitator', { type: 'x'.repeat(5000) });
		expect(!long.ok && long.error.message.length).toBeLessThan(1000);
	});
});

describe('the per-workshop queue', () => {
	it('runs a workshop’s intents one at a time, in the order they came', async () => {
		await open({ quotas: { maxPrivateNotes: 2 } });
		await w.send('facilitator', 'brainstorm.start', {});
		const column = (await w.control()).columns[0]!.id;
		// Each note's quota check reads storage before it writes: run side by side, all five would pass.
		const results = await Promise.all(['1', '2', '3', '4', '5'].map((text) => w.send('sales', 'brainstorm.addNote', { column, text })));
		expect(results.map((r) => r.ok)).toEqual([true, true, false, false, false]);
		expect((await w.storage.records.listPrivateNotes(w.workshopId)).map((n) => n.text)).toEqual(['1', '2']);
		expect((await w.control()).privateRound!.count).toBe(2);

		const titles = ['A', 'B', 'C', 'D'];
		await Promise.all(titles.map((title) => w.send('facilitator', 'agenda.add', { title })));
		expect((await w.control()).agenda.slice(-4).map((s) => s.title)).toEqual(titles);
	});

	it('holds a workshop’s next intent behind its slow one, but not another workshop’s', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		// Reading a person's notes (the note quota) waits for the gate.
		const slowNotes = (real: RecordStore): RecordStore =>
			Object.assign(Object.create(real) as RecordStore, {
				listPrivateNotes: async (workshopId: string, authorId?: string) => {
					await gate;
					return real.listPrivateNotes(workshopId, authorId);
				}
			});
		await open({ records: slowNotes });
		await w.send('facilitator', 'brainstorm.start', {});
		const { columns, agenda } = await w.control();
		const finished: string[] = [];
		const slow = w.send('sales', 'brainstorm.addNote', { column: columns[0]!.id, text: 'slow' }).then((r) => (finished.push('slow'), r));
		const next = w.send('facilitator', 'stage.set', { stageId: agenda[1]!.id }).then((r) => (finished.push('next'), r));

		const elsewhere = await w.another();
		expect(await w.intents.apply(elsewhere, { type: 'timer.start' })).toEqual(applied('timer.start'));
		// The other workshop's intent went all the way through storage; this one's are still waiting.
		expect(finished).toEqual([]);
		expect((await w.control()).currentStageId).toBe(agenda[0]!.id);

		release();
		expect(await slow).toEqual(applied('brainstorm.addNote'));
		expect(await next).toEqual(applied('stage.set'));
		expect(finished).toEqual(['slow', 'next']);
	});

	it('answers an intent whose storage read fails with 503, and runs the next one', async () => {
		await open({ records: refusing('listPrivateNotes') });
		await w.send('facilitator', 'brainstorm.start', {});
		const { columns, agenda } = await w.control();
		const [failed, next] = await Promise.allSettled([
			w.send('sales', 'brainstorm.addNote', { column: columns[0]!.id, text: 'lost' }),
			w.send('facilitator', 'stage.set', { stageId: agenda[1]!.id })
		]);
		expect(failed).toMatchObject({ status: 'fulfilled', value: { ok: false, error: { status: 503, code: 'not-read' } } });
		expect(next).toEqual({ status: 'fulfilled', value: applied('stage.set') });
		expect((await w.control()).privateRound!.count).toBe(0);
	});
});
