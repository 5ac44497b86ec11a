/**
 * Test helpers that read a PDF the way a checker would, without a PDF library:
 * the characters each embedded font really draws (from its ToUnicode map,
 * where CID 0 is the missing-glyph box), and the text of each page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** Every stream of the PDF, inflated where it is compressed. */
function streams(pdf: Buffer): string[] {
	const out: string[] = [];
	let at = 0;
	for (;;) {
		const start = pdf.indexOf('stream', at);
		if (start < 0) break;
		const bodyStart = start + (pdf[start + 6] === 0x0d ? 8 : 7);
		const end = pdf.indexOf('endstream', bodyStart);
		if (end < 0) break;
		const body = pdf.subarray(bodyStart, end);
		try {
			out.push(inflateSync(body).toString('latin1'));
		} catch {
			out.push(body.toString('latin1'));
		}
		at = end + 9;
	}
	return out;
}

/** Characters each ToUnicode map gives a real glyph (CID > 0), and whether any map gives CID 0 a character. */
export function drawnCharacters(pdf: Buffer): { drawn: Set<string>; boxes: boolean } {
	const drawn = new Set<string>();
	let boxes = false;
	for (const stream of streams(pdf)) {
		if (!stream.includes('beginbfrange')) continue;
		for (const range of stream.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
			let cid = parseInt(range[1]!, 16);
			for (const entry of range[2]!.matchAll(/<([0-9a-f ]*)>/gi)) {
				const units = entry[1]!.trim().split(/\s+/).map((hex) => parseInt(hex, 16));
				const text = String.fromCharCode(...units);
				if (cid === 0 && text !== '\u0000') boxes = true;
				if (cid > 0) for (const ch of text) drawn.add(ch);
				cid++;
			}
		}
	}
	return { drawn, boxes };
}

/** The text of each page, by poppler's pdftotext (layout order). */
export function pagesText(pdf: Buffer): string[] {
	const dir = mkdtempSync(join(tmpdir(), 'pdf-probe-'));
	try {
		writeFileSync(join(dir, 'doc.pdf'), pdf);
		return execFileSync('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
