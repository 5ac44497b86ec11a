import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import { controlWriters, type BreakoutRound, type ParticipantInfo } from '$lib/doc/schema';
import type { Team } from '$lib/domain/teams';
import { connect, network, renderStage } from '../../../../test/support/component';
import BreakoutDraft from './BreakoutDraft.svelte';

const person = (id: string, name: string, team: Team): ParticipantInfo => ({ id, name, team, role: 'participant', joinedAt: 1 });
const now = Date.now();
const base: BreakoutRound = {
	id: 'r1',
	status: 'drafting',
	mix: 'mixed',
	startFrom: 'current',
	groups: [
		{ id: 'g1', name: 'Group 1', memberIds: ['p-me', 'm1'] },
		{ id: 'g2', name: 'Group 2', memberIds: ['s2', 'm2'] }
	],
	createdAt: 1,
	startedAt: now,
	endsAt: now + 10 * 60_000,
	oneMinuteAt: null,
	message: null,
	progress: {},
	versions: null,
	adoptions: []
};

function participant() {
	network();
	const connection = connect();
	for (const p of [person('p-me', 'Sam', 'sales'), person('m1', 'Elif', 'marketing'), person('s2', 'Björn', 'sales'), person('m2', 'Farid', 'marketing')]) {
		controlWriters.upsertParticipant(connection.control, p);
	}
	return connection;
}

describe('BreakoutDraft', () => {
	it('shows a member their group’s draft with its members, the minute warning and the facilitator’s message', async () => {
		const connection = participant();
		controlWriters.putBreakout(connection.control, base);
		renderStage(connection, BreakoutDraft, { editable: true });
		const banner = await screen.findByTestId('group-banner');
		expect(within(banner).getByRole('heading')).toHaveTextContent('You are in Group 1');
		expect(within(banner).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([expect.stringContaining('Sam'), expect.stringContaining('Elif')]);
		expect(screen.getByTestId('group-draft')).toHaveAttribute('data-group', 'g1');
		expect(screen.queryByTestId('breakout-panel')).toBeNull();

		controlWriters.putBreakout(connection.control, { ...base, oneMinuteAt: now, message: { text: 'Pick one headline', at: now } });
		expect(await within(banner).findByText('One minute left')).toBeInTheDocument();
		expect(within(banner).getByText(/Pick one headline/)).toBeInTheDocument();
	});

	it('switches to the new group’s document without a reload when the member is moved', async () => {
		const connection = participant();
		controlWriters.putBreakout(connection.control, base);
		renderStage(connection, BreakoutDraft, { editable: true });
		expect(await screen.findByTestId('group-draft')).toHaveAttribute('data-group', 'g1');
		controlWriters.putBreakout(connection.control, {
			...base,
			groups: [
				{ id: 'g1', name: 'Group 1', memberIds: ['m1'] },
				{ id: 'g2', name: 'Group 2', memberIds: ['s2', 'm2', 'p-me'] }
			]
		});
		await expect.poll(() => screen.getByTestId('group-draft').getAttribute('data-group')).toBe('g2');
		expect(screen.getByTestId('group-banner')).toHaveTextContent('You are in Group 2');
	});

	it('says the group waits for the reveal once writing has ended, and shows the comparison to everyone after it', async () => {
		const connection = participant();
		controlWriters.putBreakout(connection.control, { ...base, status: 'ended' });
		renderStage(connection, BreakoutDraft, { editable: true });
		expect(await screen.findByText(/Waiting for the reveal/)).toBeInTheDocument();

		controlWriters.putBreakout(connection.control, {
			...base,
			status: 'revealed',
			versions: [
				{ groupId: 'g1', groupName: 'Group 1', lines: [{ lineId: 'headline', label: 'Headline', text: 'Trucks back on the road' }], balance: [] },
				{ groupId: 'g2', groupName: 'Group 2', lines: [{ lineId: 'headline', label: 'Headline', text: 'Breakdowns fixed overnight' }], balance: [] }
			]
		});
		const comparison = await screen.findByTestId('comparison');
		expect(comparison).toHaveTextContent('Trucks back on the road');
		expect(comparison).toHaveTextContent('Breakdowns fixed overnight');
		expect(screen.queryByTestId('group-draft')).toBeNull();
	});
});
