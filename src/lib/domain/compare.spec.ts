import { describe, expect, it } from 'vitest';
import type { GroupVersion } from '../doc/control';
import { compareVersions, sameWording } from './compare';

function version(groupId: string, lines: Record<string, string>, labels: Record<string, string> = {}): GroupVersion {
	return {
		groupId,
		groupName: `Group ${groupId.slice(1)}`,
		lines: Object.entries(lines).map(([lineId, text]) => ({ lineId, label: labels[lineId] ?? lineId, text })),
		balance: []
	};
}

describe('sameWording', () => {
	it('ignores case, punctuation and whitespace', () => {
		expect(sameWording('Keep every truck on the road', 'keep every truck on the road.')).toBe(true);
		expect(sameWording('Your fleet, always rolling — guaranteed', 'your fleet always rolling   guaranteed!')).toBe(true);
		expect(sameWording('Cut downtime by 30%', 'cut downtime by 30 %')).toBe(true);
		expect(sameWording('Don’t wait for the breakdown', "Don't wait for the breakdown")).toBe(true);
		expect(sameWording('1,000 trucks', '1000 trucks')).toBe(true);
	});

	it('merges a word or two changed in a long line', () => {
		const a = 'Fleetwise predicts breakdowns days before they happen and guarantees the uptime of every truck in your fleet.';
		expect(sameWording(a, a.replace('every truck', 'each truck'))).toBe(true);
		expect(sameWording(a, a.replace('days before', 'weeks before').replace('every truck', 'each truck'))).toBe(true);
		expect(sameWording(a, 'Fleetwise warns you before a truck breaks down, so your loads arrive on time.')).toBe(false);
	});

	it('keeps short lines with a changed word apart: they are the alternatives a vote is for', () => {
		expect(sameWording('No more surprise breakdowns', 'No more roadside breakdowns')).toBe(false);
		expect(sameWording('Keep every truck on the road', 'Keep every truck rolling')).toBe(false);
	});

	it('never merges different numbers or a negation, however long the line', () => {
		expect(sameWording('Cut downtime by 30%', 'Cut downtime by 50%')).toBe(false);
		expect(sameWording('Cuts unplanned vehicle-off-road time by 30% in the first year for fleets of 50 to 500 trucks', 'Cuts unplanned vehicle-off-road time by 35% in the first year for fleets of 50 to 500 trucks')).toBe(false);
		expect(sameWording('Installs in one day at your depot with a workshop visit for every truck in the fleet', 'Installs in one day at your depot without a workshop visit for every truck in the fleet')).toBe(false);
		expect(sameWording('It pays for itself in 6.5 months', 'It pays for itself in 65 months')).toBe(false);
	});

	it('treats two empty texts as the same', () => {
		expect(sameWording('', ' . ')).toBe(true);
		expect(sameWording('', 'Something')).toBe(false);
	});
});

describe('compareVersions', () => {
	const labels = { 'claim-k1': 'Claim 1', 'claim-k2': 'Claim 2', 'claim-g3': 'Claim 3', 'claim-g4': 'Claim 3' };
	const versions = [
		version('g1', { headline: 'Keep every truck on the road', oneLiner: 'Fleetwise predicts breakdowns and guarantees your uptime.', 'claim-k2': 'Installs in one day', 'claim-k1': 'Cuts VOR time by 30%', 'claim-g3': 'Pays for itself in six months' }, labels),
		version('g2', { headline: 'No more surprise breakdowns', oneLiner: '', 'claim-k1': 'Cuts VOR time by 50%' }, labels),
		version('g3', { headline: 'keep every truck on the road!', 'claim-k1': 'cuts VOR time by 30 %', 'claim-g4': 'Works with every make' }, labels),
		version('g4', { oneLiner: 'Fleetwise predicts breakdowns, and guarantees your uptime', 'claim-k1': 'Cuts VOR time by 30%', 'claim-k2': 'Installs in one day.' }, labels)
	];
	const compared = compareVersions(versions, ['headline', 'claim-k1', 'claim-k2', 'claim-gone']);

	it('orders fixed lines as the proposition does, then room claims in room order, then group-only claims', () => {
		expect(compared.map((l) => l.lineId)).toEqual(['headline', 'oneLiner', 'claim-k1', 'claim-k2', 'claim-g3', 'claim-g4']);
		expect(compared.map((l) => l.inRoom)).toEqual([true, true, true, true, false, false]);
		expect(compared.map((l) => l.label)).toEqual(['Headline', 'One-liner', 'Claim 1', 'Claim 2', 'Claim 3 (Group 1)', 'Claim 3 (Group 3)']);
	});

	it('merges identical and near-identical texts, keeps the rest apart, in the groups\' order', () => {
		const headline = compared.find((l) => l.lineId === 'headline')!;
		expect(headline.texts).toEqual([
			{ text: 'Keep every truck on the road', groupIds: ['g1', 'g3'] },
			{ text: 'No more surprise breakdowns', groupIds: ['g2'] }
		]);
		const k1 = compared.find((l) => l.lineId === 'claim-k1')!;
		expect(k1.texts).toEqual([
			{ text: 'Cuts VOR time by 30%', groupIds: ['g1', 'g3', 'g4'] },
			{ text: 'Cuts VOR time by 50%', groupIds: ['g2'] }
		]);
	});

	it('lists the groups that left a line empty or did not have it', () => {
		expect(compared.find((l) => l.lineId === 'headline')!.missing).toEqual(['g4']);
		expect(compared.find((l) => l.lineId === 'oneLiner')!.missing).toEqual(['g2', 'g3']);
		expect(compared.find((l) => l.lineId === 'claim-k2')!.missing).toEqual(['g2', 'g3']);
		expect(compared.find((l) => l.lineId === 'claim-g4')!.missing).toEqual(['g1', 'g2', 'g4']);
	});

	it('leaves out lines no group wrote on, and compares nothing without versions', () => {
		expect(compared.some((l) => l.lineId === 'claim-gone' || l.lineId === 'need')).toBe(false);
		expect(compareVersions([], ['claim-k1'])).toEqual([]);
	});

	it('trims the texts it shows', () => {
		const [line] = compareVersions([version('g1', { headline: '  Keep rolling \n' })], []);
		expect(line!.texts[0]!.text).toBe('Keep rolling');
	});
});
