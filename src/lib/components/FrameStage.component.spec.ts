import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/svelte';
import { content, controlWriters } from '$lib/doc/schema';
import type { WorkshopView } from '$lib/api';
import { WORKSHOP_ID, connect, network, renderStage } from '../../../test/support/component';
import FrameStage from './FrameStage.svelte';

const WORKSHOP: WorkshopView = { id: WORKSHOP_ID, title: 'Fleet launch', product: 'Fleetwise', customer: 'Hauliers', launchDate: '2026-03-02', joinCode: 'ABCD' };

describe('FrameStage', () => {
	// Root cause: the stage asks the room to agree on the product and customer, which could
	// only be set when the workshop was created.
	it('lets the facilitator edit the product and target customer, and shows the room’s latest', async () => {
		const net = network();
		const connection = connect({ id: 'p-fac', role: 'facilitator', team: null });
		const { user } = renderStage(connection, FrameStage, { workshop: WORKSHOP, participants: [] });
		await user.click(screen.getByRole('button', { name: 'Edit' }));
		await user.clear(screen.getByLabelText('Target customer'));
		await user.type(screen.getByLabelText('Target customer'), 'Mid-size hauliers');
		await user.click(screen.getByRole('button', { name: 'Save' }));
		expect(net.sent('frame.update')).toEqual([{ product: 'Fleetwise', customer: 'Mid-size hauliers' }]);
		controlWriters.setFrame(connection.control, { product: 'Fleetwise', customer: 'Mid-size hauliers' });
		expect(await screen.findByText('Mid-size hauliers')).toBeInTheDocument();
	});

	it('offers no editing to a participant, who sees the latest frame', async () => {
		network();
		const connection = connect();
		controlWriters.setFrame(connection.control, { product: 'Fleetwise Predict', customer: 'Hauliers' });
		renderStage(connection, FrameStage, { workshop: WORKSHOP, participants: [] });
		expect(screen.getByTestId('frame-product')).toHaveTextContent('Fleetwise Predict');
		expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
	});

	// Root cause: Frame showed the launch date typed at creation while Ramp-up plans from the
	// campaign's, so after a change on Ramp-up the two stages disagreed, and Frame could not change it.
	it('shows the campaign’s launch date as the room has it now, and the facilitator changes it there', async () => {
		network();
		const connection = connect({ id: 'p-fac', role: 'facilitator', team: null });
		content.campaign.write(connection.content, { launchDate: '2026-03-02' });
		const { user } = renderStage(connection, FrameStage, { workshop: WORKSHOP, participants: [] });
		content.campaign.write(connection.content, { launchDate: '2026-04-06' });
		expect(await screen.findByTestId('frame-launch')).toHaveTextContent(/2026/);
		expect(screen.getByTestId('frame-launch').textContent).toBe(new Date('2026-04-06T00:00:00').toLocaleDateString(undefined, { dateStyle: 'long' }));
		await user.click(screen.getByRole('button', { name: 'Edit' }));
		const input = screen.getByLabelText('Launch date') as HTMLInputElement;
		expect(input.value).toBe('2026-04-06');
		await user.clear(input);
		await user.type(input, '2026-05-04');
		await user.click(screen.getByRole('button', { name: 'Save' }));
		expect(content.campaign.read(connection.content).launchDate).toBe('2026-05-04');
	});
});
