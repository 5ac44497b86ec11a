/**
 * The layer boundaries are enforced by `npm run check` (eslint/boundaries.js): each
 * planted file below crosses one, and must be reported; the clean ones must pass.
 * Linted with the project's own configuration, as `npm run lint` does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

// Loading the configuration and its plugins takes seconds on a busy machine: once, here.
beforeAll(async () => {
	eslint = new ESLint({ cwd: root, cache: false });
	await eslint.lintText('export {};\n', { filePath: 'src/lib/domain/planted.ts' });
}, 60_000);

/** The boundary errors ESLint reports for `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
	return result!.messages.filter((m) => m.ruleId === 'plumbline/import-boundary').map((m) => m.message);
}

const ts = (...imports: string[]) => `${imports.join('\n')}\nexport {};\n`;

describe('import boundaries', { timeout: 20_000 }, () => {
	it.each([
		['domain → client (alias)', 'src/lib/domain/planted.ts', ts(`import { sendIntent } from '$lib/client/intents';`, 'void sendIntent;')],
		['domain → client (relative)', 'src/lib/domain/export/planted.ts', ts(`import { newId } from '../../client/ids';`, 'void newId;')],
		['domain → server (alias)', 'src/lib/domain/planted.ts', ts(`import type { App } from '$server/app.js';`, 'export type X = App;')],
		['domain → server (relative)', 'src/lib/domain/planted.ts', ts(`export { health } from '../../../server/health.js';`)],
		['domain → server (dynamic import)', 'src/lib/domain/planted.ts', ts(`export const load = () => import('$server/health.js');`)],
		['domain → $lib/server', 'src/lib/domain/planted.ts', ts(`import { respond } from '$lib/server/http';`, 'void respond;')],
		['doc → components', 'src/lib/doc/planted.ts', ts(`import Canvas from '$lib/components/Canvas.svelte';`, 'void Canvas;')],
		['doc → routes', 'src/lib/doc/planted.ts', ts(`import { GET } from '../../routes/readyz/+server';`, 'void GET;')],
		['component → server', 'src/lib/components/Planted.svelte', `<script lang="ts">\n\timport { health } from '$server/health.js';\n\tvoid health;\n</script>\n`],
		['component → $lib/server', 'src/lib/components/Planted.svelte', `<script lang="ts">\n\timport { respond } from '$lib/server/http';\n\tvoid respond;\n</script>\n`],
		['client → server (relative)', 'src/lib/client/planted.ts', ts(`import type { App } from '../../../server/app.js';`, 'export type X = App;')],
		['route → server (alias)', 'src/routes/planted/+server.ts', ts(`import { health } from '$server/health.js';`, 'void health;')],
		['route → server (relative)', 'src/routes/readyz/+server.ts', ts(`import { health } from '../../../server/health.js';`, 'void health;')],
		['server → components', 'server/planted.ts', ts(`import type Canvas from '../src/lib/components/Canvas.svelte';`, 'export type X = Canvas;')]
	])('reports %s', async (_name, filePath, code) => {
		const errors = await boundaryErrors(filePath, code);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(/crosses a layer boundary/);
	});

	it.each([
		['a pure module importing its own layer and libraries', 'src/lib/domain/planted.ts', ts(`import * as Y from 'yjs';`, `import { TEAMS } from './teams.js';`, `import { content } from '$lib/doc/schema';`, 'void Y; void TEAMS; void content;')],
		['a component importing the client and the domain', 'src/lib/components/Planted.svelte', `<script lang="ts">\n\timport { newId } from '$lib/client/ids';\n\timport { may } from '$lib/domain/permissions';\n\tvoid newId; void may;\n</script>\n`],
		['a route using $lib/server and locals', 'src/routes/planted/+server.ts', ts(`import { authenticate } from '$lib/server/http';`, 'void authenticate;')],
		['the SvelteKit glue in $lib/server importing $server', 'src/lib/server/planted.ts', ts(`import type { App } from '$server/app.js';`, 'export type X = App;')],
		['the server importing the domain', 'server/planted.ts', ts(`import { may } from '../src/lib/domain/permissions.js';`, 'void may;')]
	])('passes %s', async (_name, filePath, code) => {
		expect(await boundaryErrors(filePath, code)).toEqual([]);
	});

	it('passes a clean file with no problems of any rule', async () => {
		const [result] = await eslint.lintText(ts(`import { TEAMS } from './teams.js';`, 'export const first = TEAMS[0];'), { filePath: 'src/lib/domain/planted.ts' });
		expect(result!.messages).toEqual([]);
	});
});
