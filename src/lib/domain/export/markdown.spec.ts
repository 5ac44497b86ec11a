import { describe, expect, it } from 'vitest';
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

	it('renders the sample workshop as before (snapshot)', () => {
		expect(renderMarkdown(sampleExport())).toMatchSnapshot();
	});

	it('escapes Markdown syntax in plain text', () => {
		expect(md('# not a heading | *not emphasis*')).toBe('\\# not a heading \\| \\*not emphasis\\*');
		expect(md('- not a list\n1. nor this')).toBe('\\- not a list  \n\\1. nor this');
		expect(md('mid-size, 3.5 trucks')).toBe('mid-size, 3.5 trucks');
	});
});
