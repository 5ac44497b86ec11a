/** Versions and sign-off over HTTP: a signature binds a version's hash; any later edit shows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api.js';
import { lineFragment, readControl } from '../../src/lib/doc/schema.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

type Status = { currentHash: string; signoffs: { signerId: string; versionHash: string; changedSinceSigned: boolean }[] };

describe('sign-off', () => {
	it('signs a version, then shows "changed since signed" after an edit; a non-signer is refused', async () => {
		const workshop: CreateWorkshopResponse = await createWorkshop(server);
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const ines = await join(server, workshop, 'Ines Duarte', 'leadership');
		const jon = await join(server, workshop, 'Jon Okafor', 'leadership');
		const anna = await join(server, workshop, 'Anna', 'sales');
		const kim = await join(server, workshop, 'Kim', 'observer');
		const intent = (who: JoinResponse, body: Record<string, unknown>) =>
			api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
		const status = async () => (await api<Status>(server, `/api/workshops/${workshop.workshopId}/signoff`, undefined, { authorization: `Bearer ${anna.token}` })).body;

		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(writer);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);

		const reader = connect(server, workshop.workshopId, 'control', anna.token);
		await synced(reader);
		// Save once the headline has reached the server.
		await eventually(async () => {
			expect((await intent(anna, { type: 'version.save', name: 'Agreed in the room' })).status).toBe(200);
			const versions = readControl(reader.doc).versions;
			const last = versions.at(-1)!;
			const view = await api<{ data: { proposition: { headline: string } } }>(server, `/api/workshops/${workshop.workshopId}/versions/${last.id}`, undefined, { authorization: `Bearer ${ines.token}` });
			expect(view.body.data.proposition.headline).toBe('Keep every truck on the road');
		});
		const version = readControl(reader.doc).versions.at(-1)!;
		expect(version.hash).toMatch(/^[0-9a-f]{64}$/);

		expect((await intent(kim, { type: 'version.save', name: 'x' })).status).toBe(403);
		expect((await intent(anna, { type: 'signoff.setSigners', participantIds: [ines.participantId] })).status).toBe(403);
		expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [kim.participantId] })).body.error?.code).toBe('unknown-participant');
		expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId, jon.participantId] })).status).toBe(200);

		expect((await intent(anna, { type: 'signoff.sign', versionId: version.id })).body.error?.code).toBe('not-a-signer');
		expect((await intent(ines, { type: 'signoff.sign', versionId: 'nope' })).body.error?.code).toBe('unknown-version');
		expect((await intent(ines, { type: 'signoff.sign', versionId: version.id })).status).toBe(200);

		let current = await status();
		expect(current.signoffs).toEqual([expect.objectContaining({ signerId: ines.participantId, versionHash: version.hash, changedSinceSigned: false })]);
		expect(current.currentHash).toBe(version.hash);

		// A later edit: the signature now shows "changed since signed".
		const headline = (lineFragment(writer.doc, 'headline').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		headline.insert(0, 'Always: ');
		await eventually(async () => {
			current = await status();
			expect(current.signoffs[0]!.changedSinceSigned).toBe(true);
		});

		// Exporting the signed version gives the signed text, not the edited one.
		const md = await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/md?version=${version.id}`, { headers: { authorization: `Bearer ${ines.token}` } });
		const text = await md.text();
		expect(text).toContain('### Keep every truck on the road');
		expect(text).not.toContain('Always');
		expect(text).toContain('**Ines Duarte** signed “Agreed in the room”');
		expect(text).toContain('this document is that version.');
		const now = await (await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/md`, { headers: { authorization: `Bearer ${ines.token}` } })).text();
		expect(now).toContain('this document has changed since.');
		writer.destroy();
		reader.destroy();
	});
});

describe('archives and the next round', () => {
	it('imports an exported archive as a new workshop with the same content, and refuses a bad one', async () => {
		const workshop = await createWorkshop(server, 'Archived workshop');
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const writer = connect(server, workshop.workshopId, 'content', carla.token);
		await synced(writer);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);

		const exportMd = async (id: string, token: string) =>
			(await (await fetch(`${server.url}/api/workshops/${id}/export/md`, { headers: { authorization: `Bearer ${token}` } })).text()).replace(/\*\*Exported:\*\*.*\n/, '');
		let archive = '';
		await eventually(async () => {
			archive = await (await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/json`, { headers: { authorization: `Bearer ${carla.token}` } })).text();
			expect(await exportMd(workshop.workshopId, carla.token)).toContain('Keep every truck on the road');
		});
		const imported = await api<CreateWorkshopResponse>(server, '/api/workshops/import', archive);
		expect(imported.status).toBe(201);
		expect(imported.body.workshopId).not.toBe(workshop.workshopId);
		const newCarla = (await api<JoinResponse>(server, `/api/workshops/${imported.body.workshopId}/facilitate`, { key: imported.body.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const before = await exportMd(workshop.workshopId, carla.token);
		const after = await exportMd(imported.body.workshopId, newCarla.token);
		// The same content; only the roster and "who wrote it" (attribution stays with the original) differ.
		const strip = (md: string) => md.split('## Who took part')[0]!.replace(/_Who wrote it:_.*\n/, '');
		expect(strip(after)).toBe(strip(before));

		const bad = await api<{ error: { code: string } }>(server, '/api/workshops/import', JSON.stringify({ format: 'plumbline-archive', version: 99 }));
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe('unsupported-archive-version');
		writer.destroy();
	});

	it('starts the next round from a saved version; only a facilitator may', async () => {
		const workshop = await createWorkshop(server, 'Round one');
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const anna = await join(server, workshop, 'Anna', 'sales');
		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(writer);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Signed headline')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);
		const reader = connect(server, workshop.workshopId, 'control', anna.token);
		await synced(reader);
		await eventually(async () => {
			const saved = await api(server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'version.save', name: 'Signed' }, { authorization: `Bearer ${carla.token}` });
			expect(saved.status).toBe(200);
			const last = readControl(reader.doc).versions.at(-1)!;
			const view = await api<{ data: { proposition: { headline: string } } }>(server, `/api/workshops/${workshop.workshopId}/versions/${last.id}`, undefined, { authorization: `Bearer ${carla.token}` });
			expect(view.body.data.proposition.headline).toBe('Signed headline');
		});
		const versionId = readControl(reader.doc).versions.at(-1)!.id;
		const path = `/api/workshops/${workshop.workshopId}/next-round`;
		expect((await api(server, path, { versionId }, { authorization: `Bearer ${anna.token}` })).status).toBe(403);
		expect((await api(server, path, { versionId: 'nope' }, { authorization: `Bearer ${carla.token}` })).status).toBe(404);
		const next = await api<CreateWorkshopResponse>(server, path, { versionId }, { authorization: `Bearer ${carla.token}` });
		expect(next.status).toBe(201);
		const nextCarla = (await api<JoinResponse>(server, `/api/workshops/${next.body.workshopId}/facilitate`, { key: next.body.facilitatorKey })).body;
		const md = await (await fetch(`${server.url}/api/workshops/${next.body.workshopId}/export/md`, { headers: { authorization: `Bearer ${nextCarla.token}` } })).text();
		expect(md).toContain('# Round one — next round');
		expect(md).toContain('### Signed headline');
		writer.destroy();
		reader.destroy();
	});
});
