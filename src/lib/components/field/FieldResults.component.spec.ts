import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { WORKSHOP_ID, network } from '../../../../test/support/component';
import { fieldFixture } from '../../../../test/support/fieldFixture';
import FieldResults from './FieldResults.svelte';

/** The metrics and lead quality are built just after the first frame. */
const belowTheFold = () => screen.findByRole('heading', { name: 'Shared metrics against target' });
const claimCard = (id: string) => within(document.querySelector<HTMLElement>(`[data-claim="${id}"]`)!);

describe('FieldResults', () => {
	it('shows every claim with uses, worked share and outcomes in words, failing claims first with their flag', () => {
		const data = fieldFixture();
		render(FieldResults, { props: { data, workshopId: WORKSHOP_ID } });
		expect(screen.getByTestId('field-totals')).toHaveTextContent(`${data.view.totals.logs} conversations · ${data.leads.leads} leads handed off`);
		const order = [...document.querySelectorAll<HTMLElement>('[data-claim]')].map((e) => e.dataset.claim);
		expect(data.view.failing.length).toBeGreaterThan(0);
		expect(order.slice(0, data.view.failing.length)).toEqual(data.view.failing);
		const failing = data.view.claims.find((c) => c.claimId === data.view.failing[0])!;
		const card = claimCard(failing.claimId);
		expect(card.getByTestId('verdict')).toHaveTextContent('Fails in the field');
		expect(card.getByTestId('claim-flag')).toHaveTextContent(failing.flag!);
		expect(card.getByTestId('claim-flag')).toHaveTextContent(/^⚑ Predicted \w+/);
		expect(card.getByTestId('claim-uses')).toHaveTextContent(String(failing.uses));
		expect(card.getByTestId('outcome-split')).toHaveTextContent(`✓ ${failing.worked} worked · ! ${failing.objection} met an objection · – ${failing.flat} fell flat`);
		expect(card.getByRole('list', { name: 'By week since launch' }).children).toHaveLength(data.view.weekCount);
		expect(card.getByText(`“${failing.objections[0]!.text}”`)).toBeInTheDocument();
	});

	it('says "too few yet" for a claim barely used, and shows the metrics with their latest figure and lead quality', async () => {
		const data = fieldFixture({ logs: 6, handoffs: 10 });
		render(FieldResults, { props: { data, workshopId: WORKSHOP_ID } });
		await belowTheFold();
		expect(screen.getAllByTestId('verdict').some((v) => v.textContent?.includes('Too few yet'))).toBe(true);
		const pipeline = within(document.querySelector<HTMLElement>('[data-metric="m-pipeline"]')!);
		expect(pipeline.getByTestId('metric-latest')).toHaveTextContent(/M\s+Mar 2027\s+✗ missed/);
		expect(screen.getByTestId('leads-met')).toHaveTextContent(/\d+ %/);
		expect(screen.getByRole('region', { name: 'Fields most often missing' })).toHaveTextContent(/without Reason to call now/);
	});

	it('reads hostile text as text', () => {
		const data = fieldFixture();
		data.view.claims[0]!.objections = [{ text: '<img src=x onerror=alert(1)>', count: 3, wordings: 1 }];
		render(FieldResults, { props: { data, workshopId: WORKSHOP_ID } });
		expect(document.querySelector('img')).toBeNull();
		expect(screen.getByText('“<img src=x onerror=alert(1)>”')).toBeInTheDocument();
	});

	it('lets those who may enter metrics add a value and upload a CSV, and shows the server refusing a CSV', async () => {
		const net = network();
		const user = userEvent.setup();
		render(FieldResults, { props: { data: fieldFixture(), workshopId: WORKSHOP_ID } });
		await belowTheFold();
		await user.selectOptions(screen.getByRole('combobox', { name: 'Metric' }), 'm-leads');
		await user.clear(screen.getByLabelText('Date'));
		await user.type(screen.getByLabelText('Date'), '2027-03-01');
		await user.type(screen.getByLabelText('Value'), '162');
		await user.click(screen.getByRole('button', { name: 'Add value' }));
		expect(net.sent('field.metric')).toEqual([{ metricId: 'm-leads', date: '2027-03-01', value: 162 }]);
		expect(await screen.findByRole('status')).toHaveTextContent('Recorded 162 for Qualified leads handed to sales');

		net.refuse('field.importMetrics', 'Row 3: "Pipeline" has no date.');
		await user.upload(screen.getByLabelText('Upload a CSV'), new File(['metric,date,value\nPipeline,,3'], 'values.csv', { type: 'text/csv' }));
		expect(await screen.findByRole('alert')).toHaveTextContent('Row 3: "Pipeline" has no date.');
		expect(net.sent('field.importMetrics')).toEqual([{ csv: 'metric,date,value\nPipeline,,3' }]);
	});

	it('offers no value entry to those who may not enter metrics', async () => {
		render(FieldResults, { props: { data: fieldFixture({ may: { enterMetrics: false } }), workshopId: WORKSHOP_ID } });
		await belowTheFold();
		expect(screen.queryByRole('button', { name: 'Add value' })).toBeNull();
	});

	it('on the projector shows two claims a page, failing first, and says which page', () => {
		// Pages turn with the clock: at time 0 the first page shows.
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(0);
		const data = fieldFixture();
		render(FieldResults, { props: { data, projector: true, workshopId: WORKSHOP_ID } });
		const shown = [...document.querySelectorAll<HTMLElement>('[data-claim]')].map((e) => e.dataset.claim);
		expect(shown).toEqual(data.view.failing.slice(0, 2));
		expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(/Claims in the field.*1 of \d/);
		expect(screen.queryByRole('button', { name: 'Add value' })).toBeNull();
	});
});
