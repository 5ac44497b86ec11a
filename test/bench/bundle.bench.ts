/**
 * Bundle size of the workshop page, from the build's manifest: what a laptop
 * downloads to open a workshop, and the editor chunk loaded right after.
 */
import { it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface Chunk {
	file: string;
	imports?: string[];
	dynamicImports?: string[];
	isEntry?: boolean;
}

const root = path.resolve(import.meta.dirname, '../../.svelte-kit/output/client');

it('bundle size of the workshop page', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(root, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
	const closure = (keys: string[], seen = new Set<string>()) => {
		for (const key of keys) {
			if (seen.has(key) || !manifest[key]) continue;
			seen.add(key);
			closure(manifest[key].imports ?? [], seen);
		}
		return seen;
	};
	const size = (keys: Iterable<string>) => {
		let raw = 0;
		let gzip = 0;
		for (const key of keys) {
			const bytes = fs.readFileSync(path.join(root, manifest[key]!.file));
			raw += bytes.length;
			gzip += zlib.gzipSync(bytes).length;
		}
		return `${(raw / 1024).toFixed(0)} kB (${(gzip / 1024).toFixed(0)} kB gzip)`;
	};
	const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry && k.includes('kit/src/runtime/client/entry'));
	const app = Object.keys(manifest).filter((k) => k.endsWith('client-optimized/app.js'));
	const workshopNode = Object.keys(manifest).find((k) => manifest[k]!.dynamicImports?.includes('src/lib/client/editor.ts'));
	if (!workshopNode) throw new Error('workshop page chunk not found: run `npm run build`');
	const initial = closure([...entries, ...app, workshopNode]);
	const editor = [...closure(['src/lib/client/editor.ts'])].filter((k) => !initial.has(k));
	console.log(
		[
			'',
			'bundle — workshop page',
			`  initial JavaScript: ${size(initial)}`,
			`  editor (Tiptap, loaded after the page shows): ${size(editor)}`,
			''
		].join('\n')
	);
});
