import { describe, expect, it, vi } from 'vitest';
import { content, controlWriters } from '$lib/doc/schema';
import { connect, network } from '../../../test/support/component';

// The seam component tests stand on: everything but the network.
describe('WorkshopConnection without a network', () => {
	it('mirrors both documents into its state and opens no socket, cache or request', async () => {
		const net = network();
		const fetchSpy = vi.mocked(fetch);
		vi.useFakeTimers();
		const connection = connect({ role: 'observer' });
		content.glossary(connection.content).add({ id: 't1', authorId: 'p', authorTeam: 'sales', createdAt: 1, marketingSays: '', salesSays: '', weSay: 'uptime', definition: '', example: '' });
		controlWriters.upsertParticipant(connection.control, { id: 'p-me', name: 'Sam', team: 'sales', role: 'facilitator', joinedAt: 1 });
		expect(connection.glossary.map((t) => t.weSay)).toEqual(['uptime']);
		expect(connection.role).toBe('facilitator');
		// Past the offline cache's wait, after which a networked connection would connect.
		await vi.advanceTimersByTimeAsync(5000);
		vi.useRealTimers();
		expect(connection.contentProvider.shouldConnect).toBe(false);
		expect(connection.controlProvider.shouldConnect).toBe(false);
		expect(fetchSpy).not.toHaveBeenCalled();
		expect(net.intents).toEqual([]);
	});
});
