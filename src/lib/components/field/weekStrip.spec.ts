import { describe, expect, it } from 'vitest';
import { weekStripMarkup } from './weekStrip';
import type { OutcomeCounts } from '$lib/domain/fieldView';

const week = (worked: number, objection: number, flat: number): OutcomeCounts => ({ uses: worked + objection + flat, worked, objection, flat });

describe('weekStripMarkup', () => {
	it('draws each week as tall as its uses against the busiest, split by outcome, with the worked share and its words', () => {
		const html = weekStripMarkup([week(3, 1, 0), week(0, 0, 0), week(1, 1, 0)], 26);
		expect(html.match(/role="listitem"/g)).toHaveLength(3);
		expect(html).toContain('aria-label="Week 1: 4 uses, 3 worked, 1 met an objection, 0 fell flat"');
		expect(html).toContain('aria-label="Week 2: not used"');
		expect(html).toContain('style="height:100.0%"><span class="seg worked" style="flex-grow:3"></span><span class="seg objection" style="flex-grow:1"></span></div>');
		expect(html).toContain('style="height:50.0%"');
		expect(html).toContain('>75%</span><span class="label" aria-hidden="true">W1</span>');
	});

	it('shows the latest weeks of a long campaign, numbered since launch', () => {
		const html = weekStripMarkup(Array.from({ length: 40 }, () => week(1, 0, 0)), 26);
		expect(html.match(/role="listitem"/g)).toHaveLength(26);
		expect(html).toContain('>W15<');
		expect(html).not.toContain('>W14<');
		expect(html).toContain('--weeks:26');
	});

	it('reads anything but counts as nothing, so a hostile response puts no markup in', () => {
		const hostile = { uses: '<img src=x onerror=alert(1)>', worked: '"><script>', objection: Infinity, flat: -3 } as unknown as OutcomeCounts;
		const html = weekStripMarkup([hostile, null as unknown as OutcomeCounts], 26);
		expect(html).not.toMatch(/<img|<script|Infinity|NaN/);
		expect(html).toContain('Week 1: not used');
	});
});
