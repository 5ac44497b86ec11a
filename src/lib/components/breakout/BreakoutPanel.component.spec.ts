import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import { controlWriters, type BreakoutRound, type ParticipantInfo } from '$lib/doc/schema';
import type { Team } from '$lib/domain/teams';
import { connect, network, renderStage } from '../../../../test/support/component';
import BreakoutPanel from './BreakoutPanel.svelte';

const person = (id: string, name: string, team: Team): ParticipantInfo => ({ id, name, team, role: 'participant', joinedAt: 1 });
const PEOPLE = [person('s1', 'Anna', 'sales'), person('m1', 'Elif', 'marketing'), person('s2', 'Björn', 'sales'), person('s3', 'Dev', 'sales')];

function round(status: BreakoutRound['status'], groups: BreakoutRound['groups']): BreakoutRound {
	return {
		id: 'r1',
		status,
		mix: 'mixed',
		startFrom: 'current',
		groups,
		createdAt: 1,
		startedAt: status === 'forming' ? null : Date.now(),
		endsAt: status === 'forming' ? null : Date.now() + 600_000,
		oneMinuteAt: null,
		message: null,
		progress: status === 'forming' ? {} : { g1: { lines: 2, chars: 80 } },
		versions: null,
		adoptions: []
	};
}

function facilitator() {
	const connection = connect({ id: 'p-fac', name: 'Carla', role: 'facilitator', team: null });
	controlWriters.setCurrentStage(connection.control, 'draft');
	for (const p of PEOPLE) controlWriters.upsertParticipant(connection.control, p);
	return connection;
}

describe('BreakoutPanel', () => {
	it('opens a round by number of groups with the mix and starting point chosen', async () => {
		const net = network();
		const connection = facilitator();
		const { user } = renderStage(connection, BreakoutPanel, { round: null, visiting: null, onvisit: () => {} });
		await user.click(screen.getByRole('button', { name: 'Split into groups…' }));
		await user.click(screen.getByRole('radio', { name: 'Number of groups' }));
		const count = screen.getByLabelText('How many groups');
		await user.clear(count);
		await user.type(count, '3');
		await user.click(screen.getByRole('button', { name: 'Form groups' }));
		expect(net.sent('breakout.open')).toEqual([{ groupCount: 3, mix: 'mixed', startFrom: 'current' }]);
		expect(net.intents.map((i) => i.type)).toEqual(['breakout.open']);
	});

	// Root cause: the server opens rounds on the Draft stage only, and a facilitator looking at Draft
	// while the room was still on Frame got "Open breakout groups on the Draft stage." and no groups.
	it('moves the room to the Draft stage first when it is elsewhere, and says so', async () => {
		const net = network();
		const connection = facilitator();
		controlWriters.setCurrentStage(connection.control, 'frame');
		const { user } = renderStage(connection, BreakoutPanel, { round: null, visiting: null, onvisit: () => {} });
		await user.click(screen.getByRole('button', { name: 'Split into groups…' }));
		expect(screen.getByText('Forming groups moves the room to the Draft stage.')).toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'Form groups' }));
		expect(net.intents.map((i) => i.type)).toEqual(['stage.set', 'breakout.open']);
		expect(net.sent('stage.set')).toEqual([{ stageId: 'draft' }]);
	});

	it('shows each group’s team counts, warns of a group with one team only, and moves a person by keyboard with an announcement', async () => {
		const net = network();
		const connection = facilitator();
		const forming = round('forming', [
			{ id: 'g1', name: 'Group 1', memberIds: ['s1', 'm1'] },
			{ id: 'g2', name: 'Group 2', memberIds: ['s2', 's3'] }
		]);
		const { user } = renderStage(connection, BreakoutPanel, { round: forming, visiting: null, onvisit: () => {} });
		const [first, second] = screen.getAllByRole('listitem').filter((el) => el.hasAttribute('data-group-column'));
		expect(first).toHaveTextContent('1 S');
		expect(first).toHaveTextContent('1 M');
		expect(within(first!).queryByText('One team only')).toBeNull();
		expect(within(second!).getByText('One team only')).toBeInTheDocument();

		within(first!).getByRole('button', { name: /Elif/ }).focus();
		await user.keyboard('{ArrowRight}');
		expect(net.sent('breakout.move')).toEqual([{ participantId: 'm1', groupId: 'g2' }]);
		expect(await screen.findByText('Elif moved to Group 2.')).toBeInTheDocument();
		// ← from the first group goes nowhere.
		within(first!).getByRole('button', { name: /Anna/ }).focus();
		await user.keyboard('{ArrowLeft}');
		expect(net.sent('breakout.move')).toHaveLength(1);
	});

	it('moves a person from their menu and renames a group inline', async () => {
		const net = network();
		const connection = facilitator();
		const forming = round('forming', [
			{ id: 'g1', name: 'Group 1', memberIds: ['s1', 'm1'] },
			{ id: 'g2', name: 'Group 2', memberIds: ['s2', 's3'] }
		]);
		const { user } = renderStage(connection, BreakoutPanel, { round: forming, visiting: null, onvisit: () => {} });
		await user.click(screen.getByRole('button', { name: /Björn/ }));
		await user.click(screen.getByRole('menuitem', { name: 'Move to Group 1' }));
		expect(net.sent('breakout.move')).toEqual([{ participantId: 's2', groupId: 'g1' }]);

		await user.click(screen.getByRole('button', { name: 'Rename Group 2' }));
		const name = screen.getByLabelText('Name of Group 2');
		await user.clear(name);
		await user.type(name, 'Fleet owners{Enter}');
		expect(net.sent('breakout.rename')).toEqual([{ groupId: 'g2', name: 'Fleet owners' }]);
	});

	it('runs the round: progress per group, visit, message, extend, end and reveal', async () => {
		const net = network();
		const connection = facilitator();
		const visits: (string | null)[] = [];
		const drafting = round('drafting', [
			{ id: 'g1', name: 'Group 1', memberIds: ['s1', 'm1'] },
			{ id: 'g2', name: 'Group 2', memberIds: ['s2', 's3'] }
		]);
		const { user } = renderStage(connection, BreakoutPanel, { round: drafting, visiting: null, onvisit: (id: string | null) => visits.push(id) });
		const progress = screen.getAllByTestId('group-progress');
		expect(progress[0]).toHaveTextContent('2 lines · 80 characters');
		expect(progress[1]).toHaveTextContent('Nothing written yet');

		await user.click(screen.getByRole('button', { name: 'Visit Group 2' }));
		expect(visits).toEqual(['g2']);
		await user.type(screen.getByLabelText('Message to all groups'), 'Five minutes to go: pick one headline');
		await user.click(screen.getByRole('button', { name: 'Send' }));
		await user.click(screen.getByRole('button', { name: '+5 min' }));
		await user.click(screen.getByRole('button', { name: 'End writing' }));
		await user.click(screen.getByRole('button', { name: 'Reveal the versions' }));
		expect(net.intents.map((i) => i.type)).toEqual(['breakout.message', 'breakout.extend', 'breakout.end', 'breakout.reveal']);
		expect(net.sent('breakout.message')).toEqual([{ text: 'Five minutes to go: pick one headline' }]);
		expect(net.sent('breakout.extend')).toEqual([{ minutes: 5 }]);
	});

	it('says why the server refused', async () => {
		const net = network();
		net.refuse('breakout.start', 'Nobody is in a group yet.');
		const connection = facilitator();
		const forming = round('forming', [{ id: 'g1', name: 'Group 1', memberIds: [] }]);
		const { user } = renderStage(connection, BreakoutPanel, { round: forming, visiting: null, onvisit: () => {} });
		await user.click(screen.getByRole('button', { name: 'Start drafting' }));
		expect(await screen.findByRole('alert')).toHaveTextContent('Nobody is in a group yet.');
		expect(net.sent('breakout.start')).toEqual([{ minutes: 15 }]);
	});
});
