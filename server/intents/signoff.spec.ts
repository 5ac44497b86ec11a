import { afterEach, describe, expect, it } from 'vitest';
import { HASH_SCHEME } from '../versions.js';
import { refusing, testWorkshop, type Options, type TestWorkshop } from './testing.js';

const refused = (status: number, code: string, message?: string) => ({
	ok: false,
	error: expect.objectContaining(message === undefined ? { status, code } : { status, code, message })
});
const applied = (type: string) => ({ ok: true, value: { applied: type } });

let w: TestWorkshop;
const open = async (options?: Options) => (w = await testWorkshop(options));
afterEach(async () => w?.close());

describe('versions', () => {
	it('saves a named version to storage, then lists it with its hash', async () => {
		await open({ now: () => 7000 });
		expect(await w.send('observer', 'version.save', { name: 'v1' })).toEqual(refused(403, 'forbidden', 'Observers cannot do that.'));
		expect(await w.send('sales', 'version.save', { name: '' })).toEqual(refused(400, 'invalid-name'));
		expect(await w.send('sales', 'version.save', { name: 'x'.repeat(81) })).toEqual(refused(400, 'invalid-name'));
		expect(await w.send('sales', 'version.save', { name: '  Before lunch ' })).toEqual(applied('version.save'));
		const [listed] = (await w.control()).versions;
		expect(listed).toMatchObject({ name: 'Before lunch', authorName: 'Sam', authorTeam: 'sales', createdAt: 7000, hashScheme: HASH_SCHEME });
		expect(listed!.hash).toMatch(/^[0-9a-f]{64}$/);
		const stored = await w.storage.records.getVersion(w.workshopId, listed!.id);
		expect(stored).toMatchObject({ name: 'Before lunch', hash: listed!.hash, authorId: w.people.sales.participant.id });
	});

	it('refuses a save past the count or size quota, counted as quota refusals', async () => {
		await open({ quotas: { maxVersions: 1 } });
		expect(await w.send('sales', 'version.save', { name: 'one' })).toEqual(applied('version.save'));
		expect(await w.send('sales', 'version.save', { name: 'two' })).toEqual(refused(409, 'too-many-versions'));
		expect(w.quotaRefusals).toEqual(['too-many-versions']);
		await w.close();
		await open({ quotas: { maxVersionBytes: 10 } });
		expect(await w.send('sales', 'version.save', { name: 'big' })).toEqual(refused(413, 'versions-too-large'));
		expect(w.quotaRefusals).toEqual(['versions-too-large']);
		expect((await w.control()).versions).toEqual([]);
	});

	it('lists no version that storage did not keep', async () => {
		await open({ records: refusing('insertVersion') });
		expect(await w.send('sales', 'version.save', { name: 'lost' })).toEqual(refused(503, 'not-saved'));
		expect((await w.control()).versions).toEqual([]);
	});
});

describe('export policy', () => {
	it('is the facilitator’s choice among the known policies', async () => {
		await open();
		expect(await w.sendRaw('facilitator', { type: 'export.setPolicy', policy: 'everyone-and-their-dog' })).toEqual(refused(400, 'invalid-policy'));
		expect(await w.send('sales', 'export.setPolicy', { policy: 'everyone' })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'export.setPolicy', { policy: 'everyone' })).toEqual(applied('export.setPolicy'));
		expect((await w.control()).exportPolicy).toBe('everyone');
	});
});

describe('sign-off', () => {
	it('names as signers only people of the workshop who are not observers', async () => {
		await open();
		const { sales, marketing, observer } = w.people;
		expect(await w.send('facilitator', 'signoff.setSigners', { participantIds: [observer.participant.id] })).toEqual(refused(400, 'unknown-participant'));
		expect(await w.send('facilitator', 'signoff.setSigners', { participantIds: ['nobody'] })).toEqual(refused(400, 'unknown-participant'));
		expect(await w.send('facilitator', 'signoff.setSigners', { participantIds: Array.from({ length: 11 }, () => sales.participant.id) })).toEqual(
			refused(400, 'invalid-signers')
		);
		expect(await w.send('sales', 'signoff.setSigners', { participantIds: [sales.participant.id] })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('facilitator', 'signoff.setSigners', { participantIds: [sales.participant.id, marketing.participant.id, sales.participant.id] })).toEqual(
			applied('signoff.setSigners')
		);
		expect((await w.control()).signers).toEqual([sales.participant.id, marketing.participant.id]);
	});

	it('lets a named signer sign a saved version, binding its hash', async () => {
		await open({ now: () => 4242 });
		await w.send('facilitator', 'signoff.setSigners', { participantIds: [w.people.sales.participant.id] });
		await w.send('marketing', 'version.save', { name: 'Final' });
		const [version] = (await w.control()).versions;

		expect(await w.send('marketing', 'signoff.sign', { versionId: version!.id })).toEqual(refused(403, 'not-a-signer'));
		expect(await w.send('observer', 'signoff.sign', { versionId: version!.id })).toEqual(refused(403, 'forbidden'));
		expect(await w.send('sales', 'signoff.sign', { versionId: 'nope' })).toEqual(refused(404, 'unknown-version'));
		expect(await w.send('sales', 'signoff.sign', { versionId: version!.id })).toEqual(applied('signoff.sign'));
		expect((await w.control()).signoffs).toEqual([
			{ signerId: w.people.sales.participant.id, signerName: 'Sam', versionId: version!.id, versionHash: version!.hash, hashScheme: HASH_SCHEME, signedAt: 4242 }
		]);
	});
});
