/** Exports from a real workshop over HTTP: who may download, and what comes out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unzipSync, strFromU8 } from 'fflate';
import type { JoinResponse } from '../../src/lib/api.js';
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

describe('export', () => {
	it('lets facilitators and leaders download PDF, Word and Markdown, and refuses others', async () => {
		const workshop = await createWorkshop(server, 'Q1 launch <script>');
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const ines = await join(server, workshop, 'Ines', 'leadership');
		const anna = await join(server, workshop, 'Anna', 'sales');
		const kim = await join(server, workshop, 'Kim', 'observer');
		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		await synced(writer);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Keep every truck on the road')]);
		lineFragment(writer.doc, 'headline').insert(0, [paragraph]);

		const get = (token: string, format: string) => fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/${format}`, { headers: { authorization: `Bearer ${token}` } });
		await eventually(async () => expect(await (await get(carla.token, 'md')).text()).toContain('### Keep every truck on the road'));

		const md = await get(ines.token, 'md');
		expect(md.headers.get('content-type')).toContain('text/markdown');
		expect(md.headers.get('content-disposition')).toBe('attachment; filename="Q1-launch-script.md"');
		expect(await md.text()).toContain('# Q1 launch \\<script\\>');

		const docx = await get(carla.token, 'docx');
		expect(docx.status).toBe(200);
		const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']!);
		expect(xml).toContain('Keep every truck on the road');

		const pdf = await get(carla.token, 'pdf');
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

		for (const token of [anna.token, kim.token]) {
			const refused = await get(token, 'pdf');
			expect(refused.status).toBe(403);
			expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
		}
		expect((await get(carla.token, 'exe')).status).toBe(400);

		// The facilitator opens exports to participants, then to observers too.
		const policy = (value: string) =>
			api(server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'export.setPolicy', policy: value }, { authorization: `Bearer ${carla.token}` });
		expect((await api(server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'export.setPolicy', policy: 'everyone' }, { authorization: `Bearer ${anna.token}` })).status).toBe(403);
		expect((await policy('participants')).status).toBe(200);
		expect((await get(anna.token, 'md')).status).toBe(200);
		expect((await get(kim.token, 'md')).status).toBe(403);
		expect((await policy('everyone')).status).toBe(200);
		expect((await get(kim.token, 'md')).status).toBe(200);
		expect((await policy('nobody')).status).toBe(400);
		expect((await fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/pdf`)).status).toBe(401);
		writer.destroy();
	});

	it('names a saved version\'s files after the version, with an RFC 6266 filename* for what is not ASCII', async () => {
		// Root cause: every export was named after the workshop only, so two versions downloaded side by side overwrote each other.
		const workshop = await createWorkshop(server, 'Lançamento Q1');
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const reader = connect(server, workshop.workshopId, 'control', carla.token);
		await synced(reader);
		expect((await api(server, `/api/workshops/${workshop.workshopId}/intents`, { type: 'version.save', name: 'Agreed in the room ✓' }, { authorization: `Bearer ${carla.token}` })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).versions).toHaveLength(1));
		const version = readControl(reader.doc).versions[0]!;
		const get = (format: string, query = '') => fetch(`${server.url}/api/workshops/${workshop.workshopId}/export/${format}${query}`, { headers: { authorization: `Bearer ${carla.token}` } });

		const pdf = await get('pdf', `?version=${version.id}`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-disposition')).toBe(
			`attachment; filename="Lancamento-Q1-Agreed-in-the-room.pdf"; filename*=UTF-8''${encodeURIComponent('Lançamento Q1 – Agreed in the room ✓.pdf')}`
		);
		expect((await get('md', `?version=${version.id}`)).headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Lançamento Q1 – Agreed in the room ✓.md')}`);
		// The current state is named after the workshop alone.
		expect((await get('md')).headers.get('content-disposition')).toBe(`attachment; filename="Lancamento-Q1.md"; filename*=UTF-8''Lan%C3%A7amento%20Q1.md`);
		reader.destroy();
	});
});
