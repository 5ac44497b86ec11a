import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import { controlWriters, type Signoff, type VersionInfo } from '$lib/doc/schema';
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import { WORKSHOP_ID, connect, network, renderStage } from '../../../../test/support/component';
import { fieldFixture, fieldPhase } from '../../../../test/support/fieldFixture';
import FieldPanel from './FieldPanel.svelte';

const version = (id: string, name: string): VersionInfo => ({ id, name, authorName: 'Lee', authorTeam: 'marketing', createdAt: 5, hash: `${id}-hash` });
const signature = (signerId: string, versionId: string, signedAt: number): Signoff => ({ signerId, signerName: signerId, versionId, versionHash: `${versionId}-hash`, signedAt });
const facilitator = () => connect({ id: 'p-fac', role: 'facilitator', team: null });

function signedRoom(connection: WorkshopConnection) {
	controlWriters.addVersion(connection.control, version('v1', 'Draft'));
	controlWriters.addVersion(connection.control, version('v2', 'Agreed in the room'));
	controlWriters.sign(connection.control, signature('p-lee', 'v1', 10));
	controlWriters.sign(connection.control, signature('p-ines', 'v2', 20));
}

describe('FieldPanel', () => {
	it('waits for a signature before offering to open the field phase', () => {
		network();
		const connection = facilitator();
		controlWriters.addVersion(connection.control, version('v1', 'Draft'));
		renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		expect(screen.getByText(/Once a leader signs a version/)).toBeInTheDocument();
		expect(screen.queryByRole('button', { name: /Open the field phase/ })).toBeNull();
	});

	it('opens the field phase on the signed version chosen, the latest signed by default', async () => {
		const net = network();
		const connection = facilitator();
		signedRoom(connection);
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		await user.click(screen.getByRole('button', { name: 'Open the field phase' }));
		await user.selectOptions(screen.getByRole('combobox', { name: 'Signed version' }), 'v1');
		await user.click(screen.getByRole('button', { name: 'Open the field phase' }));
		expect(net.sent('field.open')).toEqual([{ versionId: 'v2' }, { versionId: 'v1' }]);
	});

	it("shows the server's refusal to open", async () => {
		const net = network();
		net.refuse('field.open', 'Nobody signed that version.');
		const connection = facilitator();
		signedRoom(connection);
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		await user.click(screen.getByRole('button', { name: 'Open the field phase' }));
		expect(await screen.findByRole('alert')).toHaveTextContent('Nobody signed that version.');
	});

	it('once open: the field link to copy, live counts, closing, and the way to the field view and the projector', async () => {
		const net = network();
		net.answers.set(`/api/workshops/${WORKSHOP_ID}/field`, fieldFixture());
		const connection = facilitator();
		signedRoom(connection);
		controlWriters.setField(connection.control, fieldPhase({ versionId: 'v2' }));
		controlWriters.setFieldCounts(connection.control, { revision: 3, fieldMembers: 12, conversations: 40, handoffs: 7, metricValues: 0 });
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		expect(await screen.findByRole('textbox', { name: /Field link/ })).toHaveValue('http://localhost:3000/w/w-component/join#field=secret');
		const counts = screen.getByTestId('field-counts');
		expect(counts).toHaveTextContent(/field members\s*12\s*conversations\s*40\s*hand-offs\s*7/);
		controlWriters.setFieldCounts(connection.control, { revision: 4, fieldMembers: 12, conversations: 41, handoffs: 7, metricValues: 0 });
		expect(await within(counts).findByText('41')).toBeInTheDocument();
		expect(screen.getByRole('link', { name: 'Field view' })).toHaveAttribute('href', `/w/${WORKSHOP_ID}/field`);
		expect(screen.getByRole('link', { name: /On the projector/ })).toHaveAttribute('href', `/w/${WORKSHOP_ID}/projector?view=field`);
		await user.click(screen.getByRole('button', { name: 'Close logging' }));
		expect(net.sent('field.close')).toEqual([{}]);
		controlWriters.setField(connection.control, fieldPhase({ versionId: 'v2', status: 'closed', closedAt: Date.now() }));
		await user.click(await screen.findByRole('button', { name: 'Reopen logging' }));
		expect(net.sent('field.open')).toEqual([{ versionId: 'v2' }]);
	});

	it('offers the digest downloads, schedules the weekly slot, then links its calendar file', async () => {
		const net = network();
		const connection = facilitator();
		signedRoom(connection);
		controlWriters.setField(connection.control, fieldPhase());
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		expect(screen.getByRole('link', { name: 'Digest (PDF)' })).toHaveAttribute('href', `/api/workshops/${WORKSHOP_ID}/field/digest/pdf`);
		expect(screen.getByRole('link', { name: 'Digest (Markdown)' })).toHaveAttribute('href', `/api/workshops/${WORKSHOP_ID}/field/digest/md`);
		await user.selectOptions(screen.getByRole('combobox', { name: 'Every' }), '5');
		await user.click(screen.getByRole('button', { name: 'Schedule in the calendar' }));
		expect(net.sent('field.scheduleDigest')).toEqual([{ slot: { weekday: 5, time: '09:00' } }]);
		controlWriters.setField(connection.control, fieldPhase({ digest: { weekday: 5, time: '09:00' } }));
		expect(await screen.findByTestId('digest-slot')).toHaveTextContent('Every Friday at 09:00 (Europe/Stockholm) until 2027-04-30.');
		expect(screen.getByRole('link', { name: 'Add to calendar (.ics)' })).toHaveAttribute('href', `/api/workshops/${WORKSHOP_ID}/field/digest/ics`);
		// A campaign without an end date: the slot says no "until".
		controlWriters.setField(connection.control, fieldPhase({ endDate: '', digest: { weekday: 5, time: '09:00' } }));
		await expect.poll(() => screen.getByTestId('digest-slot').textContent).toMatch(/\(Europe\/Stockholm\)\.\s/);
	});

	it('asks in the page before starting the next round from the field, then asks the server for it', async () => {
		network();
		const connection = facilitator();
		signedRoom(connection);
		controlWriters.setField(connection.control, fieldPhase({ versionId: 'v2', versionName: 'Agreed in the room' }));
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		const posted = () => vi.mocked(fetch).mock.calls.filter(([url]) => String(url).endsWith('/next-round'));
		await user.click(screen.getByRole('button', { name: 'Start the next round from the field' }));
		const dialog = screen.getByRole('dialog', { name: 'Start the next round from the field?' });
		expect(dialog).toHaveTextContent(/failing in the field and the top objections/);
		expect(posted()).toHaveLength(0);
		await user.click(within(dialog).getByRole('button', { name: 'Start the next round' }));
		expect(posted().map(([, init]) => JSON.parse(String(init?.body)))).toEqual([{ versionId: 'v2', fromField: true }]);
	});
	it('lists field members on demand and removes one after an in-page confirmation, their logs discarded when asked', async () => {
		const net = network();
		net.answers.set(`/api/workshops/${WORKSHOP_ID}/field/members`, {
			members: [
				{ id: 'f-sol', name: 'Sol', team: 'sales', joinedAt: 1, conversations: 2, handoffs: 1, removed: false },
				{ id: 'f-old', name: 'Ola', team: 'marketing', joinedAt: 2, conversations: 0, handoffs: 0, removed: true }
			]
		});
		const connection = facilitator();
		signedRoom(connection);
		controlWriters.setField(connection.control, fieldPhase({ versionId: 'v2' }));
		controlWriters.setFieldCounts(connection.control, { revision: 3, fieldMembers: 1, conversations: 2, handoffs: 1, metricValues: 0 });
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		await user.click(screen.getByText('Field members (1)'));
		const rows = await screen.findAllByTestId('field-member');
		expect(rows[0]).toHaveTextContent(/Sol.*Sales.*2 conversations · 1 hand-off/);
		expect(rows[1]).toHaveTextContent(/Ola.*Removed/);
		expect(within(rows[1]!).queryByRole('button')).toBeNull();

		await user.click(within(rows[0]!).getByRole('button', { name: 'Remove' }));
		const confirm = screen.getByRole('group', { name: 'Remove Sol' });
		expect(confirm).toHaveTextContent(/can no longer log or see the field/);
		await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
		expect(net.sent('field.removeMember')).toEqual([]);
		await user.click(within(rows[0]!).getByRole('button', { name: 'Remove' }));
		await user.click(screen.getByRole('checkbox', { name: 'Also discard their 3 logs' }));
		await user.click(within(screen.getByRole('group', { name: 'Remove Sol' })).getByRole('button', { name: 'Remove' }));
		expect(net.sent('field.removeMember')).toEqual([{ participantId: 'f-sol', discardLogs: true }]);
	});

	it('makes a new field link after saying what it does', async () => {
		const net = network();
		net.answers.set(`/api/workshops/${WORKSHOP_ID}/field`, fieldFixture());
		const connection = facilitator();
		signedRoom(connection);
		controlWriters.setField(connection.control, fieldPhase({ versionId: 'v2' }));
		const { user } = renderStage(connection, FieldPanel, { workshopId: WORKSHOP_ID });
		await user.click(await screen.findByRole('button', { name: 'New field link' }));
		const confirm = screen.getByRole('group', { name: 'New field link' });
		expect(confirm).toHaveTextContent('The current link stops working; people who joined keep their access.');
		expect(net.sent('field.rotateLink')).toEqual([]);
		await user.click(within(confirm).getByRole('button', { name: 'Make a new link' }));
		expect(net.sent('field.rotateLink')).toEqual([{}]);
	});
});
