/**
 * The weekly field digest (issue 21): Markdown, PDF (in the job pool) and the calendar slot,
 * all from the same figures as the field view (view.ts's cache). Who may: whoever the
 * workshop's export policy lets take documents away, never field members.
 */
import { fieldPath } from '../../src/lib/api.js';
import { docName, readControl } from '../../src/lib/doc/schema.js';
import { digestCalendar } from '../../src/lib/domain/digestCalendar.js';
import { digestTitle, renderDigestMarkdown, type DigestDocument } from '../../src/lib/domain/export/digestMarkdown.js';
import { fieldDigest } from '../../src/lib/domain/fieldDigest.js';
import { mayExport } from '../../src/lib/domain/permissions.js';
import { contentDisposition, fileName, type ExportFile } from '../export/index.js';
import type { JobPool } from '../jobs/pool.js';
import { fail, ok, type Result } from '../result.js';
import type { Rooms } from '../rooms.js';
import type { Authenticated } from '../workshops.js';
import type { FieldViews } from './view.js';

export const DIGEST_FORMATS = ['md', 'pdf', 'ics'] as const;

export class FieldDigests {
	constructor(
		private readonly rooms: Rooms,
		private readonly views: FieldViews,
		private readonly pool: JobPool,
		private readonly now: () => number = Date.now
	) {}

	async render(auth: Authenticated, format: string, origin: string): Promise<Result<ExportFile>> {
		// AUTHORISE, then VALIDATE, then build.
		const { workshop, participant } = auth;
		const control = await this.rooms.withDoc(docName(workshop.id, 'control'), (doc) => readControl(doc));
		const person = { role: participant.role, team: participant.team, isSigner: control.signers.includes(participant.id) };
		if (participant.role === 'field' || !mayExport(person, control.exportPolicy)) {
			return fail(403, 'forbidden', 'The digest is for those the facilitator lets export: facilitators, leaders and signers by default.');
		}
		if (!(DIGEST_FORMATS as readonly string[]).includes(format)) return fail(400, 'unknown-format', 'The digest comes as md, pdf or ics.');
		const phase = control.field;
		if (!phase) return fail(409, 'field-not-open', 'The facilitator has not opened the field phase yet.');
		const fieldUrl = origin + fieldPath(workshop.id);
		const digestUrl = `${origin}/api/workshops/${workshop.id}/field/digest`;
		if (format === 'ics') {
			if (!phase.digest) return fail(409, 'no-digest-slot', 'The facilitator has not put the weekly digest in the calendar yet.');
			const body = digestCalendar({ workshopId: workshop.id, title: workshop.title, launchDate: phase.launchDate, endDate: phase.endDate, timeZone: phase.timeZone, slot: phase.digest, fieldUrl, digestUrl }, new Date(this.now()));
			return ok({ body: Buffer.from(body, 'utf8'), type: 'text/calendar; charset=utf-8', disposition: contentDisposition(fileName('Field digest', workshop.title), 'ics') });
		}
		const computed = await this.views.figures(workshop.id, phase, control.fieldCounts);
		const doc: DigestDocument = {
			title: workshop.title,
			versionName: phase.versionName,
			launchDate: phase.launchDate,
			endDate: phase.endDate,
			fieldUrl,
			digest: fieldDigest({ ...computed.shared, now: this.now() })
		};
		const name = fileName(digestTitle(doc));
		if (format === 'md') return ok({ body: Buffer.from(renderDigestMarkdown(doc), 'utf8'), type: 'text/markdown; charset=utf-8', disposition: contentDisposition(name, 'md') });
		const pdf = await this.pool.run({ kind: 'digest', doc });
		if (!pdf.ok) return pdf;
		return ok({ body: Buffer.from(pdf.value.buffer, pdf.value.byteOffset, pdf.value.byteLength), type: 'application/pdf', disposition: contentDisposition(name, 'pdf') });
	}
}
