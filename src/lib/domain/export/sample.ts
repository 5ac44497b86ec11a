/**
 * The sample workshop (shared/samples/sample-workshop.md) as export data: the
 * fixture for renderer tests and for looking at the documents.
 */
import type { ExportData } from './model.js';

export function sampleExport(): ExportData {
	return {
		title: 'Q1 launch — Uptime Guarantee for mid-size fleets',
		product: 'Fleetwise Uptime Guarantee',
		customer: 'Fleet operations managers at haulage companies with 50–500 trucks',
		launchDate: '2027-02-01',
		campaignEnd: '2027-04-30',
		timeZone: 'Europe/Stockholm',
		generatedAt: '2026-11-23T10:00:00.000Z',
		participants: [
			...['Anna Lindqvist', 'Björn Sato', 'Carla Mendes', 'Dev Patel'].map((name) => ({ name, team: 'sales' as const, role: 'participant' })),
			...['Elif Kaya', 'Farid Haddad', 'Greta Novak', 'Hugo Berg'].map((name) => ({ name, team: 'marketing' as const, role: 'participant' })),
			{ name: 'Ines Duarte', team: 'leadership', role: 'participant' },
			{ name: 'Jon Okafor', team: 'leadership', role: 'participant' },
			{ name: 'Kim Larsen', team: null, role: 'observer' }
		],
		proposition: {
			headline: 'Keep every truck on the road',
			oneLiner: 'Fleetwise predicts breakdowns before they happen and guarantees your uptime.',
			statement: [
				{ label: 'For', text: 'fleet operations managers at haulage companies of 50–500 trucks' },
				{ label: 'Who', text: 'lose revenue every time a truck is off the road' },
				{ label: 'Our offer', text: 'Fleetwise Uptime Guarantee' },
				{ label: 'Is a', text: 'predictive maintenance service' },
				{ label: 'That', text: 'warns you days before a breakdown and pays you back if it misses one' },
				{ label: 'Unlike', text: 'OEM telematics, which report faults after they happen' },
				{ label: 'We', text: 'work across every make in your fleet and put money behind our predictions' }
			],
			claims: [
				{ label: 'Claim 1', text: 'Cuts unplanned vehicle-off-road time by 30%' },
				{ label: 'Claim 2', text: 'Installs in one day, without a workshop visit' },
				{ label: 'Claim 3', text: 'Works with every make of truck you already run' },
				{ label: 'Claim 4', text: 'Pays for itself within six months' },
				{ label: 'Claim 5', text: 'If we miss a breakdown, the repair is on us' }
			],
			notes: ''
		},
		contribution: [
			{ team: 'sales', share: 0.44 },
			{ team: 'marketing', share: 0.49 },
			{ team: 'other', share: 0.07 }
		],
		language: [
			{
				line: 'Headline',
				adopted: 'Keep every truck on the road',
				unit: 'dots',
				voters: 10,
				agreement: 'Sales and marketing favour different options: sales “No more surprise breakdowns”, marketing “Keep every truck on the road” (67% apart).',
				groups: ['Sales', 'Marketing', 'Leadership and other'],
				note: 'Leadership and other are shown together: a team with too few voters is never shown alone, so nobody’s answers can be worked out.',
				options: [
					{ text: 'Keep every truck on the road', total: 14, winner: true, byGroup: [3, 9, 2] },
					{ text: 'No more surprise breakdowns', total: 10, winner: false, byGroup: [7, 1, 2] },
					{ text: 'Your fleet, always rolling — guaranteed', total: 3, winner: false, byGroup: [0, 2, 1] },
					{ text: 'Fewer VOR days, or we pay', total: 3, winner: false, byGroup: [2, 0, 1] }
				]
			}
		],
		stressTest: [
			{
				claim: 'Claim 5',
				text: 'If we miss a breakdown, the repair is on us',
				splits: ['Works in a conversation: sales doubt it (2.0), marketing are sure (4.5)'],
				note: '',
				cells: [
					{ criterion: 'True', mean: 3.6, sales: 3.0, marketing: 4.3, weakest: false, contested: false },
					{ criterion: 'Consistent', mean: 4.1, sales: 4.0, marketing: 4.3, weakest: false, contested: false },
					{ criterion: 'Deliverable', mean: 2.4, sales: 1.8, marketing: 3.3, weakest: true, contested: false },
					{ criterion: 'Works in a conversation', mean: 3.0, sales: 2.0, marketing: 4.5, weakest: false, contested: true }
				]
			},
			{
				claim: 'Claim 1',
				text: 'Cuts unplanned vehicle-off-road time by 30%',
				splits: [],
				note: '',
				cells: [
					{ criterion: 'True', mean: 3.1, sales: 2.5, marketing: 3.8, weakest: true, contested: false },
					{ criterion: 'Consistent', mean: 4.0, sales: 4.0, marketing: 4.0, weakest: false, contested: false },
					{ criterion: 'Deliverable', mean: 3.5, sales: 3.3, marketing: 3.8, weakest: false, contested: false },
					{ criterion: 'Works in a conversation', mean: 2.8, sales: 2.3, marketing: 3.3, weakest: true, contested: false }
				]
			}
		],
		glossary: [
			{ marketingSays: 'predictive maintenance', salesSays: 'fewer breakdowns', weSay: 'breakdown prevention', definition: 'Warning days ahead of a failure', example: 'Breakdown prevention for every truck you run.' },
			{ marketingSays: 'downtime', salesSays: 'VOR', weSay: 'vehicle-off-road time (VOR)', definition: 'Days a truck cannot earn', example: 'We cut your VOR by 30%.' },
			{ marketingSays: 'MQL', salesSays: 'a lead', weSay: 'qualified lead', definition: 'Meets the hand-off definition', example: '' }
		],
		metrics: [
			{ name: 'Pipeline created by the campaign', measures: 'Opportunity value opened', owner: 'sales', target: '€2.4M', horizon: 'month', source: 'CRM', shared: true },
			{ name: 'Qualified leads handed to sales', measures: 'Leads meeting the hand-off definition', owner: 'marketing', target: '180', horizon: 'month', source: 'Marketing automation', shared: true },
			{ name: 'Brand awareness among fleet managers', measures: 'Aided awareness in the segment', owner: 'marketing', target: '+10 pts', horizon: 'year', source: 'Survey', shared: false },
			{ name: 'Win rate on campaign opportunities', measures: 'Won / closed', owner: 'sales', target: '25%', horizon: 'quarter', source: 'CRM', shared: false },
			{ name: 'Time from hand-off to first contact', measures: 'Hours', owner: 'both', target: 'under 24 h', horizon: 'week', source: 'CRM', shared: true }
		],
		handoff: {
			fields: [
				...['Name', 'Phone or email', 'Company', 'Fleet size', 'A reason to call now', 'Truck makes'].map((field) => ({ field, wantedBy: ['sales'], status: 'required' })),
				{ field: 'Current telematics', wantedBy: ['marketing'], status: 'optional' },
				{ field: 'Content consumed', wantedBy: ['marketing'], status: 'optional' },
				{ field: 'Budget window', wantedBy: ['marketing'], status: 'dropped' }
			],
			followUp: 'First contact within 24 hours',
			feedback: 'Sales rates lead quality weekly'
		},
		timeline: [
			{ date: '2027-01-11', time: '09:30', title: 'This alignment workshop', phase: 'Other', owner: 'both', channel: 'meeting', callToAction: 'Agree proposition and language', targets: '', materials: '' },
			{ date: '2027-01-18', time: '14:00', title: 'Information session 1: the story and the claims', phase: 'Information session', owner: 'marketing', channel: 'meeting', callToAction: 'Every rep can tell the story in 60 s', targets: '', materials: 'Story deck (ready)' },
			{ date: '2027-01-25', time: '14:00', title: 'Information session 2: objection role-play', phase: 'Information session', owner: 'sales', channel: 'meeting', callToAction: 'Each rep handles the four objections', targets: '', materials: 'Objection cards (in-progress)' },
			{ date: '2027-02-01', time: '08:00', title: 'Launch', phase: 'Day one', owner: 'sales', channel: 'call', callToAction: 'Call your top 10 accounts; email wave 1', targets: '10 calls per rep', materials: 'Call script (ready)' },
			{ date: '2027-02-08', time: '09:00', title: 'First week', phase: 'First week', owner: 'sales', channel: 'call', callToAction: 'Book demos', targets: '40 calls and 6 demos per rep', materials: 'Demo deck (todo)' },
			{ date: '2027-03-18', time: '10:00', title: 'Mid-campaign review', phase: 'Review', owner: 'both', channel: 'meeting', callToAction: 'Adjust claims and targets', targets: '', materials: 'Results dashboard (todo)' },
			{ date: '2027-04-30', time: '16:30', title: 'Campaign end', phase: 'Campaign end', owner: 'both', channel: 'other', callToAction: 'Wrap-up and next round', targets: '', materials: '' }
		],
		signatures: [
			{ name: 'Ines Duarte', versionName: 'Agreed in the room', versionHash: '9d4cc11614a0b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b', signedAt: '2027-01-11T15:30:00.000Z', matches: true },
			{ name: 'Jon Okafor', versionName: 'Agreed in the room', versionHash: '9d4cc11614a0b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b', signedAt: '2027-01-11T15:32:00.000Z', matches: true }
		]
	};
}

/** The same workshop with hostile text in every field a person can type. */
export function hostileExport(): ExportData {
	const evil = '<script>alert(1)</script> **bold** [link](javascript:alert(1)) =cmd|\' /C calc\'!A0 \u202Egnp.exe\u0007';
	const data = sampleExport();
	data.title = `Q1 ${evil}`;
	data.proposition.headline = evil;
	data.glossary[0]!.weSay = evil;
	data.metrics[0]!.name = '=HYPERLINK("http://evil.example")';
	data.timeline[0]!.title = evil;
	data.participants[0]!.name = evil;
	return data;
}
