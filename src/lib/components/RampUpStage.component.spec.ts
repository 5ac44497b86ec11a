import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { content, controlWriters } from '$lib/doc/schema';
import { fieldPhase } from '../../../test/support/fieldFixture';
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import { connect, network, renderStage } from '../../../test/support/component';
import RampUpStage from './RampUpStage.svelte';

const WORKSHOP = { id: 'w-component', title: 'Fleet launch' };

function stage(connection: WorkshopConnection, editable = true) {
	network();
	return renderStage(connection, RampUpStage, { editable, workshop: WORKSHOP });
}

const milestones = (connection: WorkshopConnection) => content.timeline(connection.content).list();
const setDate = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('RampUpStage', () => {
	it('saves a campaign the domain accepts and keeps an impossible one local with its message', async () => {
		const connection = connect();
		stage(connection);
		await setDate('Launch', '2026-03-02');
		expect(content.campaign.read(connection.content).launchDate).toBe('2026-03-02');
		await setDate('Campaign end', '2026-02-01');
		expect(screen.getByRole('alert')).toHaveTextContent('The campaign cannot end before it launches.');
		expect(content.campaign.read(connection.content).endDate).toBe('');
		await setDate('Campaign end', '2026-04-30');
		expect(screen.queryByRole('alert')).toBeNull();
		expect(content.campaign.read(connection.content)).toMatchObject({ launchDate: '2026-03-02', endDate: '2026-04-30' });
	});

	it('starts from the standard ramp-up, placed around the launch, and flags what is undated', async () => {
		const connection = connect();
		const { user } = stage(connection);
		await user.click(screen.getByRole('button', { name: 'Start from the standard ramp-up' }));
		expect(milestones(connection).map((m) => m.title)).toContain('Launch day');
		expect(milestones(connection)).toHaveLength(6);
		// No launch date yet: nothing can be placed, each milestone says so.
		expect(await screen.findByText(/“Launch day” has no date yet\./)).toBeInTheDocument();
		expect(screen.queryByRole('button', { name: 'Start from the standard ramp-up' })).toBeNull();
		await setDate('Launch', '2026-03-02');
		expect(await screen.findByRole('button', { name: /^Launch day, 2026-03-02/ })).toBeInTheDocument();
		expect(screen.getByRole('button', { name: /^Information session 1: the story, 2026-02-16/ })).toBeInTheDocument();
		expect(screen.queryByText(/“Launch day” has no date yet\./)).toBeNull();
	});

	it('moves a milestone on the timeline with the arrow keys: a day, or a week with Shift', async () => {
		const connection = connect();
		content.campaign.write(connection.content, { launchDate: '2026-03-02', endDate: '2026-04-30' });
		const { user } = stage(connection);
		await user.click(screen.getByRole('button', { name: '+ Add a milestone' }));
		const [added] = milestones(connection);
		const dot = await screen.findByRole('button', { name: /^Milestone, 2026-03-02/ });
		dot.focus();
		await user.keyboard('{ArrowRight}');
		expect(content.timeline(connection.content).list()[0]).toMatchObject({ id: added!.id, anchor: 'launch', offsetDays: 1 });
		await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
		expect(milestones(connection)[0]?.offsetDays).toBe(-6);
		expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Milestone, 2026-02-24/ }));
	});

	it('shows the plan read-only to those who may not edit', () => {
		const connection = connect({ role: 'observer' });
		stage(connection, false);
		expect(screen.getByLabelText('Launch')).toBeDisabled();
		expect(screen.queryByRole('button', { name: '+ Add a milestone' })).toBeNull();
	});
});

describe('MilestoneRow (in the ramp-up stage)', () => {
	async function withOneMilestone() {
		const connection = connect();
		content.campaign.write(connection.content, { launchDate: '2026-03-02', endDate: '2026-04-30' });
		const rendered = stage(connection);
		await rendered.user.click(screen.getByRole('button', { name: '+ Add a milestone' }));
		const id = milestones(connection)[0]!.id;
		const row = document.querySelector<HTMLElement>(`[data-milestone="${id}"]`)!;
		return { connection, id, row: within(row), ...rendered };
	}

	it('writes what is typed in the title into the shared text', async () => {
		const { connection, id, row, user } = await withOneMilestone();
		await user.type(row.getByRole('textbox', { name: 'Milestone title' }), 'Kick-off call');
		expect(content.timeline(connection.content).text(id, 'title')?.toString()).toBe('Kick-off call');
	});

	it('writes phase, owner and materials status to the document', async () => {
		const { connection, row, user } = await withOneMilestone();
		await user.selectOptions(row.getByRole('combobox', { name: 'Phase' }), 'review');
		await user.selectOptions(row.getByRole('combobox', { name: 'Owner' }), 'marketing');
		await user.selectOptions(row.getByRole('combobox', { name: /Materials status/ }), 'ready');
		expect(milestones(connection)[0]).toMatchObject({ phase: 'review', ownerTeam: 'marketing', materialsStatus: 'ready' });
	});

	it('links a review milestone to the field view once the field phase is open', async () => {
		const { connection, row, user } = await withOneMilestone();
		await user.selectOptions(row.getByRole('combobox', { name: 'Phase' }), 'review');
		expect(row.queryByRole('link', { name: /What the field says/ })).toBeNull();
		controlWriters.setField(connection.control, fieldPhase());
		expect(await row.findByRole('link', { name: /What the field says/ })).toHaveAttribute('href', '/w/w-component/field');
		await user.selectOptions(row.getByRole('combobox', { name: 'Phase' }), 'campaign');
		expect(row.queryByRole('link', { name: /What the field says/ })).toBeNull();
	});

	it('keeps a milestone on its day when it is re-anchored to the end or to a fixed date', async () => {
		const { connection, row, user } = await withOneMilestone();
		await user.selectOptions(row.getByRole('combobox', { name: 'Placed' }), 'end');
		expect(milestones(connection)[0]).toMatchObject({ anchor: 'end', offsetDays: -59 });
		await user.selectOptions(row.getByRole('combobox', { name: 'Placed' }), 'date');
		expect(milestones(connection)[0]).toMatchObject({ anchor: 'date', date: '2026-03-02' });
		await fireEvent.change(row.getByLabelText('Date'), { target: { value: '2026-03-09' } });
		expect(milestones(connection)[0]?.date).toBe('2026-03-09');
	});

	it('removes the milestone', async () => {
		const { connection, row, user } = await withOneMilestone();
		await user.click(row.getByRole('button', { name: /^Remove milestone/ }));
		expect(milestones(connection)).toHaveLength(0);
	});
});
