import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { renderMarkdown, md } from './markdown';
import { hostileExport, sampleExport } from './sample';

describe('Markdown export', () => {
	it('has every section, in order, with the proposition first', () => {
		const text = renderMarkdown(sampleExport());
		const headings = text.split('\n').filter((l) => l.startsWith('## '));
		expect(headings).toEqual([
			'## Value proposition',
			'## Agreed language',
			'## Stress-test findings',
			'## Glossary',
			'## Shared metrics',
			'## Lead hand-off',
			'## Ramp-up timeline',
			'## Signatures',
			'## Who took part'
		]);
		expect(text).toContain('### Keep every truck on the road');
		expect(text).toContain('Sales and marketing favour different options: sales “No more surprise breakdowns”, marketing “Keep every truck on the road” (67% apart).');
		expect(text).toContain('- Claim 5, Works in a conversation: sales doubt it (2.0), marketing are sure (4.5)');
		expect(text).toMatch(/\| Campaign end \| Campaign end \| Both teams \|/);
	});

	it('puts the most contested claim first in the findings', () => {
		const findings = renderMarkdown(sampleExport()).split('## Stress-test findings')[1]!;
		expect(findings.indexOf('If we miss a breakdown')).toBeLessThan(findings.indexOf('Cuts unplanned vehicle'));
	});

	it('renders hostile text as literal text: no HTML, links, emphasis, formulas or direction overrides', () => {
		const text = renderMarkdown(hostileExport());
		expect(text).not.toContain('<script>');
		expect(text).toContain('\\<script\\>');
		expect(text).not.toMatch(/[^\\]\[link\]/);
		expect(text).not.toContain('**bold**');
		expect(text).not.toContain('\u202E');
		expect(text).not.toContain('\u0007');
		expect(text).toContain("| '=HYPERLINK");
	});

	it('renders lists as lists in a CommonMark renderer, multi-line items staying whole', () => {
		// Root cause: proof points were written "1\\. text", literal text, so a renderer ran them into one paragraph.
		const data = sampleExport();
		data.proposition.claims[1]!.text = 'Installs in one day\n- without a workshop visit';
		const html = new MarkdownIt('commonmark').render(renderMarkdown(data));
		const proof = html.split('<strong>Proof points</strong>')[1]!;
		expect(proof.trimStart()).toMatch(/^<\/p>\s*<ol>/);
		const claims = [...proof.split('</ol>')[0]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.trim());
		expect(claims).toHaveLength(5);
		expect(claims[0]).toBe('Cuts unplanned vehicle-off-road time by 30%');
		expect(claims[1]).toBe('Installs in one day<br />\n- without a workshop visit');
		const statement = html.split('</h3>')[1]!.split('</ul>')[0]!;
		expect(statement.match(/<li>/g)).toHaveLength(7);
		expect(html).toMatch(/<h2>Signatures<\/h2>\s*<ul>\s*<li><strong>Ines Duarte<\/strong>/);
		expect(html).toMatch(/<h2>Who took part<\/h2>\s*<ul>/);
	});

	it('renders the sample workshop as before (snapshot)', () => {
		expect(renderMarkdown(sampleExport())).toMatchSnapshot();
	});

	it('escapes Markdown syntax in plain text', () => {
		expect(md('# not a heading | *not emphasis*')).toBe('\\# not a heading \\| \\*not emphasis\\*');
		expect(md('- not a list\n1. nor this')).toBe('\\- not a list  \n1\\. nor this');
		expect(md('mid-size, 3.5 trucks')).toBe('mid-size, 3.5 trucks');
		expect(md('Costs < $10 & saves > 3 hours — "fast" 🚀 <b>not bold</b> &amp; #1')).toBe(
			'Costs \\< $10 \\& saves \\> 3 hours — "fast" 🚀 \\<b\\>not bold\\</b\\> \\&amp; \\#1'
		);
	});

	/**
	 * How CommonMark reads md()'s output: a backslash before ASCII punctuation is
	 * that character as text, "  \n" is a line break. Returns null when a markup
	 * character is left unescaped, or a line would start a list, quote or heading.
	 */
	function readAsCommonMark(markdown: string): string | null {
		const lines: string[] = [];
		for (const line of markdown.split('  \n')) {
			let text = '';
			let start = true;
			for (let i = 0; i < line.length; i++) {
				const ch = line[i]!;
				if (ch === '\\' && /[!-/:-@[-`{-~]/.test(line[i + 1] ?? '')) {
					text += line[++i];
				} else {
					if (/[\\`*_[\]<>|~&#]/.test(ch)) return null;
					if (start && (/[-+=]/.test(ch) || (/\d/.test(ch) && /^\d*[.)]/.test(line.slice(i))))) return null;
					text += ch;
				}
				if (!/\s/.test(ch)) start = false;
			}
			lines.push(text);
		}
		return lines.join('\n');
	}

	it('property: any text without control characters renders as typed', () => {
		// eslint-disable-next-line no-control-regex
		const shown = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
		const unit = fc.oneof(fc.constantFrom('<', '>', '&', '#', '*', '_', '`', '[', ']', '|', '~', '\\', '-', '1.', '2)', '+', '=', ' ', '\n', '🚀', '"'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
		fc.assert(
			fc.property(fc.string({ unit, maxLength: 30 }).filter((s) => !shown.test(s.replace(/\n/g, ''))), (typed) => {
				expect(readAsCommonMark(md(typed))).toBe(typed);
			}),
			{ numRuns: 500 }
		);
		// 500 runs take about a second alone; on a loaded 2-core machine, several.
	}, 30_000);
});
