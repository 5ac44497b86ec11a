/**
 * Import boundaries between the layers (README "Layout"), checked on every static import,
 * re-export and dynamic import(), whether spelled with an alias ($lib/…, $server/…) or a
 * relative path. A local rule rather than `no-restricted-imports` because that one misses
 * import(), and rather than a resolver-based plugin because these patterns need no resolver.
 */

/** @typedef {{ pattern: string, message: string }} Forbidden */

/** @type {import('eslint').Rule.RuleModule} */
const importBoundary = {
	meta: {
		type: 'problem',
		docs: { description: 'Forbid imports that cross a layer boundary' },
		schema: [
			{
				type: 'array',
				items: {
					type: 'object',
					properties: { pattern: { type: 'string' }, message: { type: 'string' } },
					required: ['pattern', 'message'],
					additionalProperties: false
				}
			}
		],
		messages: { forbidden: "'{{source}}' crosses a layer boundary: {{message}}" }
	},
	create(context) {
		/** @type {Forbidden[]} */
		const forbidden = context.options[0] ?? [];
		const rules = forbidden.map((f) => ({ re: new RegExp(f.pattern), message: f.message }));
		/** @param {any} node */
		function check(node) {
			const source = node.source;
			if (!source) return;
			const value =
				source.type === 'Literal' ? source.value : source.type === 'TemplateLiteral' && source.expressions.length === 0 ? source.quasis[0].value.cooked : null;
			if (typeof value !== 'string') return;
			for (const rule of rules) {
				if (rule.re.test(value)) context.report({ node: source, messageId: 'forbidden', data: { source: value, message: rule.message } });
			}
		}
		return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
	}
};

// Relative paths are matched by the folder name they climb to: `../client/x` from
// src/lib/domain, `../../../server/x` from src/lib/components/… .
const SERVER = { pattern: String.raw`^(\$server|\$lib/server)(/|$)|^(\.\./)+server(/|$)`, message: 'server code stays on the server' };
const CLIENT = { pattern: String.raw`^\$lib/client(/|$)|^(\.\./)+client(/|$)`, message: 'the browser connection is not part of the pure layers' };
const COMPONENTS = { pattern: String.raw`^\$lib/components(/|$)|^(\.\./)+components(/|$)|\.svelte$`, message: 'UI components are not part of the pure layers' };
const ROUTES = { pattern: String.raw`^(\.\./)+routes(/|$)|^\$routes(/|$)`, message: 'routes are entry points, nothing imports them' };
const PURE = 'src/lib/domain and src/lib/doc are pure: they import only each other and libraries';

// Tests may cross layers (a spec beside a pure module may drive the browser code that reads it).
const TESTS = ['**/*.spec.ts'];

/** Flat-config entries: one per layer, with the files of each layer apart so none overrides another. */
export const boundaries = [
	{ plugins: { plumbline: { rules: { 'import-boundary': importBoundary } } } },
	{
		files: ['src/lib/domain/**', 'src/lib/doc/**'],
		ignores: TESTS,
		rules: {
			'plumbline/import-boundary': ['error', [SERVER, CLIENT, COMPONENTS, ROUTES].map((f) => ({ ...f, message: `${f.message} (${PURE})` }))]
		}
	},
	{
		files: ['src/lib/client/**', 'src/lib/components/**'],
		ignores: TESTS,
		rules: { 'plumbline/import-boundary': ['error', [{ ...SERVER, message: 'the browser reaches the server over HTTP and the sync socket, never by import' }]] }
	},
	{
		files: ['src/routes/**'],
		rules: {
			'plumbline/import-boundary': [
				'error',
				[{ pattern: String.raw`^\$server(/|$)|^(\.\./)+server(/|$)`, message: 'routes reach server code only through locals.app (src/hooks.server.ts) or $lib/server' }]
			]
		}
	},
	{
		files: ['server/**'],
		ignores: TESTS,
		rules: {
			'plumbline/import-boundary': [
				'error',
				[{ pattern: String.raw`^\$lib/(client|components)(/|$)|^(\.\./)+src/(lib/(client|components)|routes)(/|$)`, message: 'the server shares only src/lib/doc and src/lib/domain with the browser' }]
			]
		}
	}
];
