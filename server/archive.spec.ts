import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildExport } from '../src/lib/doc/export.js';
import { content, controlWriters, lineFragment } from '../src/lib/doc/schema.js';
import { defaultAgenda } from '../src/lib/domain/agenda.js';
import { ARCHIVE_MAX_BYTES, readArchive, writeArchive } from './archive.js';

function workshopDocs() {
	const contentDoc = new Y.Doc();
	const controlDoc = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Keep every truck on the road')]);
	lineFragment(contentDoc, 'headline').insert(0, [p]);
	content.glossary(contentDoc).add({ id: 'g', authorId: 'a', authorTeam: 'sales', createdAt: 1, marketingSays: 'downtime', salesSays: 'VOR', weSay: 'VOR', definition: '', example: '' });
	content.campaign.write(contentDoc, { launchDate: '2027-02-01', endDate: '2027-04-30', timeZone: 'Europe/Stockholm' });
	controlWriters.setAgenda(controlDoc, defaultAgenda());
	return { contentDoc, controlDoc };
}

const meta = { title: 'Q1 launch', product: 'Uptime Guarantee', customer: 'Fleet managers', launchDate: '2027-02-01' };

describe('archives', () => {
	it('round-trips: export → import → export gives the same content', () => {
		const { contentDoc, controlDoc } = workshopDocs();
		const text = JSON.stringify(writeArchive(meta, contentDoc, controlDoc, new Date(0)));
		const parsed = readArchive(JSON.parse(text), text.length);
		if (!parsed.ok) throw new Error(parsed.error.message);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, parsed.value.content);
		const freshControl = new Y.Doc();
		controlWriters.setAgenda(freshControl, parsed.value.agenda);
		const before = buildExport(contentDoc, controlDoc, meta, new Date(0));
		const after = buildExport(copy, freshControl, meta, new Date(0));
		expect(after.proposition).toEqual(before.proposition);
		expect(after.glossary).toEqual(before.glossary);
		expect(after.timeline).toEqual(before.timeline);
		expect([after.launchDate, after.campaignEnd, after.timeZone]).toEqual([before.launchDate, before.campaignEnd, before.timeZone]);
		expect(parsed.value.workshop).toEqual(meta);
	});

	it('refuses wrong versions, wrong shapes, damaged content and oversized files, saying why', () => {
		const { contentDoc, controlDoc } = workshopDocs();
		const good = writeArchive(meta, contentDoc, controlDoc, new Date(0));
		const cases: Array<[unknown, number, string]> = [
			[null, 10, 'invalid-archive'],
			[{ ...good, format: 'other' }, 10, 'invalid-archive'],
			[{ ...good, version: 2 }, 10, 'unsupported-archive-version'],
			[{ ...good, workshop: { title: '' } }, 10, 'invalid-archive'],
			[{ ...good, content: '!!!not base64' }, 10, 'invalid-archive'],
			[{ ...good, content: Buffer.from([1, 2, 3, 250, 250]).toString('base64') }, 10, 'invalid-archive'],
			[{ ...good, agenda: [{ id: 'x' }] }, 10, 'invalid-archive'],
			[{ ...good, columns: 'no' }, 10, 'invalid-archive'],
			[good, ARCHIVE_MAX_BYTES + 1, 'archive-too-large']
		];
		for (const [input, size, code] of cases) {
			const result = readArchive(input, size);
			expect(result.ok, JSON.stringify(input)?.slice(0, 60)).toBe(false);
			if (!result.ok) expect(result.error.code).toBe(code);
		}
	});
});
