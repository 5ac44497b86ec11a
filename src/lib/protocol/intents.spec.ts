import { describe, expect, it } from 'vitest';
import { INTENT_SCHEMAS, INTENT_TYPES, isIntentType, parseIntent, type IntentType } from './intents';

/** The refusal for `payload`, or null when it parses. */
function refusal(type: IntentType, payload: unknown) {
	const parsed = parseIntent(type, payload);
	return parsed.ok ? null : parsed.problem;
}

describe('intent schemas', () => {
	it('names every intent once, and knows its own names only', () => {
		expect(INTENT_TYPES).toHaveLength(Object.keys(INTENT_SCHEMAS).length);
		expect(INTENT_TYPES).toContain('vote.cast');
		expect(isIntentType('vote.cast')).toBe(true);
		for (const bad of ['vote.cats', 'toString', '__proto__', '', 42, null]) expect(isIntentType(bad)).toBe(false);
	});

	it('accepts valid payloads and hands them on cleaned', () => {
		const valid: Array<[IntentType, unknown, unknown]> = [
			['stage.set', { stageId: 'draft' }, { stageId: 'draft' }],
			['stage.bringEveryone', {}, {}],
			['stage.bringEveryone', { view: null }, { view: null }],
			['stage.bringEveryone', { view: { x: 1, y: -2, zoom: 99 } }, { view: { x: 1, y: -2, zoom: 2.5 } }],
			['agenda.update', { stageId: 'draft', title: '  Write   it ', minutes: 5 }, { stageId: 'draft', title: 'Write it', minutes: 5 }],
			['agenda.add', { title: 'Wrap-up' }, { title: 'Wrap-up' }],
			['agenda.move', { stageId: 'draft', index: 0 }, { stageId: 'draft', index: 0 }],
			['timer.start', {}, {}],
			['timer.start', { minutes: 0.5 }, { minutes: 0.5 }],
			['timer.reset', { type: 'timer.reset', ignored: true }, {}],
			['brainstorm.addNote', { column: 'c', text: '  line one\nline two  ' }, { column: 'c', text: 'line one\nline two' }],
			['board.renameColumn', { columnId: 'c', title: ' Gains  ' }, { columnId: 'c', title: 'Gains' }],
			['vote.open', { lineId: 'headline', kind: 'dots', budget: 3, allowStacking: true, named: false }, { lineId: 'headline', kind: 'dots', budget: 3, allowStacking: true, named: false }],
			['vote.cast', { voteId: 'v', allocation: { a: 2, b: 0 } }, { voteId: 'v', allocation: { a: 2, b: 0 } }],
			['rating.open', { scenarioIds: ['s1'] }, { scenarioIds: ['s1'] }],
			['rating.cast', { roundId: 'r', scores: { c1: { believable: 4 } } }, { roundId: 'r', scores: { c1: { believable: 4 } } }],
			['version.save', { name: ' Final \n draft ' }, { name: 'Final draft' }],
			['export.setPolicy', { policy: 'everyone' }, { policy: 'everyone' }],
			['signoff.setSigners', { participantIds: ['a', 'b'] }, { participantIds: ['a', 'b'] }],
			['signoff.sign', { versionId: 'v1' }, { versionId: 'v1' }]
		];
		for (const [type, payload, cleaned] of valid) expect(parseIntent(type, payload), type).toEqual({ ok: true, value: cleaned });
	});

	it('refuses each limit with the field named, the API’s code and its message', () => {
		const refused: Array<[IntentType, unknown, string, string, string]> = [
			['stage.set', {}, 'stageId', 'unknown-stage', 'That stage does not exist.'],
			['stage.set', { stageId: 7 }, 'stageId', 'unknown-stage', 'That stage does not exist.'],
			['stage.setDone', { stageId: 'draft', done: 'yes' }, 'done', 'invalid-done', 'done must be true or false.'],
			['stage.bringEveryone', { view: { x: 1, y: Infinity, zoom: 1 } }, 'view.y', 'invalid-view', 'view must be {x, y, zoom} with finite numbers.'],
			['stage.bringEveryone', { view: 'here' }, 'view', 'invalid-view', 'view must be {x, y, zoom} with finite numbers.'],
			['agenda.update', { stageId: 'draft', title: 'x'.repeat(41) }, 'title', 'invalid-agenda', 'A stage title has 1 to 40 characters.'],
			['agenda.update', { stageId: 'draft', title: '   ' }, 'title', 'invalid-agenda', 'A stage title has 1 to 40 characters.'],
			['agenda.update', { stageId: 'draft', minutes: 241 }, 'minutes', 'invalid-agenda', 'Minutes must be a whole number from 1 to 240.'],
			['agenda.update', { stageId: 'draft', minutes: 1.5 }, 'minutes', 'invalid-agenda', 'Minutes must be a whole number from 1 to 240.'],
			['agenda.update', { stageId: 'draft', instruction: 'x'.repeat(201) }, 'instruction', 'invalid-agenda', 'An instruction has at most 200 characters.'],
			['agenda.update', { stageId: 'draft', skipped: 'no' }, 'skipped', 'invalid-agenda', 'Skipped must be true or false.'],
			['agenda.move', { stageId: 'draft', index: 1.5 }, 'index', 'invalid-agenda', 'The position must be a whole number.'],
			['agenda.move', { stageId: 'draft', index: '2' }, 'index', 'invalid-agenda', 'The position must be a whole number.'],
			['agenda.add', {}, 'title', 'invalid-agenda', 'A stage needs a title.'],
			['agenda.add', { title: 5 }, 'title', 'invalid-agenda', 'A stage title has 1 to 40 characters.'],
			['timer.start', { minutes: 0 }, 'minutes', 'invalid-minutes', 'Minutes must be between 0 and 240.'],
			['timer.start', { minutes: 241 }, 'minutes', 'invalid-minutes', 'Minutes must be between 0 and 240.'],
			['timer.start', { minutes: null }, 'minutes', 'invalid-minutes', 'Minutes must be between 0 and 240.'],
			['room.freeze', {}, 'frozen', 'invalid-frozen', 'frozen must be true or false.'],
			['brainstorm.addNote', { column: 'c', text: '  ' }, 'text', 'invalid-text', 'A note has 1 to 2000 characters.'],
			['brainstorm.addNote', { column: 'c', text: 'x'.repeat(2001) }, 'text', 'invalid-text', 'A note has 1 to 2000 characters.'],
			['brainstorm.addNote', { text: 'hi' }, 'column', 'unknown-column', 'That column does not exist.'],
			['participant.readmit', {}, 'participantId', 'unknown-participant', 'That person was not removed from this workshop.'],
			['board.renameColumn', { columnId: 'c', title: 'x'.repeat(41) }, 'title', 'invalid-title', 'A column title has 1 to 40 characters.'],
			['vote.open', { lineId: 3 }, 'lineId', 'unknown-line', 'That line is not in the proposition.'],
			['vote.open', { lineId: 'headline', kind: 'ranked' }, 'kind', 'invalid-vote', 'The vote kind is dots or single.'],
			['vote.open', { lineId: 'headline', budget: 11 }, 'budget', 'invalid-vote', 'A budget is 1 to 10 dots.'],
			['vote.open', { lineId: 'headline', named: 'yes' }, 'named', 'invalid-vote', 'named must be true or false.'],
			['vote.cast', { voteId: 'v', allocation: [1] }, 'allocation', 'invalid-ballot', 'A ballot maps option ids to dots.'],
			['vote.cast', { voteId: 'v', allocation: null }, 'allocation', 'invalid-ballot', 'A ballot maps option ids to dots.'],
			['rating.cast', { roundId: 'r', scores: { c1: [4] } }, 'scores.c1', 'invalid-scores', 'Scores map criteria to 1–5.'],
			['vote.cast', { voteId: 'v', allocation: { a: -1 } }, 'allocation.a', 'invalid-ballot', 'Dots are whole numbers from 0.'],
			['vote.cast', { voteId: 'v', allocation: { a: 0.5 } }, 'allocation.a', 'invalid-ballot', 'Dots are whole numbers from 0.'],
			['vote.cast', { allocation: { a: 1 } }, 'voteId', 'unknown-vote', 'That vote does not exist.'],
			['vote.adopt', { voteId: 'v' }, 'optionId', 'unknown-option', 'That option is not on this vote.'],
			['rating.open', { claimIds: 'c1' }, 'claimIds', 'invalid-claims', 'claimIds must be a list of claim ids.'],
			['rating.cast', { roundId: 'r', scores: 'all fives' }, 'scores', 'invalid-scores', 'Scores map claim ids to criteria.'],
			['rating.cast', { roundId: 'r', scores: { c1: 5 } }, 'scores.c1', 'invalid-scores', 'Scores map criteria to 1–5.'],
			['rating.cast', { roundId: 'r', scores: { c1: { believable: 6 } } }, 'scores.c1.believable', 'invalid-scores', 'Scores are whole numbers from 1 to 5.'],
			['rating.sendBack', { roundId: 'r' }, 'claimId', 'unknown-claim', 'That claim is not in this round.'],
			['version.save', { name: '' }, 'name', 'invalid-name', 'A version name has 1 to 80 characters.'],
			['version.save', { name: 'x'.repeat(81) }, 'name', 'invalid-name', 'A version name has 1 to 80 characters.'],
			['export.setPolicy', { policy: 'anyone' }, 'policy', 'invalid-policy', 'Choose one of: leaders, participants, everyone.'],
			['signoff.setSigners', { participantIds: 'a' }, 'participantIds', 'invalid-signers', 'Name up to 10 signers.'],
			['signoff.setSigners', { participantIds: Array.from({ length: 11 }, (_, i) => `p${i}`) }, 'participantIds', 'invalid-signers', 'Name up to 10 signers.'],
			['signoff.setSigners', { participantIds: ['a', 7] }, 'participantIds.1', 'unknown-participant', 'Signers must be people in this workshop (not observers).'],
			['signoff.sign', {}, 'versionId', 'unknown-version', 'That version does not exist.']
		];
		for (const [type, payload, field, code, message] of refused) {
			expect(refusal(type, payload), `${type} ${JSON.stringify(payload).slice(0, 60)}`).toEqual({ field, code, message });
		}
	});

	it('refuses a payload that is not an object', () => {
		// The server hands on the body's fields as an object; this is the browser or a test calling directly.
		expect(refusal('timer.reset', 'now')).toMatchObject({ code: 'invalid-payload' });
	});

	it('codes a shared field per intent: one intent’s code never leaks into another’s', () => {
		// stageId is "unknown-stage" on its own, "invalid-agenda" inside an agenda change.
		expect(refusal('stage.set', {})?.code).toBe('unknown-stage');
		expect(refusal('agenda.update', {})?.code).toBe('invalid-agenda');
	});
});
