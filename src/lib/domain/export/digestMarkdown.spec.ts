import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { renderDigestMarkdown } from './digestMarkdown';
import { sampleDigestDocument } from './sampleDigest';

describe('the field digest as Markdown', () => {
	it('has every section, in order, with the figures of the field', () => {
		const text = renderDigestMarkdown(sampleDigestDocument());
		expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual([
			'# Field digest — Q1 launch — Uptime Guarantee for mid-size fleets — week 6',
			'## Claims that work',
			"## Claims that don't",
			'## Top objections',
			'## Metrics against target',
			'## Lead quality'
		]);
		expect(text).toMatchSnapshot();
	});

	it('prints hostile text as typed: no markup, links, HTML or direction overrides', () => {
		const doc = sampleDigestDocument();
		doc.title = '<img src=x onerror=alert(1)> **bold** \u202eevil';
		doc.digest.claimsThatFail = [{ claimId: 'k', text: '[click](javascript:alert(1))\n# heading', uses: 9, workedShare: 0.1, flag: '| pipe | =cmd' }];
		doc.digest.topObjections = [{ claimId: 'k', claimText: '=HYPERLINK("x")', text: '<script>x</script>', count: 3, uses: 9, share: 1 / 3 }];
		const html = new MarkdownIt().render(renderDigestMarkdown(doc));
		expect(html).not.toMatch(/<img|<script|href="javascript|<strong>bold|<h1>heading|\u202e/);
		expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
		expect(html).toContain('[click](javascript:alert(1))');
	});

	it('says so when the field is still empty', () => {
		const doc = sampleDigestDocument({ conversations: [], handoffs: [], values: [] });
		const text = renderDigestMarkdown(doc);
		expect(text).toContain('0 conversations logged.');
		expect(text).toContain('_No claim fails in the field so far._');
		expect(text).toContain('_No lead hand-off logged yet._');
	});
});
