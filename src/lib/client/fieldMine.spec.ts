import { describe, expect, it } from 'vitest';
import type { FieldResponse } from '$lib/api';
import { myLogs, outboxLine } from './fieldMine';
import type { OutboxEntry } from './fieldOutbox';

const mine: FieldResponse['mine'] = {
	conversations: [{ id: 'a', authorId: 'p', team: 'sales', at: 100, recordedAt: 100, uses: [{ claimId: 'c1', outcome: 'worked' }], editable: true }],
	handoffs: [{ id: 'h', authorId: 'p', team: 'sales', at: 50, recordedAt: 50, fields: { f: true }, decision: 'accepted', reason: '', editable: false }]
};
const entry = (logId: string, action: OutboxEntry['action'], queuedAt = 200): OutboxEntry => ({ key: `w:${logId}`, workshopId: 'w', logId, action, queuedAt, attempts: 0, nextAttemptAt: 0 });

describe('myLogs', () => {
	it('lists the server’s logs newest first', () => {
		expect(myLogs(mine, []).map((l) => [l.id, l.kind, l.editable, l.waiting])).toEqual([
			['a', 'conversation', true, false],
			['h', 'handoff', false, false]
		]);
	});

	it('shows logs made offline, edits waiting with their new content, and hides a waiting delete', () => {
		const logs = myLogs(mine, [
			entry('new', { type: 'field.log', payload: { id: 'new', at: 300, uses: [{ claimId: 'c2', outcome: 'flat' }] } }),
			entry('a', { type: 'field.log', payload: { id: 'a', at: 100, uses: [{ claimId: 'c1', outcome: 'objection', objection: 'Price' }] } }),
			entry('h', { type: 'field.deleteLog', payload: { id: 'h' } })
		]);
		expect(logs.map((l) => [l.id, l.waiting])).toEqual([
			['new', true],
			['a', true]
		]);
		expect(logs[1]).toMatchObject({ kind: 'conversation', uses: [{ claimId: 'c1', outcome: 'objection', objection: 'Price' }] });
	});

	it('keeps a log the server accepted before the next view shows it', () => {
		const logs = myLogs(null, [], [{ action: { type: 'field.log', payload: { id: 'x', at: 5, uses: [{ claimId: 'c1', outcome: 'worked' }] } }, at: 5 }]);
		expect(logs.map((l) => [l.id, l.waiting])).toEqual([['x', false]]);
	});
});

it('outboxLine', () => {
	expect(outboxLine(0)).toBe('All sent');
	expect(outboxLine(3)).toBe('3 waiting to send');
});
