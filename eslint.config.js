/**
 * Lint: the recommended JavaScript, TypeScript and Svelte rules (syntax only, no type
 * information, so it stays quick on two cores), and the import boundaries between layers
 * (eslint/boundaries.js). Part of `npm run check`; warnings fail.
 */
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import { boundaries } from './eslint/boundaries.js';

export default ts.config(
	{ ignores: ['build/', 'dist/', '.svelte-kit/', 'data/', 'node_modules/', 'test-results/', 'test/e2e/artifacts/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		linterOptions: { reportUnusedDisableDirectives: 'error' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			// Parameters and destructured fields prefixed with _ are unused on purpose (a handler's shape).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
			// Pages link with plain hrefs; the app has no base path to resolve them against.
			'svelte/no-navigation-without-resolve': 'off',
			// State holds Sets and Maps built afresh and assigned whole (never mutated in place), which $state tracks.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	...boundaries
);
