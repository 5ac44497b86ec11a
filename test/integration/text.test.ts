/**
 * Text stays exactly as typed, end to end. Root cause of the regression this
 * guards: lines were read with XmlText.toString() and every "<…>" stripped, so
 * "Costs < $10 … > 3 hours" reached votes, versions and exports as "Costs  3 hours".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import type { JoinResponse } from '../../src/lib/api.js';
import { claimLineId, claims, content, lineFragment, lineSchema, lineText, readControl } from '../../src/lib/doc/schema.js';
import type { ExportData } from '../../src/lib/domain/export/model.js';
import { startServer, eventually, type RunningServer } from '../support/server.js';
import { api, connect, createWorkshop, join, synced } from '../support/clients.js';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server.stop();
});

const typed = 'Costs < $10 a month & saves > 3 hours — "fast" 🚀 <b>not bold</b>';
const secondLine = "Ünïcödé: Привет, Ελλάδα, café, it's <i>&amp;</i> #1 *not* [a](link)";
const phrasing = 'Saves > 3 hours & costs < $10 — "quick" 🚀 <script>x</script>';
const claim = 'Under 5 % downtime, or <50 € back & "no" questions 👍';

/** Write a line as the editor does: a ProseMirror document through y-tiptap, part of it bold. */
function typeLine(doc: Y.Doc, lineId: string, lines: string[]) {
	const schema = lineSchema();
	const bold = schema.marks.bold!.create();
	const paragraphs = lines.map((line) => {
		const cut = Math.floor(line.length / 2);
		return schema.nodes.paragraph!.create(null, [schema.text(line.slice(0, cut)), schema.text(line.slice(cut), [bold])]);
	});
	prosemirrorToYXmlFragment(schema.topNodeType.create(null, paragraphs), lineFragment(doc, lineId));
}

/** Text of a .docx: runs in order, a line break as a newline, paragraphs on their own lines. */
function docxText(buffer: ArrayBuffer): string {
	const xml = strFromU8(unzipSync(new Uint8Array(buffer))['word/document.xml']!);
	const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
	return xml
		.replace(/<\/w:p>/g, '\n')
		.replace(/<w:br\/>/g, '\n')
		.replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, '\u0001$1\u0002')
		.replace(/<[^>]*>/g, '')
		// \u0001 and \u0002 mark where a run's text starts and ends (set just above).
		// eslint-disable-next-line no-control-regex
		.replace(/\u0002[^\u0001\n]*\u0001|\u0001|\u0002/g, '')
		.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => entities[name]!);
}

/** Text of a PDF, page by page, as pdf.js extracts it. */
async function pdfText(buffer: ArrayBuffer): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
	}
	return pages.join('\n');
}

/** Markdown as CommonMark shows it: backslash escapes of ASCII punctuation undone, hard breaks as newlines. */
const shownMarkdown = (markdown: string) => markdown.replace(/ {2}\n/g, '\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('text as typed', () => {
	it('keeps "<", ">", "&", quotes, Unicode and emoji through drafting, phrasing, vote, adoption, version and every export', async () => {
		const workshop = await createWorkshop(server);
		const carla = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
		const anna = await join(server, workshop, 'Anna', 'sales');
		const elif = await join(server, workshop, 'Elif', 'marketing');
		const ines = await join(server, workshop, 'Ines', 'leadership');
		const intent = (who: JoinResponse, body: Record<string, unknown>) =>
			api<{ error?: { code: string } }>(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${who.token}` });
		const get = (path: string) => fetch(`${server.url}/api/workshops/${workshop.workshopId}/${path}`, { headers: { authorization: `Bearer ${carla.token}` } });

		const writer = connect(server, workshop.workshopId, 'content', anna.token);
		const reader = connect(server, workshop.workshopId, 'control', anna.token);
		await Promise.all([synced(writer), synced(reader)]);
		writer.doc.transact(() => {
			typeLine(writer.doc, 'headline', [typed, secondLine]);
			claims.add(writer.doc, 'c1');
			typeLine(writer.doc, claimLineId('c1'), [claim]);
			content.phrasings(writer.doc).add({ id: 'alt', authorId: anna.participantId, authorTeam: 'sales', createdAt: 1, lineId: 'headline', text: phrasing });
		});
		const line = `${typed}\n${secondLine}`;
		expect(lineText(writer.doc, 'headline')).toBe(line);
		await writer.written();

		// Vote options and rating claims are the text as typed.
		expect((await intent(carla, { type: 'vote.open', lineId: 'headline', kind: 'single' })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).votes[0]?.options.map((o) => o.text)).toEqual([line, phrasing]));
		expect((await intent(carla, { type: 'rating.open' })).status).toBe(200);
		await eventually(() => expect(readControl(reader.doc).ratings[0]?.claims.map((c) => c.text)).toEqual([claim]));

		const voteId = readControl(reader.doc).votes[0]!.id;
		for (const [who, option] of [[anna, 'alt'], [elif, 'alt'], [carla, 'current']] as const) {
			expect((await intent(who, { type: 'vote.cast', voteId, allocation: { [option]: 1 } })).status).toBe(200);
		}
		expect((await intent(carla, { type: 'vote.close', voteId })).status).toBe(200);
		expect((await intent(carla, { type: 'vote.reveal', voteId })).status).toBe(200);
		expect((await intent(carla, { type: 'vote.adopt', voteId, optionId: 'alt' })).status).toBe(200);
		// Adopting writes the phrasing into the live line unchanged.
		await eventually(() => expect(lineText(writer.doc, 'headline')).toBe(phrasing));

		// The saved version holds the same text, and its signature reads as current.
		await eventually(async () => {
			expect((await intent(anna, { type: 'version.save', name: 'Agreed <today> & "signed"' })).status).toBe(200);
			const version = readControl(reader.doc).versions.at(-1);
			expect(version).toBeDefined();
			const view = (await (await get(`versions/${version!.id}`)).json()) as { data: ExportData };
			expect(view.data.proposition.headline).toBe(phrasing);
		});
		const version = readControl(reader.doc).versions.at(-1)!;
		const view = (await (await get(`versions/${version.id}`)).json()) as { data: ExportData };
		expect(view.data.proposition.claims.map((c) => c.text)).toEqual([claim]);
		expect(view.data.language[0]!.adopted).toBe(phrasing);
		expect(view.data.language[0]!.options.map((o) => o.text)).toEqual([line, phrasing]);
		expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId] })).status).toBe(200);
		expect((await intent(ines, { type: 'signoff.sign', versionId: version.id })).status).toBe(200);

		// Every export format shows the text as typed.
		const markdown = shownMarkdown(await (await get('export/md')).text());
		const docx = docxText(await (await get('export/docx')).arrayBuffer());
		// Lines wrap in a PDF's table cells: compare without spacing there.
		const pdf = (await pdfText(await (await get('export/pdf')).arrayBuffer())).replace(/\s+/g, '');
		for (const [format, text] of [['markdown', markdown], ['docx', docx], ['pdf', pdf]] as const) {
			const spaced = (value: string) => (format === 'pdf' ? value.replace(/\s+/g, '') : value);
			for (const expected of [phrasing, typed, secondLine, claim]) expect(text, `${format}: ${expected}`).toContain(spaced(expected));
			expect(text, format).toContain(spaced('this document is that version'));
			expect(text, `${format}: no missing glyphs`).not.toContain('\u0000');
		}
		writer.destroy();
		reader.destroy();
	});
});
