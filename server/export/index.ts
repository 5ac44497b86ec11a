/**
 * Export a workshop's current state (or a saved version) as PDF, Word, Markdown
 * or a JSON archive. The export policy is checked here; the documents are
 * encoded here and rendered in the job pool (jobs/pool.ts), off the event loop.
 */
import { mayExport } from '../../src/lib/domain/permissions.js';
import { docName, readControl, type ControlState } from '../../src/lib/doc/schema.js';
import { fail, ok, type Result } from '../result.js';
import type { JobPool } from '../jobs/pool.js';
import type { RenderFormat } from '../jobs/work.js';
import type { Rooms } from '../rooms.js';
import type { RecordStore } from '../storage/storage.js';
import { encodeBoth, metaOf, type Versions } from '../versions.js';
import { writeFieldArchive } from '../field/archive.js';
import type { Authenticated } from '../workshops.js';

export const EXPORT_FORMATS: Record<RenderFormat, { type: string; extension: string }> = {
	pdf: { type: 'application/pdf', extension: 'pdf' },
	docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
	md: { type: 'text/markdown; charset=utf-8', extension: 'md' }
};

const ARCHIVE_TYPE = 'application/json';

export type ExportFormat = RenderFormat;

export interface ExportFile {
	body: Buffer;
	type: string;
	/** The Content-Disposition header: named after the workshop, and the version when one is exported. */
	disposition: string;
}

/** ASCII letters, digits and dashes: the filename every browser and mail client takes. */
function fileBase(title: string): string {
	return title.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'workshop';
}

/**
 * A file's name as typed (accents, CJK, emoji kept), safe on any disk: no path
 * separators, reserved or control characters, no leading dots, at most 100 characters.
 */
export function fileName(...parts: string[]): string {
	const name = parts
		.map((part) =>
			part
				// eslint-disable-next-line no-control-regex
				.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]+/g, ' ')
				.replace(/\s+/g, ' ')
				.trim()
		)
		.filter(Boolean)
		.join(' – ')
		.replace(/^[.\s]+/, '');
	return [...name].slice(0, 100).join('').trim() || 'workshop';
}

/**
 * The Content-Disposition of a download named `name` + `extension` (RFC 6266):
 * an ASCII `filename` for old clients, and `filename*` in UTF-8 when the name is not ASCII.
 */
export function contentDisposition(name: string, extension: string): string {
	const ascii = `${fileBase(name)}.${extension}`;
	const full = `${name}.${extension}`;
	if (/^[\u0020-\u007e]*$/.test(full)) return `attachment; filename="${ascii}"`;
	const encoded = encodeURIComponent(full).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A worker's bytes as a Buffer without a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class Exports {
	constructor(
		private readonly rooms: Rooms,
		private readonly storage: RecordStore,
		private readonly versions: Versions,
		private readonly pool: JobPool
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
		if (format === 'json') return this.archive(auth, now, control);
		if (!Object.hasOwn(EXPORT_FORMATS, format)) return fail(400, 'unknown-format', 'Export as pdf, docx, md or json.');
		const { workshop } = auth;
		const job = await this.renderJob(auth, format as RenderFormat, versionId, control, now);
		if (!job.ok) return job;
		const body = await this.pool.run(job.value);
		if (!body.ok) return body;
		const spec = EXPORT_FORMATS[format as RenderFormat];
		// A saved version is named after itself, so that two versions downloaded side by side stay apart.
		const versionName = versionId ? (control.versions.find((v) => v.id === versionId)?.name ?? 'version') : null;
		const name = versionName === null ? fileName(workshop.title) : fileName(workshop.title, versionName);
		return ok({ body: asBuffer(body.value), type: spec.type, disposition: contentDisposition(name, spec.extension) });
	}

	private async renderJob(auth: Authenticated, format: RenderFormat, versionId: string | null, control: ControlState, now: Date) {
		const { workshop } = auth;
		const base = { kind: 'render' as const, format, meta: metaOf(workshop), now: now.getTime() };
		if (versionId) {
			const version = await this.storage.getVersion(workshop.id, versionId);
			if (!version) return fail(404, 'unknown-version', 'That version does not exist.');
			const signed = await this.versions.signedHashes(workshop, control.signoffs);
			if (!signed.ok) return signed;
			// Signatures come after a version is saved: take them from the workshop as it is now.
			const signatures = control.signoffs.map((sig) => ({
				name: sig.signerName,
				versionName: control.versions.find((v) => v.id === sig.versionId)?.name ?? 'a version',
				versionHash: sig.versionHash,
				signedAt: new Date(sig.signedAt).toISOString(),
				matches: null
			}));
			return ok({ ...base, docs: { content: version.content, control: version.control }, signedHashes: signed.value, signatures });
		}
		const { docs, signoffs } = await encodeBoth(this.rooms, workshop.id);
		const signed = await this.versions.signedHashes(workshop, signoffs);
		if (!signed.ok) return signed;
		return ok({ ...base, docs, signedHashes: signed.value });
	}

	/** The JSON archive of the current state (content, agenda, columns). */
	private async archive(auth: Authenticated, now: Date, control: ControlState): Promise<Result<ExportFile>> {
		const { workshop } = auth;
		const { docs } = await encodeBoth(this.rooms, workshop.id);
		const meta = { title: workshop.title, product: workshop.product, customer: workshop.customer, launchDate: workshop.launchDate };
		// The field's records are server records, not in the documents: they travel beside them.
		const field = control.field ? writeFieldArchive(control.field, await this.storage.listFieldLogs(workshop.id), await this.storage.listMetricValues(workshop.id)) : undefined;
		const body = await this.pool.run({ kind: 'archive', docs, meta, now: now.getTime(), field });
		if (!body.ok) return body;
		return ok({ body: asBuffer(body.value), type: ARCHIVE_TYPE, disposition: contentDisposition(fileName(workshop.title), 'plumbline.json') });
	}
}
