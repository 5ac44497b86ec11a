import { describe, expect, it } from 'vitest';
import { conversationPayload, handoffPayload, handoffProblem, picksOf, shortClaim, suggestions, tap } from './logForm';
import { readConversationLog } from '$lib/domain/fieldLogs';

describe('tap', () => {
	it('picks an outcome, switches it, and a second tap on the same one takes the claim out', () => {
		let picks = tap({}, 'c1', 'worked');
		expect(picks).toEqual({ c1: 'worked' });
		picks = tap(picks, 'c1', 'flat');
		expect(picks).toEqual({ c1: 'flat' });
		expect(tap(picks, 'c1', 'flat')).toEqual({});
	});

	it('a typical log (two claims, one worked, one fell flat) is two taps before "Log conversation"', () => {
		const picks = tap(tap({}, 'c2', 'flat'), 'c1', 'worked');
		const payload = conversationPayload('id-1', 5, ['c1', 'c2', 'c3'], picks, {}, null);
		expect(payload.uses).toEqual([
			{ claimId: 'c1', outcome: 'worked' },
			{ claimId: 'c2', outcome: 'flat' }
		]);
	});
});

describe('conversationPayload', () => {
	it('keeps an objection only where one was met, cleaned to one line, and the server reader accepts it', () => {
		const payload = conversationPayload('id-1', 1000, ['c1', 'c2'], { c1: 'objection', c2: 'worked' }, { c1: '  Too\nexpensive\u202e ', c2: 'typed then switched' }, 'demo');
		expect(payload.uses).toEqual([
			{ claimId: 'c1', outcome: 'objection', objection: 'Too expensive' },
			{ claimId: 'c2', outcome: 'worked' }
		]);
		const read = readConversationLog(payload, ['c1', 'c2'], { author: { id: 'p', team: 'sales' }, now: 1000 });
		expect(read.ok).toBe(true);
	});

	it('round-trips through picksOf for editing', () => {
		const payload = conversationPayload('id-1', 1, ['c1', 'c2'], { c1: 'objection', c2: 'flat' }, { c1: 'No budget' }, null);
		expect(picksOf(payload.uses as never)).toEqual({ picks: { c1: 'objection', c2: 'flat' }, objections: { c1: 'No budget' } });
	});
});

describe('suggestions', () => {
	const claim = { objections: ['Too expensive', 'We already have a vendor', 'Not now', 'Security review'].map((text, i) => ({ text, count: 10 - i, wordings: 1 })) };
	it('offers the most heard objections, filtered by what is typed', () => {
		expect(suggestions(claim, '')).toEqual(['Too expensive', 'We already have a vendor', 'Not now']);
		expect(suggestions(claim, 'VEND')).toEqual(['We already have a vendor']);
		expect(suggestions(claim, 'Too expensive')).toEqual([]);
		expect(suggestions(undefined, '')).toEqual([]);
	});
});

describe('lead hand-off', () => {
	it('needs a decision, and a reason when returned', () => {
		expect(handoffProblem(null, '')).toMatch(/accepted the lead or returned/);
		expect(handoffProblem('returned', '  ')).toBe('Say why the lead is returned.');
		expect(handoffProblem('returned', 'No budget')).toBeNull();
		expect(handoffProblem('accepted', '')).toBeNull();
	});

	it('answers every required field (unanswered is missing)', () => {
		expect(handoffPayload('h1', 1, ['budget', 'owner'], { budget: true }, 'accepted', '')).toEqual({ id: 'h1', at: 1, fields: { budget: true, owner: false }, decision: 'accepted', reason: null });
	});
});

it('shortClaim cuts long claims on one line', () => {
	expect(shortClaim('Short\nclaim')).toBe('Short claim');
	expect(shortClaim('x'.repeat(200), 20)).toHaveLength(20);
});
