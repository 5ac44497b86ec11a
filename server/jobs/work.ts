/**
 * The heavy work behind exports and versions, as plain functions of encoded
 * documents: a PDF of a large workshop takes about a second per MiB of text,
 * so these run in worker threads (pool.ts), never on the event loop that
 * serves every room. Inputs and outputs are structured-clone friendly.
 */
import * as Y from 'yjs';
import { buildExport, type WorkshopMeta } from '../../src/lib/doc/export.js';
import { renderMarkdown } from '../../src/lib/domain/export/markdown.js';
import type { ExportData } from '../../src/lib/domain/export/model.js';
import { writeArchive, type Archive } from '../archive.js';
import { hashExport } from '../versions.js';
import { renderDocx } from '../export/docx.js';
import { renderPdf } from '../export/pdf.js';
import { renderDigestPdf } from '../export/digestPdf.js';
import type { DigestDocument } from '../../src/lib/domain/export/digestMarkdown.js';

/** Both documents of a workshop (or of a saved version) as Yjs updates. */
export interface EncodedDocs {
	content: Uint8Array;
	control: Uint8Array;
}

export type RenderFormat = 'pdf' | 'docx' | 'md';

export type Job =
	/** The export model and its hash (version save, sign-off status, version view, rebuilds). */
	| { kind: 'data'; docs: EncodedDocs; meta: WorkshopMeta; now: number }
	/**
	 * A rendered document. `signedHashes[i]` is what signature i signed (null: its version is
	 * gone); `signatures` replaces the documents' own list (a saved version is shown with
	 * today's signatures).
	 */
	| {
			kind: 'render';
			format: RenderFormat;
			docs: EncodedDocs;
			meta: WorkshopMeta;
			now: number;
			signedHashes: (string | null)[];
			signatures?: ExportData['signatures'];
	  }
	| { kind: 'archive'; docs: EncodedDocs; meta: Archive['workshop']; now: number; field?: Archive['field'] }
	/** The field's weekly digest as a PDF (issue 21). */
	| { kind: 'digest'; doc: DigestDocument };

export interface JobOutput {
	data: { data: ExportData; hash: string };
	render: Uint8Array;
	archive: Uint8Array;
	digest: Uint8Array;
}

export type Output<J extends Job> = JobOutput[J['kind']];

function withDocs<T>(docs: EncodedDocs, fn: (content: Y.Doc, control: Y.Doc) => T): T {
	const content = new Y.Doc();
	const control = new Y.Doc();
	try {
		Y.applyUpdate(content, docs.content);
		Y.applyUpdate(control, docs.control);
		return fn(content, control);
	} finally {
		content.destroy();
		control.destroy();
	}
}

const RENDERERS: Record<RenderFormat, (data: ExportData) => Promise<Uint8Array>> = {
	pdf: renderPdf,
	docx: renderDocx,
	md: async (data) => Buffer.from(renderMarkdown(data), 'utf8')
};

export async function runJob<J extends Job>(job: J): Promise<Output<J>> {
	return (await run(job)) as Output<J>;
}

async function run(job: Job): Promise<JobOutput[Job['kind']]> {
	switch (job.kind) {
		case 'data': {
			const data = withDocs(job.docs, (content, control) => buildExport(content, control, job.meta, new Date(job.now)));
			return { data, hash: hashExport(data) };
		}
		case 'render': {
			const data = withDocs(job.docs, (content, control) => buildExport(content, control, job.meta, new Date(job.now)));
			// Each signature says whether this document is exactly the version it signed.
			const hash = hashExport(data);
			data.signatures = (job.signatures ?? data.signatures).map((s, i) => ({ ...s, matches: job.signedHashes[i] === undefined ? s.matches : job.signedHashes[i] === hash }));
			return RENDERERS[job.format](data);
		}
		case 'archive': {
			const archive = withDocs(job.docs, (content, control) => writeArchive(job.meta, content, control, new Date(job.now), job.field));
			return Buffer.from(JSON.stringify(archive), 'utf8');
		}
		case 'digest':
			return renderDigestPdf(job.doc);
	}
}
