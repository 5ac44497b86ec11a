import { describe, expect, it } from 'vitest';
import { leadQuality, requiredLeadFields } from './leadQuality';
import type { HandoffLog } from './fieldLogs';

const fields = [
	{ id: 'budget', label: 'Budget confirmed' },
	{ id: 'timeline', label: 'Timeline' },
	{ id: 'owner', label: 'Decision maker named' }
];
let n = 0;
function lead(present: string[], decision: 'accepted' | 'returned' = 'accepted', reason = ''): HandoffLog {
	return { id: `h${n++}`, authorId: 'm1', team: 'marketing', at: 0, recordedAt: 0, fields: Object.fromEntries(fields.map((f) => [f.id, present.includes(f.id)])), decision, reason };
}

describe('lead quality', () => {
	const logs = [
		lead(['budget', 'timeline', 'owner']),
		lead(['budget', 'timeline', 'owner']),
		lead(['budget', 'owner']),
		lead(['budget'], 'returned', 'No timeline, no owner'),
		lead([], 'returned', 'no timeline, no owner!'),
		lead(['timeline', 'owner'], 'returned', 'Student, not a buyer')
	];

	it('gives the share of leads that met the agreed definition', () => {
		expect(leadQuality(fields, logs)).toMatchObject({ leads: 6, metDefinition: 2, metShare: 2 / 6, accepted: 3, returned: 3 });
	});

	it('lists the fields most often missing first', () => {
		// A tie keeps the agreement's order.
		expect(leadQuality(fields, logs).missing).toEqual([
			{ fieldId: 'timeline', label: 'Timeline', count: 3, share: 0.5 },
			{ fieldId: 'budget', label: 'Budget confirmed', count: 2, share: 2 / 6 },
			{ fieldId: 'owner', label: 'Decision maker named', count: 2, share: 2 / 6 }
		]);
	});

	it('groups the reasons leads were returned', () => {
		expect(leadQuality(fields, logs).returnReasons).toEqual([
			{ text: 'No timeline, no owner', count: 2, wordings: 2 },
			{ text: 'Student, not a buyer', count: 1, wordings: 1 }
		]);
	});

	it('counts a resent or edited log once, and a field a log does not mention as missing', () => {
		const first = lead(['budget', 'timeline', 'owner']);
		const r = leadQuality(fields, [first, first, { ...first, fields: { budget: true } }]);
		expect(r).toMatchObject({ leads: 1, metDefinition: 0, missing: [{ fieldId: 'timeline' }, { fieldId: 'owner' }] });
	});

	it('is total', () => {
		expect(leadQuality([], [])).toEqual({ leads: 0, metDefinition: 0, metShare: null, accepted: 0, returned: 0, missing: [], returnReasons: [] });
		const junk = [null, { id: 'x', authorId: 'y', fields: 'no', decision: 'maybe', reason: 5 }] as unknown as HandoffLog[];
		expect(leadQuality(fields, junk)).toMatchObject({ leads: 1, metDefinition: 0, accepted: 0, returned: 0 });
	});

	it('takes the required fields of the agreement, named', () => {
		expect(
			requiredLeadFields([
				{ id: 'a', field: ' Budget ', status: 'required' },
				{ id: 'b', field: 'Colour', status: 'optional' },
				{ id: 'c', field: '', status: 'required' },
				{ id: 'd', field: 'Timeline', status: 'proposed' }
			])
		).toEqual([{ id: 'a', label: 'Budget' }]);
	});
});
