import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOT_RADIUS, fitWords, layoutChart, type ChartInput } from './timelineLayout.js';

const measure = (text: string) => [...text].length * 4.2;
const box = { left: 56, width: 483 };

function check(input: ChartInput) {
	const layout = layoutChart(input);
	const right = input.left + input.width;
	for (const [i, a] of layout.labels.entries()) {
		expect(a.x).toBeGreaterThanOrEqual(input.left);
		expect(a.x + a.width).toBeLessThanOrEqual(right + 1e-9);
		for (const b of layout.labels.slice(i + 1)) {
			const apart = a.row !== b.row || a.x + a.width <= b.x || b.x + b.width <= a.x;
			expect(apart, `"${a.text}" and "${b.text}" overlap`).toBe(true);
		}
		for (const line of layout.markers) expect(line.x <= a.x || line.x >= a.x + a.width || line.gaps.includes(a.row), `${line.label} runs through "${a.text}"`).toBe(true);
	}
	for (const dot of layout.dots) {
		expect(dot.x - DOT_RADIUS).toBeGreaterThanOrEqual(input.left - 1e-9);
		expect(dot.x + DOT_RADIUS).toBeLessThanOrEqual(right + 1e-9);
	}
	return layout;
}

describe('ramp-up chart layout', () => {
	const sample: ChartInput = {
		...box,
		measure,
		markers: [
			{ date: '2027-02-01', label: 'Launch' },
			{ date: '2027-04-30', label: 'End' }
		],
		milestones: [
			{ date: '2027-01-11', title: 'This alignment workshop', color: 'a' },
			{ date: '2027-01-18', title: 'Information session 1: the story and the claims', color: 'b' },
			{ date: '2027-01-25', title: 'Information session 2: objection role-play', color: 'b' },
			{ date: '2027-02-01', title: 'Launch', color: 'c' },
			{ date: '2027-02-08', title: 'First week', color: 'c' },
			{ date: '2027-03-18', title: 'Mid-campaign review', color: 'a' },
			{ date: '2027-04-30', title: 'Campaign end', color: 'a' }
		]
	};

	it('keeps the first dot whole inside the margin, labels apart and off the launch and end lines', () => {
		const layout = check(sample);
		expect(layout.dots[0]!.x).toBe(box.left + DOT_RADIUS);
		expect(layout.labels.map((l) => l.text)).toContain('This alignment workshop');
	});

	it('shortens a long label at a word, never mid-word', () => {
		const layout = check(sample);
		for (const label of layout.labels) {
			const title = sample.milestones.find((m) => m.title.startsWith(label.text.replace(/ …$/, '')))?.title ?? '';
			expect(label.text === title || (label.text.endsWith(' …') && title.startsWith(label.text.slice(0, -2)) && /[\s,:]/.test(title[label.text.length - 2] ?? ' '))).toBe(true);
		}
		expect(fitWords('Information session 1: the story and the claims', 120, measure)).toBe('Information session 1: the …');
		expect(fitWords('Information session 1: the story', 99, measure)).toBe('Information session 1 …');
	});

	it('property: any plan lays out with no overlaps, inside the box, off the marker lines', () => {
		const date = fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10));
		const title = fc.array(fc.constantFrom('Launch', 'information', 'session', 'a', 'really-long-hyphenated-word-without-spaces', 'review', '1:', 'É'), { minLength: 1, maxLength: 9 }).map((w) => w.join(' '));
		fc.assert(
			fc.property(fc.array(fc.record({ date, title, color: fc.constant('x') }), { maxLength: 14 }), fc.array(fc.record({ date, label: fc.constant('Launch') }), { maxLength: 2 }), (milestones, markers) => {
				const layout = check({ ...box, measure, milestones, markers });
				expect(layout.dots).toHaveLength(milestones.length);
			}),
			{ numRuns: 300 }
		);
	});
});
