import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import type { VoteState } from '$lib/doc/schema';
import { WORKSHOP_ID, connect, network, renderStage } from '../../../test/support/component';
import VotePanel from './VotePanel.svelte';

function openVote(overrides: Partial<VoteState> = {}): VoteState {
	return {
		id: 'v1',
		lineId: 'promise',
		lineLabel: 'Promise',
		kind: 'dots',
		budget: 3,
		allowStacking: false,
		named: false,
		status: 'open',
		options: [
			{ id: 'o1', text: 'Fewer empty miles', authorTeam: 'sales' },
			{ id: 'o2', text: 'Fleet uptime you can plan', authorTeam: 'marketing' },
			{ id: 'o3', text: 'One view of every truck', authorTeam: 'sales' },
			{ id: 'o4', text: 'Current wording', authorTeam: null }
		],
		voters: 0,
		openedAt: 1,
		results: null,
		ballots: null,
		adopted: null,
		...overrides
	};
}

const give = (n: number) => screen.getByRole('button', { name: `Give a dot to option ${n}` });
const take = (n: number) => screen.getByRole('button', { name: `Take a dot from option ${n}` });
const submit = () => screen.getByRole('button', { name: /my ballot/ });

describe('VotePanel', () => {
	it('spends dots only within the budget, one per option when stacking is off', async () => {
		network();
		const { user } = renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote() });
		await user.click(give(1));
		expect(give(1)).toBeDisabled();
		await user.click(give(2));
		await user.click(give(3));
		expect(screen.getByText('0 of 3 dots left')).toBeInTheDocument();
		expect(give(4)).toBeDisabled();
		await user.click(take(2));
		expect(screen.getByText('1 of 3 dots left')).toBeInTheDocument();
		expect(give(4)).toBeEnabled();
	});

	it('lets dots stack on one option when the vote allows it, and takes them back', async () => {
		network();
		const { user } = renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote({ allowStacking: true }) });
		await user.click(give(2));
		await user.click(give(2));
		await user.click(give(2));
		expect(screen.getByLabelText('3 dots on option 2')).toHaveTextContent('●●●');
		expect(give(1)).toBeDisabled();
		await user.click(take(2));
		expect(screen.getByLabelText('2 dots on option 2')).toBeInTheDocument();
		expect(take(1)).toBeDisabled();
	});

	it("shows the domain's objection to an empty ballot and sends vote.cast with the allocation", async () => {
		const net = network();
		const { user } = renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote() });
		expect(submit()).toBeDisabled();
		expect(submit()).toHaveAttribute('title', 'A ballot gives at least one dot.');
		await user.click(give(1));
		await user.click(give(3));
		await user.click(submit());
		expect(net.sent('vote.cast')).toEqual([{ voteId: 'v1', allocation: { o1: 1, o3: 1 } }]);
		expect(await screen.findByText(/Your ballot is in/)).toBeInTheDocument();
		expect(submit()).toHaveTextContent('Update my ballot');
	});

	it('sends one choice on a single-choice vote, the last one picked', async () => {
		const net = network();
		const { user } = renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote({ kind: 'single', budget: 1 }) });
		expect(screen.queryByRole('button', { name: /Give a dot/ })).toBeNull();
		// A single choice speaks of choosing, not of dots.
		expect(submit()).toHaveAttribute('title', 'Choose an option.');
		expect(screen.getByRole('region', { name: /vote/i }).textContent).not.toMatch(/\bdots?\b/);
		await user.click(screen.getByRole('radio', { name: /option 2/ }));
		await user.click(screen.getByRole('radio', { name: /option 4/ }));
		await user.click(submit());
		expect(net.sent('vote.cast')).toEqual([{ voteId: 'v1', allocation: { o4: 1 } }]);
	});

	it('shows my earlier ballot again when I come back to an open vote', async () => {
		const net = network();
		net.answers.set(`/api/workshops/${WORKSHOP_ID}/votes/v1/ballot`, { allocation: { o2: 1, o3: 1 } });
		renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote() });
		expect(await screen.findByLabelText('1 dots on option 2')).toBeInTheDocument();
		expect(screen.getByText('1 of 3 dots left')).toBeInTheDocument();
		expect(submit()).toHaveTextContent('Update my ballot');
	});

	it("shows the server's refusal and does not claim the ballot is in", async () => {
		const net = network();
		net.refuse('vote.cast', 'The vote is closed.');
		const { user } = renderStage(connect(), VotePanel, { lineId: 'promise', vote: openVote() });
		await user.click(give(1));
		await user.click(submit());
		expect(await screen.findByRole('alert')).toHaveTextContent('The vote is closed.');
		expect(screen.queryByText(/Your ballot is in/)).toBeNull();
	});

	it('lets the facilitator open a vote with the settings chosen', async () => {
		const net = network();
		const { user } = renderStage(connect({ role: 'facilitator' }), VotePanel, { lineId: 'promise', vote: undefined });
		const budget = screen.getByRole('spinbutton', { name: /Dots each/ });
		await user.clear(budget);
		await user.type(budget, '5');
		await user.click(screen.getByRole('checkbox', { name: /Several dots on one option/ }));
		await user.click(screen.getByRole('checkbox', { name: /Named vote/ }));
		await user.click(screen.getByRole('button', { name: 'Open the vote' }));
		expect(net.sent('vote.open')).toEqual([{ lineId: 'promise', kind: 'dots', budget: 5, allowStacking: true, named: true }]);
	});

	it('shows an observer the options without a ballot, and a participant no facilitator controls', () => {
		network();
		renderStage(connect({ role: 'observer' }), VotePanel, { lineId: 'promise', vote: openVote() });
		const list = screen.getByRole('list');
		expect(within(list).getByText(/Fewer empty miles/)).toBeInTheDocument();
		expect(screen.queryByRole('button', { name: /my ballot/ })).toBeNull();
		expect(screen.queryByRole('button', { name: 'Reveal results' })).toBeNull();
	});
});
