import { describe, expect, it } from 'vitest';
import type { BreakoutAdoption, BreakoutRound } from '$lib/doc/schema';
import { lineOrigins } from './origins';

const round = (id: string, adoptions: BreakoutAdoption[]): BreakoutRound => ({
	id,
	status: 'revealed',
	mix: 'mixed',
	startFrom: 'current',
	groups: [
		{ id: 'g1', name: 'Group 1', memberIds: [] },
		{ id: 'g2', name: 'Tigers', memberIds: [] },
		{ id: 'g3', name: 'Group 3', memberIds: [] }
	],
	createdAt: 0,
	startedAt: 0,
	endsAt: 0,
	oneMinuteAt: null,
	message: null,
	progress: {},
	versions: null,
	adoptions
});
const adoption = (lineId: string, source: 'vote' | 'group', groupIds: string[], at: number): BreakoutAdoption => ({
	lineId,
	lineLabel: lineId,
	source,
	groupIds,
	voteId: source === 'vote' ? 'v1' : null,
	text: 'x',
	at
});

describe('lineOrigins', () => {
	it('names the groups a voted line came from, and the one group a taken line came from', () => {
		const origins = lineOrigins([round('r1', [adoption('headline', 'vote', ['g1', 'g3'], 1), adoption('claim-a', 'group', ['g2'], 2)])]);
		expect(origins.get('headline')).toBe('Voted from Group 1, Group 3');
		expect(origins.get('claim-a')).toBe('From Tigers');
		expect(origins.has('oneLiner')).toBe(false);
	});

	it('keeps the latest adoption of a line across rounds', () => {
		const origins = lineOrigins([round('r1', [adoption('headline', 'group', ['g1'], 5)]), round('r2', [adoption('headline', 'vote', ['g2'], 9)])]);
		expect(origins.get('headline')).toBe('Voted from Tigers');
	});
});
