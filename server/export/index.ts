/** Export a workshop's current state as PDF, Word or Markdown. */
import { buildExport } from '../../src/lib/doc/export.js';
import { renderMarkdown } from '../../src/lib/domain/export/markdown.js';
import { mayExport, type ExportData } from '../../src/lib/domain/export/model.js';
import { docName, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import { fail, ok, type Result } from '../result.js';
import type { Rooms } from '../rooms.js';
import type { Storage } from '../storage/storage.js';
import { hashExport, versionExport, withBothDocs, type Versions } from '../versions.js';
import { writeArchive } from '../archive.js';
import type { Authenticated } from '../workshops.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';

export const EXPORT_FORMATS = {
	pdf: { type: 'application/pdf', extension: 'pdf', render: renderPdf },
	docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', render: renderDocx },
	md: { type: 'text/markdown; charset=utf-8', extension: 'md', render: async (data: ExportData) => Buffer.from(renderMarkdown(data), 'utf8') }
} as const;

const ARCHIVE_TYPE = 'application/json';

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export interface ExportFile {
	body: Buffer;
	type: string;
	filename: string;
}


function fileBase(title: string): string {
	return title.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'workshop';
}

export class Exports {
	constructor(
		private readonly rooms: Rooms,
		private readonly storage: Storage,
		private readonly versions: Versions
	) {}

	/**
	 * The workshop's export policy, for everything that takes the document away:
	 * exports, archives and saved versions. Returns `control` as read.
	 */
	async authorise(auth: Authenticated): Promise<Result<ControlState>> {
		const control = await this.rooms.withDoc(docName(auth.workshop.id, 'control'), (doc) => readControl(doc));
		const person = { role: auth.participant.role, team: auth.participant.team, isSigner: control.signers.includes(auth.participant.id) };
		if (!mayExport(person, control.exportPolicy)) return fail(403, 'forbidden', 'The facilitator has not opened exports to you; facilitators, leaders and signers can export.');
		return ok(control);
	}

	/** The current state, or a saved version when `versionId` is given. */
	async render(auth: Authenticated, format: string, versionId: string | null = null, now = new Date()): Promise<Result<ExportFile>> {
		// AUTHORISE (the workshop's export policy), then VALIDATE, then build.
		const allowed = await this.authorise(auth);
		if (!allowed.ok) return allowed;
		const control = allowed.value;
		if (format === 'json') return this.archive(auth, now);
		if (!Object.hasOwn(EXPORT_FORMATS, format)) return fail(400, 'unknown-format', 'Export as pdf, docx, md or json.');
		const spec = EXPORT_FORMATS[format as ExportFormat];
		const { workshop } = auth;
		let data: ExportData;
		let signoffs = control.signoffs;
		if (versionId) {
			const version = await this.storage.getVersion(workshop.id, versionId);
			if (!version) return fail(404, 'unknown-version', 'That version does not exist.');
			data = versionExport(version, workshop, now);
			// Signatures come after a version is saved: take them from the workshop as it is now.
			data.signatures = control.signoffs.map((sig) => ({
				name: sig.signerName,
				versionName: control.versions.find((v) => v.id === sig.versionId)?.name ?? 'a version',
				versionHash: sig.versionHash,
				signedAt: new Date(sig.signedAt).toISOString(),
				matches: null
			}));
		} else {
			({ data, signoffs } = await withBothDocs(this.rooms, workshop.id, (content, control) => ({
				data: buildExport(content, control, workshop, now),
				signoffs: readControl(control).signoffs
			})));
		}
		// Each signature says whether this document is exactly the version it signed.
		const changed = await this.versions.changedSince(workshop, signoffs, hashExport(data));
		data.signatures = data.signatures.map((s, i) => ({ ...s, matches: !changed[i] }));
		const body = await spec.render(data);
		return ok({ body, type: spec.type, filename: `${fileBase(workshop.title)}.${spec.extension}` });
	}

	/** The JSON archive of the current state (content, agenda, columns). */
	private async archive(auth: Authenticated, now: Date): Promise<Result<ExportFile>> {
		const { workshop } = auth;
		const archive = await withBothDocs(this.rooms, workshop.id, (content, control) =>
			writeArchive({ title: workshop.title, product: workshop.product, customer: workshop.customer, launchDate: workshop.launchDate }, content, control, now)
		);
		return ok({ body: Buffer.from(JSON.stringify(archive), 'utf8'), type: ARCHIVE_TYPE, filename: `${fileBase(workshop.title)}.plumbline.json` });
	}
}
