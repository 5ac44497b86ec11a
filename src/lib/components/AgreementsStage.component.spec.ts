import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import { content } from '$lib/doc/schema';
import type { WorkshopConnection } from '$lib/client/workshop.svelte';
import { connect, network, renderStage } from '../../../test/support/component';
import AgreementsStage from './AgreementsStage.svelte';

function stage(connection: WorkshopConnection, editable = true) {
	network();
	return renderStage(connection, AgreementsStage, { editable });
}

function term(connection: WorkshopConnection, id: string, weSay: string, createdAt: number, authorId = 'p-other') {
	content.glossary(connection.content).add({ id, authorId, authorTeam: 'marketing', createdAt, marketingSays: '', salesSays: '', weSay, definition: '', example: '' });
}

const rowOf = (attribute: string, id: string) => within(document.querySelector<HTMLElement>(`[${attribute}="${id}"]`)!);

describe('AgreementsStage', () => {
	it('adds a glossary term and writes what is typed into the shared text', async () => {
		const connection = connect();
		const { user } = stage(connection);
		await user.click(screen.getByRole('button', { name: '+ Add a term' }));
		const [added] = content.glossary(connection.content).list();
		expect(added).toMatchObject({ authorId: 'p-me', authorTeam: 'sales' });
		await user.type(rowOf('data-term', added!.id).getByRole('textbox', { name: /^weSay for/ }), 'uptime');
		expect(content.glossary(connection.content).text(added!.id, 'weSay')?.toString()).toBe('uptime');
	});

	it('lists the glossary by “we say”, A to Z, and finds terms by any of their words', async () => {
		const connection = connect();
		term(connection, 't1', 'uptime', 1);
		term(connection, 't2', 'asset', 2);
		const { user } = stage(connection);
		const order = () => [...document.querySelectorAll('[data-term]')].map((row) => row.getAttribute('data-term'));
		expect(order()).toEqual(['t2', 't1']);
		await user.type(screen.getByLabelText('Search the glossary'), 'UPT');
		expect(order()).toEqual(['t1']);
		await user.clear(screen.getByLabelText('Search the glossary'));
		await user.type(screen.getByLabelText('Search the glossary'), 'nothing like it');
		expect(screen.getByText('No term matches.')).toBeInTheDocument();
	});

	it("lets a participant remove their own term but not someone else's", async () => {
		const connection = connect();
		term(connection, 'mine', 'fleet', 1, 'p-me');
		term(connection, 'theirs', 'depot', 2, 'p-other');
		const { user } = stage(connection);
		expect(screen.queryByRole('button', { name: 'Remove term depot' })).toBeNull();
		await user.click(screen.getByRole('button', { name: 'Remove term fleet' }));
		expect(content.glossary(connection.content).list().map((t) => t.id)).toEqual(['theirs']);
	});

	it("adds a metric owned by the author's team on its usual horizon, and records both teams' commitment", async () => {
		const connection = connect({ team: 'marketing' });
		const { user } = stage(connection);
		await user.click(screen.getByRole('button', { name: '+ Add a metric' }));
		const [metric] = content.metrics(connection.content).list();
		expect(metric).toMatchObject({ ownerTeam: 'marketing', horizon: 'year', sharedCommitment: false });
		const row = rowOf('data-metric', metric!.id);
		await user.selectOptions(row.getByRole('combobox', { name: /^Owner of/ }), 'both');
		await user.selectOptions(row.getByRole('combobox', { name: /^Horizon of/ }), 'quarter');
		await user.click(row.getByRole('checkbox', { name: /^Both teams commit/ }));
		expect(content.metrics(connection.content).list()[0]).toMatchObject({ ownerTeam: 'both', horizon: 'quarter', sharedCommitment: true });
		const matrix = within(screen.getByRole('table', { name: 'Metrics by owner and horizon' }));
		expect(await matrix.findByText('★ Untitled')).toBeInTheDocument();
	});

	it("toggles which team wants a hand-off field and sets the field's status", async () => {
		const connection = connect();
		const { user } = stage(connection);
		await user.click(screen.getByRole('button', { name: '+ Propose a field' }));
		const [field] = content.handoff(connection.content).list();
		expect(field).toMatchObject({ wantedBy: ['sales'], status: 'proposed' });
		const row = rowOf('data-handoff', field!.id);
		await user.click(row.getByRole('button', { name: 'Marketing wants it' }));
		await user.click(row.getByRole('button', { name: 'Sales wants it' }));
		expect(content.handoff(connection.content).list()[0]?.wantedBy).toEqual(['marketing']);
		expect(row.getByRole('button', { name: 'Marketing wants it' })).toHaveAttribute('aria-pressed', 'true');
		await user.click(within(row.getByRole('radiogroup', { name: 'Status of this field' })).getAllByRole('radio')[0]!);
		expect(content.handoff(connection.content).list()[0]?.status).toBe('required');
	});

	it('offers no editing to a read-only view', () => {
		const connection = connect({ role: 'observer' });
		term(connection, 't1', 'uptime', 1);
		stage(connection, false);
		expect(screen.queryByRole('button', { name: '+ Add a term' })).toBeNull();
		expect(screen.queryByRole('button', { name: /^Remove term/ })).toBeNull();
	});
});
