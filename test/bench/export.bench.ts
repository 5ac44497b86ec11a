/**
 * Export timings for a full workshop (the sample), in every format, and the
 * files themselves in test/e2e/artifacts/export/ to look at.
 */
import { it } from 'vitest';
import fs from 'node:fs';
import { renderMarkdown } from '../../src/lib/domain/export/markdown.js';
import { sampleExport } from '../../src/lib/domain/export/sample.js';
import { renderDocx } from '../../server/export/docx.js';
import { renderPdf } from '../../server/export/pdf.js';

const OUT = 'test/e2e/artifacts/export';

it('export times for the sample workshop', async () => {
	fs.mkdirSync(OUT, { recursive: true });
	const data = sampleExport();
	const rows: string[] = [];
	for (const [name, render] of [
		['pdf', renderPdf],
		['docx', renderDocx],
		['md', async (d: typeof data) => Buffer.from(renderMarkdown(d))]
	] as const) {
		await render(data); // warm up fonts and code
		const times: number[] = [];
		let out: Buffer = Buffer.alloc(0);
		for (let i = 0; i < 10; i++) {
			const start = performance.now();
			out = await render(data);
			times.push(performance.now() - start);
		}
		times.sort((a, b) => a - b);
		fs.writeFileSync(`${OUT}/sample.${name}`, out);
		rows.push(`  ${name.padEnd(5)} median ${times[5]!.toFixed(1)} ms   max ${times[9]!.toFixed(1)} ms   ${(out.length / 1024).toFixed(0)} kB`);
	}
	console.log(['', 'export — the sample workshop, 10 runs each', ...rows, `  files in ${OUT}/`, ''].join('\n'));
});
