import '@testing-library/jest-dom/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import LogConversation from './LogConversation.svelte';
import LogHandoff from './LogHandoff.svelte';
import MyLogs from './MyLogs.svelte';
import type { MyLog } from '$lib/client/fieldMine';

afterEach(() => cleanup());

const claims = [
	{ id: 'k1', text: 'Cuts unplanned vehicle-off-road time by 30%' },
	{ id: 'k2', text: 'Installs in one day, without a workshop visit' },
	{ id: 'k3', text: 'If we miss a breakdown, the repair is on us' }
];
const row = (id: string) => within(document.querySelector(`[data-claim="${id}"]`) as HTMLElement);

describe('LogConversation', () => {
	it('logs a typical conversation (two claims, one worked, one fell flat) in three taps, and is ready for the next', async () => {
		const user = userEvent.setup();
		const onlog = vi.fn();
		render(LogConversation, { claims, onlog });
		let taps = 0;
		const tapOn = async (el: HTMLElement) => (taps++, await user.click(el));
		await tapOn(row('k1').getByRole('button', { name: 'Worked' }));
		await tapOn(row('k3').getByRole('button', { name: 'Fell flat' }));
		await tapOn(screen.getByRole('button', { name: /Log conversation/ }));
		expect(taps).toBe(3);
		expect(onlog).toHaveBeenCalledTimes(1);
		const payload = onlog.mock.calls[0]![0];
		expect(payload.uses).toEqual([
			{ claimId: 'k1', outcome: 'worked' },
			{ claimId: 'k3', outcome: 'flat' }
		]);
		expect(payload.id).toMatch(/^[\w-]{1,80}$/);
		expect(screen.getByRole('status')).toHaveTextContent('Logged · 2 claims');
		// The form is clear for the next conversation; the button waits for a claim.
		expect(row('k1').getByRole('button', { name: 'Worked' })).toHaveAttribute('aria-pressed', 'false');
		expect(screen.getByRole('button', { name: /Log conversation/ })).toBeDisabled();
	});

	it('asks for the objection only where one was met, offering those already heard', async () => {
		const user = userEvent.setup();
		const onlog = vi.fn();
		const heard = [{ claimId: 'k2', objections: [{ text: 'Our depot is too far', count: 4, wordings: 2 }] }] as never;
		render(LogConversation, { claims, heard, onlog });
		expect(screen.queryByLabelText('The objection, in a few words')).toBeNull();
		await user.click(row('k2').getByRole('button', { name: 'Objection' }));
		await user.click(screen.getByRole('button', { name: 'Our depot is too far' }));
		await user.click(screen.getByRole('button', { name: 'Proposal' }));
		await user.click(screen.getByRole('button', { name: /Log conversation/ }));
		expect(onlog.mock.calls[0]![0]).toMatchObject({ uses: [{ claimId: 'k2', outcome: 'objection', objection: 'Our depot is too far' }], dealStage: 'proposal' });
	});

	it('edits a log under its own id and time', async () => {
		const user = userEvent.setup();
		const onlog = vi.fn();
		const editing = { kind: 'conversation', id: 'mine-1', at: 42, uses: [{ claimId: 'k1', outcome: 'worked' }], dealStage: null, editable: true, waiting: false } as const;
		render(LogConversation, { claims, editing: { ...editing, uses: [...editing.uses] }, onlog });
		await user.click(row('k1').getByRole('button', { name: 'Fell flat' }));
		await user.click(screen.getByRole('button', { name: /Save changes/ }));
		expect(onlog.mock.calls[0]![0]).toMatchObject({ id: 'mine-1', at: 42, uses: [{ claimId: 'k1', outcome: 'flat' }] });
	});
});

describe('LogHandoff', () => {
	it('needs a reason to return a lead, and sends every required field', async () => {
		const user = userEvent.setup();
		const onlog = vi.fn();
		render(LogHandoff, { fields: [{ id: 'h1', label: 'Fleet size' }, { id: 'h2', label: 'Budget owner' }], onlog });
		await user.click(screen.getByRole('switch', { name: /Fleet size/ }));
		await user.click(screen.getByRole('button', { name: 'Returned' }));
		await user.click(screen.getByRole('button', { name: 'Log hand-off' }));
		expect(onlog).not.toHaveBeenCalled();
		expect(screen.getByRole('alert')).toHaveTextContent('Say why the lead is returned.');
		await user.type(screen.getByLabelText('Why is it returned?'), 'No budget owner named');
		await user.click(screen.getByRole('button', { name: 'Log hand-off' }));
		expect(onlog.mock.calls[0]![0]).toMatchObject({ fields: { h1: true, h2: false }, decision: 'returned', reason: 'No budget owner named' });
	});
});

describe('MyLogs', () => {
	it('offers edit and delete within the window and says when a log is locked', async () => {
		const user = userEvent.setup();
		const ondelete = vi.fn();
		const logs: MyLog[] = [
			{ kind: 'conversation', id: 'a', at: Date.now(), uses: [{ claimId: 'k1', outcome: 'worked' }], dealStage: 'demo', editable: true, waiting: true },
			{ kind: 'handoff', id: 'b', at: Date.now() - 2 * 86_400_000, fields: { h1: false }, decision: 'returned', reason: 'No fleet size', editable: false, waiting: false }
		];
		render(MyLogs, { logs, claims, leadFields: [{ id: 'h1', label: 'Fleet size' }], onedit: vi.fn(), ondelete });
		expect(screen.getByText('Waiting to send')).toBeInTheDocument();
		expect(screen.getByText(/Locked: logs can be changed for 24 hours/)).toBeInTheDocument();
		expect(screen.getByText('Missing: Fleet size')).toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'Delete' }));
		await user.click(within(screen.getByRole('group', { name: 'Delete this log?' })).getByRole('button', { name: 'Delete' }));
		expect(ondelete).toHaveBeenCalledWith('a');
	});
});
