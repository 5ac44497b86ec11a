import { describe, expect, it } from 'vitest';
import { Outbox, backoffMs, memoryOutboxStore, verdictOf, type OutboxAction, type SendAnswer } from './fieldOutbox';

const log = (id: string, outcome: 'worked' | 'flat' = 'worked'): OutboxAction => ({ type: 'field.log', payload: { id, at: 1, uses: [{ claimId: 'c1', outcome }] } });

function setup(answers: SendAnswer[] | ((action: OutboxAction) => SendAnswer)) {
	let now = 1_000_000;
	const sent: OutboxAction[] = [];
	const store = memoryOutboxStore();
	const changes: number[] = [];
	const outbox = new Outbox({
		workshopId: 'w1',
		store,
		now: () => now,
		random: () => 0.5,
		send: async (action) => {
			sent.push(action);
			if (typeof answers === 'function') return answers(action);
			return answers.shift() ?? { status: 200 };
		},
		onChange: (waiting) => changes.push(waiting.length)
	});
	return { outbox, store, sent, changes, advance: (ms: number) => (now += ms) };
}

describe('verdictOf', () => {
	it('keeps what may go through later and drops what never will', () => {
		expect(verdictOf({ status: 200 }, 'field.log')).toBe('done');
		expect(verdictOf({ status: 0 }, 'field.log')).toBe('retry');
		expect(verdictOf({ status: 503 }, 'field.log')).toBe('retry');
		expect(verdictOf({ status: 429, code: 'slow-down' }, 'field.log')).toBe('retry');
		expect(verdictOf({ status: 409, code: 'log-locked' }, 'field.log')).toBe('refused');
		expect(verdictOf({ status: 403, code: 'not-your-log' }, 'field.log')).toBe('refused');
		expect(verdictOf({ status: 400, code: 'invalid-log' }, 'field.handoff')).toBe('refused');
		// A delete of a log the server does not hold has nothing left to do.
		expect(verdictOf({ status: 404 }, 'field.deleteLog')).toBe('done');
		expect(verdictOf({ status: 404 }, 'field.log')).toBe('refused');
	});
});

describe('backoffMs', () => {
	it('doubles from a second up to a minute', () => {
		const middle = () => 0.5;
		expect([1, 2, 3, 4].map((n) => backoffMs(n, middle))).toEqual([1000, 2000, 4000, 8000]);
		expect(backoffMs(30, middle)).toBe(60_000);
		expect(backoffMs(1, () => 0)).toBe(750);
		expect(backoffMs(1, () => 1)).toBe(1250);
	});
});

describe('Outbox', () => {
	it('removes a log once the server accepted it', async () => {
		const { outbox, store, sent } = setup([{ status: 200 }]);
		await outbox.add(log('a'));
		expect(sent).toHaveLength(1);
		expect(outbox.waiting).toEqual([]);
		expect(store.entries.size).toBe(0);
	});

	it('keeps logs made offline, in order, and sends each once when back online', async () => {
		let online = false;
		const { outbox, store, sent } = setup(() => (online ? { status: 200 } : { status: 0 }));
		await outbox.add(log('a'));
		await outbox.add(log('b'));
		await outbox.add(log('c'));
		expect(outbox.waiting.map((e) => e.logId)).toEqual(['a', 'b', 'c']);
		expect(store.entries.size).toBe(3);
		online = true;
		sent.length = 0;
		await outbox.flush(true);
		expect(sent.map((a) => a.payload.id)).toEqual(['a', 'b', 'c']);
		expect(outbox.waiting).toEqual([]);
		expect(store.entries.size).toBe(0);
	});

	it('survives a reload: a new outbox over the same store picks up what waited', async () => {
		const first = setup([{ status: 0 }]);
		await first.outbox.add(log('a'));
		const again = new Outbox({ workshopId: 'w1', store: first.store, send: async () => ({ status: 200 }) });
		await again.load();
		expect(again.waiting.map((e) => e.logId)).toEqual(['a']);
		await again.flush();
		expect(again.waiting).toEqual([]);
		// Another workshop's entries are not this page's business.
		const other = new Outbox({ workshopId: 'w2', store: first.store, send: async () => ({ status: 200 }) });
		await first.store.put({ ...first.outbox.waiting[0]!, key: 'w2:x', workshopId: 'w2', logId: 'x' });
		await other.load();
		expect(other.waiting.map((e) => e.logId)).toEqual(['x']);
	});

	it('backs off after failures and does not resend before it is due', async () => {
		const { outbox, sent, advance } = setup([{ status: 503 }, { status: 503 }, { status: 200 }]);
		await outbox.add(log('a'));
		expect(outbox.waiting[0]!.attempts).toBe(1);
		expect(outbox.nextDueIn()).toBe(1000);
		await outbox.flush();
		expect(sent).toHaveLength(1);
		advance(1000);
		await outbox.flush();
		expect(sent).toHaveLength(2);
		expect(outbox.nextDueIn()).toBe(2000);
		advance(2000);
		await outbox.flush();
		expect(outbox.waiting).toEqual([]);
	});

	it('drops a refused log and says why', async () => {
		const { outbox } = setup([{ status: 409, code: 'log-locked', message: 'This log is locked.' }]);
		await outbox.add(log('a'));
		expect(outbox.waiting).toEqual([]);
		expect(outbox.refused).toEqual([{ logId: 'a', action: 'field.log', message: 'This log is locked.' }]);
		outbox.dismissRefusals();
		expect(outbox.refused).toEqual([]);
	});

	it('an edit made offline replaces the waiting log: one entry, the latest content', async () => {
		const { outbox, sent } = setup([{ status: 0 }, { status: 0 }, { status: 200 }]);
		await outbox.add(log('a', 'worked'));
		await outbox.add(log('a', 'flat'));
		expect(outbox.waiting).toHaveLength(1);
		sent.length = 0;
		await outbox.flush(true);
		expect(sent).toEqual([log('a', 'flat')]);
	});

	it('an edit queued while the first send is in flight is sent after it, not lost', async () => {
		let release!: () => void;
		const sent: OutboxAction[] = [];
		const outbox = new Outbox({
			workshopId: 'w1',
			store: memoryOutboxStore(),
			send: async (action) => {
				sent.push(action);
				if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
				return { status: 200 };
			}
		});
		const first = outbox.add(log('a', 'worked'));
		await Promise.resolve();
		const edit = outbox.add(log('a', 'flat'));
		release();
		await first;
		await edit;
		expect(sent.map((a) => a.type === 'field.log' && a.payload.uses[0])).toEqual([
			{ claimId: 'c1', outcome: 'worked' },
			{ claimId: 'c1', outcome: 'flat' }
		]);
		expect(outbox.waiting).toEqual([]);
	});

	it('stops at the first network failure rather than trying every entry', async () => {
		const { outbox, sent } = setup(() => ({ status: 0 }));
		await outbox.add(log('a'));
		await outbox.add(log('b'));
		sent.length = 0;
		await outbox.flush(true);
		expect(sent).toHaveLength(1);
	});
});
