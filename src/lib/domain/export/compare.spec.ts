import { describe, expect, it } from 'vitest';
import { compareVersions, diffWords } from './compare';
import { sampleExport } from './sample';
import { signableJson } from './model';

describe('comparing versions', () => {
	it('marks the words that changed', () => {
		expect(diffWords('Keep every truck on the road', 'Keep every van on the road')).toEqual([
			{ text: 'Keep every ', kind: 'same' },
			{ text: 'truck', kind: 'removed' },
			{ text: 'van', kind: 'added' },
			{ text: ' on the road', kind: 'same' }
		]);
		expect(diffWords('a b c', 'x y z')).toEqual([
			{ text: 'a b c', kind: 'removed' },
			{ text: 'x y z', kind: 'added' }
		]);
		expect(diffWords('', 'new')).toEqual([{ text: 'new', kind: 'added' }]);
		expect(diffWords('gone', '')).toEqual([{ text: 'gone', kind: 'removed' }]);
	});

	// The old whole-section LCS table took 4.6 s (and a 5,001 × 5,001 table) for each of these here; now about 0.2 s for all three.
	it('compares 5,000-word sections at once: one changed word, scattered changes, a rewrite', () => {
		const words = Array.from({ length: 5000 }, (_, i) => `word${i % 997}`);
		const before = words.join(' ');
		const started = performance.now();
		const one = diffWords(before, [...words.slice(0, 2500), 'changed', ...words.slice(2501)].join(' '));
		expect(one.map((p) => p.kind)).toEqual(['same', 'removed', 'added', 'same']);
		expect(one[1]).toEqual({ text: 'word506', kind: 'removed' });
		expect(one[2]).toEqual({ text: 'changed', kind: 'added' });

		const scattered = words.map((w, i) => (i % 50 === 7 ? `new${i}` : w)).join(' ');
		const pieces = diffWords(before, scattered);
		expect(pieces.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
		expect(pieces.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(scattered);
		expect(pieces.filter((p) => p.kind === 'added')).toHaveLength(100);

		const rewrite = Array.from({ length: 5000 }, (_, i) => `other${i}`).join(' ');
		expect(diffWords(before, rewrite)).toEqual([
			{ text: before, kind: 'removed' },
			{ text: rewrite, kind: 'added' }
		]);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	// Root cause: spaces travelled with the word before them, so "data" at a line's end and
	// "data " before new words differed, and an insertion read as "~~data~~ data and …".
	it('shows words added at the end of a line as an insertion only', () => {
		expect(diffWords('Fewer empty miles with live data', 'Fewer empty miles with live data and fewer surprises')).toEqual([
			{ text: 'Fewer empty miles with live data', kind: 'same' },
			{ text: ' and fewer surprises', kind: 'added' }
		]);
		// Punctuation is its own token: a clause added after a word reads as an insertion only.
		expect(diffWords('Keep every truck on the road', 'Keep every truck on the road, every day')).toEqual([
			{ text: 'Keep every truck on the road', kind: 'same' },
			{ text: ', every day', kind: 'added' }
		]);
		expect(diffWords('We don’t stop.', 'We don’t ever stop.')).toEqual([
			{ text: 'We don’t ', kind: 'same' },
			{ text: 'ever ', kind: 'added' },
			{ text: 'stop.', kind: 'same' }
		]);
		expect(diffWords('Plan every repair', 'Plan every truck repair')).toEqual([
			{ text: 'Plan every ', kind: 'same' },
			{ text: 'truck ', kind: 'added' },
			{ text: 'repair', kind: 'same' }
		]);
	});

	it('lists each line with whether it changed', () => {
		const before = sampleExport();
		const after = sampleExport();
		after.proposition.headline = 'No more surprise breakdowns';
		after.proposition.claims.pop();
		const rows = compareVersions(before, after);
		expect(rows.find((r) => r.label === 'Headline')).toMatchObject({ changed: true, before: 'Keep every truck on the road', after: 'No more surprise breakdowns' });
		expect(rows.find((r) => r.label === 'Claim 5')).toMatchObject({ changed: true, after: '' });
		expect(rows.find((r) => r.label === 'One-liner')?.changed).toBe(false);
		expect(compareVersions(before, before).every((r) => !r.changed)).toBe(true);
	});

	it('binds a signature to content, not to the export time', () => {
		const a = sampleExport();
		const b = { ...sampleExport(), generatedAt: '2030-01-01T00:00:00.000Z' };
		expect(signableJson(a)).toBe(signableJson(b));
		b.proposition.headline += '!';
		expect(signableJson(a)).not.toBe(signableJson(b));
	});
});
