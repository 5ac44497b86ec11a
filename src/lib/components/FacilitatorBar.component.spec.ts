import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/svelte';
import { controlWriters } from '$lib/doc/schema';
import { startTimer } from '$lib/domain/timer';
import { DEFAULT_AGENDA } from '$lib/domain/agenda';
import { connect, network, renderStage } from '../../../test/support/component';
import FacilitatorBar from './FacilitatorBar.svelte';

describe('FacilitatorBar', () => {
	// Root cause: the bar read the room's timer whatever stage it was started for, so after a stage
	// change it offered Pause / +1 min / Reset for a timer nobody sees.
	it('offers "Start N min" for the new stage as soon as the room moves on', async () => {
		const net = network();
		const connection = connect({ id: 'p-fac', role: 'facilitator', team: null });
		controlWriters.setAgenda(connection.control, [...DEFAULT_AGENDA]);
		controlWriters.setCurrentStage(connection.control, 'frame');
		controlWriters.setTimer(connection.control, startTimer('frame', 10 * 60_000, Date.now()));
		const { user } = renderStage(connection, FacilitatorBar, { viewingStageId: 'frame' });
		expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();

		controlWriters.setCurrentStage(connection.control, 'draft');
		const start = await screen.findByRole('button', { name: 'Start 30 min' });
		expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
		expect(screen.queryByRole('button', { name: '+1 min' })).toBeNull();
		await user.click(start);
		expect(net.sent('timer.start')).toEqual([{}]);
	});
});
