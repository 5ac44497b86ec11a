import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import { controlWriters, type BreakoutRound, type GroupVersion, type VoteState } from '$lib/doc/schema';
import { connect, network, renderStage } from '../../../../test/support/component';
import Comparison from './Comparison.svelte';

const version = (groupId: string, groupName: string, headline: string): GroupVersion => ({
	groupId,
	groupName,
	lines: [
		{ lineId: 'headline', label: 'Headline', text: headline },
		{ lineId: 'oneLiner', label: 'One-liner', text: 'Uptime, guaranteed' }
	],
	balance: [
		{ team: 'sales', chars: 30 },
		{ team: 'marketing', chars: 10 }
	]
});

const revealed: BreakoutRound = {
	id: 'r1',
	status: 'revealed',
	mix: 'mixed',
	startFrom: 'current',
	groups: [
		{ id: 'g1', name: 'Group 1', memberIds: ['s1'] },
		{ id: 'g2', name: 'Group 2', memberIds: ['s2'] },
		{ id: 'g3', name: 'Group 3', memberIds: ['s3'] }
	],
	createdAt: 1,
	startedAt: 2,
	endsAt: 3,
	oneMinuteAt: null,
	message: null,
	progress: {},
	versions: [version('g1', 'Group 1', 'Every truck back on the road'), version('g2', 'Group 2', 'Breakdowns fixed overnight'), version('g3', 'Group 3', 'Every truck back on the road')],
	adoptions: []
};

describe('Comparison', () => {
	it('shows the versions line by line, one identical wording once with all its groups, and each version’s balance', () => {
		network();
		const connection = connect();
		controlWriters.putBreakout(connection.control, revealed);
		renderStage(connection, Comparison, { round: revealed });
		const headline = document.querySelector<HTMLElement>('[data-compare-line="headline"]')!;
		expect(within(headline).getAllByText('Every truck back on the road')).toHaveLength(1);
		expect(headline).toHaveTextContent('Group 1, Group 3');
		expect(headline).toHaveTextContent('Breakdowns fixed overnight');
		expect(screen.getAllByTestId('balance')).toHaveLength(3);
		// A participant compares; only the facilitator votes on a line or adopts.
		expect(screen.queryByRole('button', { name: 'Vote on this line' })).toBeNull();
		expect(screen.queryByRole('button', { name: /Take this wording/ })).toBeNull();
	});

	it('lets the facilitator vote on a line, take one wording, and adopt a whole version after confirming', async () => {
		const net = network();
		const connection = connect({ id: 'p-fac', role: 'facilitator', team: null });
		controlWriters.putBreakout(connection.control, revealed);
		const { user } = renderStage(connection, Comparison, { round: revealed });
		const headline = document.querySelector<HTMLElement>('[data-compare-line="headline"]')!;
		await user.click(within(headline).getByRole('button', { name: 'Vote on this line' }));
		expect(net.sent('breakout.voteLine')).toEqual([{ lineId: 'headline' }]);
		// One wording everywhere: nothing to vote on.
		const oneLiner = document.querySelector<HTMLElement>('[data-compare-line="oneLiner"]')!;
		expect(within(oneLiner).queryByRole('button', { name: 'Vote on this line' })).toBeNull();

		await user.click(within(headline).getByRole('button', { name: /Take this wording from Group 2/ }));
		expect(net.sent('breakout.adoptLine')).toEqual([{ groupId: 'g2', lineId: 'headline' }]);

		await user.click(screen.getByRole('button', { name: 'Adopt this whole version of Group 2' }));
		expect(net.sent('breakout.adoptVersion')).toEqual([]);
		await user.click(screen.getByRole('button', { name: 'Adopt it' }));
		expect(net.sent('breakout.adoptVersion')).toEqual([{ groupId: 'g2' }]);
	});

	it('puts the vote opened from the versions right under its line, with the groups’ names on the options', () => {
		network();
		const connection = connect();
		controlWriters.putBreakout(connection.control, revealed);
		const vote: VoteState = {
			id: 'v1',
			lineId: 'headline',
			lineLabel: 'Headline',
			kind: 'single',
			budget: 1,
			allowStacking: false,
			named: false,
			status: 'open',
			options: [
				{ id: 'o1', text: 'Every truck back on the road', authorTeam: null, groups: [{ id: 'g1', name: 'Group 1' }, { id: 'g3', name: 'Group 3' }] },
				{ id: 'o2', text: 'Breakdowns fixed overnight', authorTeam: null, groups: [{ id: 'g2', name: 'Group 2' }] }
			],
			openedAt: 1,
			voters: 0,
			results: null,
			ballots: null,
			adopted: null,
			breakoutId: 'r1'
		};
		controlWriters.putVote(connection.control, vote);
		renderStage(connection, Comparison, { round: revealed });
		const headline = document.querySelector<HTMLElement>('[data-compare-line="headline"]')!;
		const options = within(headline).getAllByTestId('option-groups');
		expect(options.map((o) => o.textContent)).toEqual(['Group 1, Group 3', 'Group 2']);
	});
});
