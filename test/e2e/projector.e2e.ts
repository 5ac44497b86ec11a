/**
 * The projector at 1920 × 1080, stage by stage, with a realistic workshop (the shared
 * sample): the stage's work is on the one screen without scrolling, and vote numbers are
 * large enough to read from the back of the room. Root cause of the issue it guards:
 * on Draft, Agreements, Ramp-up and Sign-off the projector showed only the title and timer.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { sessionCookieName, type JoinResponse } from '../../src/lib/api.js';
import { claims, claimLineId, content, lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';
import { test, expect } from './fixtures.js';

const ARTIFACTS = 'test/e2e/artifacts';

function write(doc: Y.Doc, lineId: string, text: string) {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	lineFragment(doc, lineId).insert(0, [paragraph]);
}

const by = (id: string) => ({ id, authorId: 'sample', authorTeam: null, createdAt: 1 });

/** The sample workshop (/work/shared/samples/sample-workshop.md), as the room would have written it. */
function fillSample(doc: Y.Doc) {
	doc.transact(() => {
		write(doc, 'headline', 'Keep every truck on the road');
		write(doc, 'oneLiner', 'Fleetwise predicts breakdowns before they happen and guarantees your uptime.');
		write(doc, 'forWhom', 'fleet operations managers at haulage companies of 50–500 trucks');
		write(doc, 'need', 'lose revenue every time a truck is off the road');
		write(doc, 'offer', 'Fleetwise Uptime Guarantee');
		write(doc, 'category', 'a predictive maintenance service');
		write(doc, 'benefit', 'warns you days before a breakdown and pays you back if it misses one');
		write(doc, 'alternative', 'OEM telematics, which report faults after they happen');
		write(doc, 'difference', 'work across every make in your fleet and put money behind our predictions');
		const claimTexts = [
			'Cuts unplanned vehicle-off-road time by 30%',
			'Installs in one day, without a workshop visit',
			'Works with every make of truck you already run',
			'Pays for itself within six months',
			'If we miss a breakdown, the repair is on us'
		];
		claimTexts.forEach((text, i) => {
			claims.add(doc, `k${i + 1}`);
			write(doc, claimLineId(`k${i + 1}`), text);
		});
		const notes = [
			['customers-say', 'Fleet managers say “VOR”, never “downtime”', claimLineId('k1')],
			['data-says', 'Visitors who use the ROI calculator convert 3× more often to a demo', claimLineId('k4')],
			['objections', '“Your 30% comes from another segment”', claimLineId('k1')],
			['customers-say', '“What happens when your prediction is wrong?”', claimLineId('k5')]
		] as const;
		notes.forEach(([column, text, lineId], i) => content.notes(doc).add({ ...by(`n${i}`), column, order: i, lineId, text }));
		const terms = [
			['predictive maintenance', 'fewer breakdowns', 'breakdown prevention'],
			['downtime', 'VOR', 'vehicle-off-road time (VOR)'],
			['MQL', 'a lead', 'qualified lead'],
			['uptime guarantee', 'the promise', 'Uptime Guarantee'],
			['customer success', 'account management', 'customer success'],
			['ROI calculator', 'the spreadsheet', 'ROI calculator'],
			['campaign', 'the push', 'campaign'],
			['persona', 'the buyer', 'fleet operations manager'],
			['conversion', 'close', 'demo booked'],
			['nurture', 'follow-up', 'follow-up sequence']
		];
		terms.forEach(([marketingSays, salesSays, weSay], i) =>
			content.glossary(doc).add({ ...by(`g${i}`), marketingSays: marketingSays!, salesSays: salesSays!, weSay: weSay!, definition: i === 2 ? 'meets the hand-off definition' : '', example: '' })
		);
		const metrics = [
			['Pipeline created by the campaign', 'sales', '€2.4M', 'month'],
			['Qualified leads handed to sales', 'marketing', '180', 'month'],
			['Win rate on campaign opportunities', 'sales', '25%', 'quarter'],
			['Time from hand-off to first contact', 'both', 'under 24 h', 'week']
		] as const;
		metrics.forEach(([name, ownerTeam, target, horizon], i) =>
			content.metrics(doc).add({ ...by(`m${i}`), name, measures: '', ownerTeam, target, horizon, source: 'CRM', sharedCommitment: ownerTeam === 'both' })
		);
		const fields = ['name', 'contact', 'company', 'fleet size', 'reason to call now', 'truck makes', 'current telematics', 'content consumed'];
		fields.forEach((field, i) => content.handoff(doc).add({ ...by(`h${i}`), field, wantedBy: ['sales'], status: i < 6 ? 'required' : 'optional' }));
		content.campaign.write(doc, { launchDate: '2027-02-01', endDate: '2027-04-30', timeZone: 'Europe/Stockholm' });
		const plan = [
			[-21, 'info-session', 'This alignment workshop', 'both'],
			[-14, 'info-session', 'Information session 1: the story and the claims', 'marketing'],
			[-7, 'info-session', 'Information session 2: objection role-play', 'sales'],
			[-3, 'day-one', 'Toolbox ready', 'marketing'],
			[0, 'day-one', 'Launch: each rep calls their top 10 accounts', 'sales'],
			[7, 'first-week', '40 calls and 6 demos booked per rep', 'sales'],
			[14, 'first-week', 'Field feedback to marketing', 'sales'],
			[45, 'review', 'Mid-campaign review', 'both'],
			[0, 'end', 'Campaign end: wrap-up and next round', 'both'],
			[50, 'campaign', 'Second email wave', 'marketing'],
			[60, 'campaign', 'Reference customer webinar', 'marketing']
		] as const;
		plan.forEach(([offsetDays, phase, title, ownerTeam], i) =>
			content.timeline(doc).add({
				...by(`t${i}`),
				title,
				phase,
				anchor: phase === 'end' ? 'end' : 'launch',
				offsetDays,
				date: '',
				time: '09:30',
				durationMinutes: 60,
				ownerTeam,
				channel: 'meeting',
				callToAction: '',
				targets: '',
				materials: '',
				materialsStatus: 'todo'
			})
		);
		content.phrasings(doc).add({ ...by('p1'), lineId: 'headline', text: 'No more surprise breakdowns' });
		content.phrasings(doc).add({ ...by('p2'), lineId: 'headline', text: 'Your fleet, always rolling — guaranteed' });
		content.phrasings(doc).add({ ...by('p3'), lineId: 'headline', text: 'Fewer VOR days, or we pay' });
	});
}

/** Nothing scrolls, and the stage's work lies inside the 1920 × 1080 screen. */
async function fitsOneScreen(page: Page, stage: string) {
	const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, wide: document.documentElement.scrollWidth, inner: innerHeight, innerW: innerWidth }));
	expect(sizes.scroll, `${stage}: page height`).toBeLessThanOrEqual(sizes.inner);
	expect(sizes.wide, `${stage}: page width`).toBeLessThanOrEqual(sizes.innerW);
	const work = page.getByTestId(/^projector-(content|vote)$/);
	if ((await work.count()) === 0) return;
	// Sub-pixel rounding aside.
	await expect(work).toBeInViewport({ ratio: 0.99 });
	// The work area clips what overflows: its content must fit in it, not be cut off.
	const clipped = await page.evaluate(() => {
		const area = document.querySelector<HTMLElement>('.work')!;
		const inner = area.firstElementChild!.getBoundingClientRect();
		return inner.bottom - area.getBoundingClientRect().bottom;
	});
	expect(clipped, `${stage}: work cut off at the bottom`).toBeLessThanOrEqual(1);
}

test('the projector shows what the room works on, stage by stage, on one 1920 × 1080 screen', async ({ browser, server }) => {
	test.setTimeout(120_000);
	const workshop = await createWorkshop(server, 'Q1 launch — Uptime Guarantee for mid-size fleets');
	const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla Mendes', team: 'sales' })).body;
	const people = [
		await join(server, workshop, 'Anna Lindqvist', 'sales'),
		await join(server, workshop, 'Björn Sato', 'sales'),
		await join(server, workshop, 'Elif Kaya', 'marketing'),
		await join(server, workshop, 'Farid Haddad', 'marketing'),
		await join(server, workshop, 'Ines Duarte', 'leadership'),
		await join(server, workshop, 'Jon Okafor', 'leadership')
	];
	const [anna, bjorn, elif, farid, ines, jon] = people as [JoinResponse, JoinResponse, JoinResponse, JoinResponse, JoinResponse, JoinResponse];
	const intent = async (who: JoinResponse, body: Record<string, unknown>) => {
		const answer = await api<{ error?: { message: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
		expect(answer.status, `${String(body.type)}: ${answer.body.error?.message ?? ''}`).toBe(200);
	};

	const writer = connect(server, workshop.workshopId, 'content', carla.token);
	await synced(writer);
	fillSample(writer.doc);
	await writer.written();

	const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1920, height: 1080 } });
	await context.addCookies([{ name: sessionCookieName(workshop.workshopId), value: carla.token, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`/w/${workshop.workshopId}/projector`);
	await expect(page.getByTestId('projector-stage')).toHaveText('Frame');
	fs.mkdirSync(ARTIFACTS, { recursive: true });

	const show = async (stageId: string, title: string) => {
		await intent(carla, { type: 'stage.set', stageId });
		await expect(page.getByTestId('projector-stage')).toHaveText(title);
	};
	const shoot = (stage: string) => page.screenshot({ path: `${ARTIFACTS}/projector-${stage}.png` });

	await fitsOneScreen(page, 'frame');
	await shoot('frame');

	await show('draft', 'Draft');
	await expect(page.getByTestId('projector-content').getByText('Keep every truck on the road')).toBeInViewport();
	await expect(page.getByText('If we miss a breakdown, the repair is on us')).toBeInViewport();
	await expect(page.getByText('“Your 30% comes from another segment”')).toBeInViewport();
	// Live: a line typed in the room appears on the wall.
	lineFragment(writer.doc, 'headline').delete(0, 1);
	write(writer.doc, 'headline', 'Every truck on the road, guaranteed');
	await expect(page.getByTestId('projector-content').getByText('Every truck on the road, guaranteed')).toBeInViewport();
	await fitsOneScreen(page, 'draft');
	await shoot('draft');

	await show('language', 'Language');
	await intent(carla, { type: 'vote.open', lineId: 'headline', kind: 'dots', budget: 3 });
	await expect(page.getByText(/Vote on the headline open/)).toBeVisible();
	const control = connect(server, workshop.workshopId, 'control', carla.token);
	await synced(control);
	await expect.poll(() => readControl(control.doc).votes.length).toBe(1);
	const vote = readControl(control.doc).votes[0]!;
	const [current, p1, p2, p3] = vote.options.map((o) => o.id) as [string, string, string, string];
	const ballots: [JoinResponse, Record<string, number>][] = [
		[anna, { [p1]: 1, [p3]: 1, [current]: 1 }],
		[bjorn, { [p3]: 1, [p1]: 1, [p2]: 1 }],
		[elif, { [current]: 1, [p2]: 1, [p1]: 1 }],
		[farid, { [current]: 1, [p2]: 1, [p3]: 1 }],
		[ines, { [current]: 1, [p1]: 1, [p3]: 1 }],
		[jon, { [p2]: 1, [current]: 1, [p1]: 1 }]
	];
	for (const [who, allocation] of ballots) await intent(who, { type: 'vote.cast', voteId: vote.id, allocation });
	await intent(carla, { type: 'vote.close', voteId: vote.id });
	await intent(carla, { type: 'vote.reveal', voteId: vote.id });
	await expect(page.getByTestId('projector-vote')).toBeVisible();
	await expect(page.getByTestId('projector-vote').getByText('Fewer VOR days, or we pay')).toBeInViewport();
	const numberSizes = await page.getByTestId('projector-number').evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
	// Four options, each a total and three groups (sales, marketing, leadership).
	expect(numberSizes).toHaveLength(16);
	for (const size of numberSizes) expect(size).toBeGreaterThanOrEqual(28);
	await fitsOneScreen(page, 'language');
	await shoot('language');

	await show('stress-test', 'Stress-test');
	await intent(carla, { type: 'rating.open', claimIds: ['k1', 'k2', 'k3', 'k4', 'k5'], scenarioIds: [] });
	await expect.poll(() => readControl(control.doc).ratings.length).toBe(1);
	const round = readControl(control.doc).ratings[0]!;
	const scores = (base: number) => Object.fromEntries(['k1', 'k2', 'k3', 'k4', 'k5'].map((k, i) => [k, { true: ((base + i) % 5) + 1, consistent: 4, deliverable: ((base * i) % 5) + 1, conversation: 3 }]));
	for (const [i, who] of people.entries()) await intent(who, { type: 'rating.cast', roundId: round.id, scores: scores(i) });
	await intent(carla, { type: 'rating.close', roundId: round.id });
	await intent(carla, { type: 'rating.reveal', roundId: round.id });
	await expect(page.getByTestId('heatmap')).toBeVisible();
	await fitsOneScreen(page, 'stress-test');
	await shoot('stress-test');

	await show('agreements', 'Agreements');
	await expect(page.getByText('vehicle-off-road time (VOR)')).toBeInViewport();
	await expect(page.getByText('Pipeline created by the campaign')).toBeInViewport();
	await expect(page.getByText('reason to call now')).toBeInViewport();
	await fitsOneScreen(page, 'agreements');
	await shoot('agreements');

	await show('ramp-up', 'Ramp-up');
	await expect(page.getByText('Information session 2: objection role-play')).toBeInViewport();
	await expect(page.getByText('Times in Europe/Stockholm')).toBeInViewport();
	await fitsOneScreen(page, 'ramp-up');
	await shoot('ramp-up');

	await show('sign-off', 'Sign-off');
	await intent(carla, { type: 'version.save', name: 'Q1 final' });
	await expect.poll(() => readControl(control.doc).versions.length).toBe(1);
	const version = readControl(control.doc).versions[0]!;
	await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId, jon.participantId] });
	await intent(ines, { type: 'signoff.sign', versionId: version.id });
	await expect(page.getByTestId('projector-signer').filter({ hasText: 'Ines Duarte' })).toContainText('Signed “Q1 final”');
	await expect(page.getByTestId('projector-signer').filter({ hasText: 'Jon Okafor' })).toContainText('Not signed yet');
	await expect(page.getByText('1 of 2 signed')).toBeInViewport();
	await fitsOneScreen(page, 'sign-off');
	await shoot('sign-off');

	control.destroy();
	writer.destroy();
	await context.close();
});
