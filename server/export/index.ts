/** Export a workshop's current state as PDF, Word or Markdown. */
import { buildExport } from '../../src/lib/doc/export.js';
import { renderMarkdown } from '../../src/lib/domain/export/markdown.js';
import type { ExportData } from '../../src/lib/domain/export/model.js';
import { fail, ok, type Result } from '../result.js';
import type { Rooms } from '../rooms.js';
import type { Storage } from '../storage/storage.js';
import { versionExport, withBothDocs } from '../versions.js';
import type { Authenticated } from '../workshops.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';

export const EXPORT_FORMATS = {
	pdf: { type: 'application/pdf', extension: 'pdf', render: renderPdf },
	docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', render: renderDocx },
	md: { type: 'text/markdown; charset=utf-8', extension: 'md', render: async (data: ExportData) => Buffer.from(renderMarkdown(data), 'utf8') }
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export interface ExportFile {
	body: Buffer;
	type: string;
	filename: string;
}

/** Facilitators and leaders take the document away; other participants and observers read it in the room. */
export function mayExport(auth: Authenticated): boolean {
	return auth.participant.role === 'facilitator' || (auth.participant.role === 'participant' && auth.participant.team === 'leadership');
}

export class Exports {
	constructor(
		private readonly rooms: Rooms,
		private readonly storage: Storage
	) {}

	/** The current state, or a saved version when `versionId` is given. */
	async render(auth: Authenticated, format: string, versionId: string | null = null, now = new Date()): Promise<Result<ExportFile>> {
		// AUTHORISE, then VALIDATE, then build.
		if (!mayExport(auth)) return fail(403, 'forbidden', 'Only facilitators and leaders can export the document.');
		if (!Object.hasOwn(EXPORT_FORMATS, format)) return fail(400, 'unknown-format', 'Export as pdf, docx or md.');
		const spec = EXPORT_FORMATS[format as ExportFormat];
		const { workshop } = auth;
		let data: ExportData;
		if (versionId) {
			const version = await this.storage.getVersion(workshop.id, versionId);
			if (!version) return fail(404, 'unknown-version', 'That version does not exist.');
			data = versionExport(version, workshop, now);
		} else {
			data = await withBothDocs(this.rooms, workshop.id, (content, control) => buildExport(content, control, workshop, now));
		}
		const body = await spec.render(data);
		const base = workshop.title.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'workshop';
		return ok({ body, type: spec.type, filename: `${base}.${spec.extension}` });
	}
}
