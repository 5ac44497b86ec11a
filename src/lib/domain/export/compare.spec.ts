import { describe, expect, it } from 'vitest';
import { compareVersions, diffWords } from './compare';
import { sampleExport } from './sample';
import { signableJson } from './model';

describe('comparing versions', () => {
	it('marks the words that changed', () => {
		expect(diffWords('Keep every truck on the road', 'Keep every van on the road')).toEqual([
			{ text: 'Keep every ', kind: 'same' },
			{ text: 'truck ', kind: 'removed' },
			{ text: 'van ', kind: 'added' },
			{ text: 'on the road', kind: 'same' }
		]);
		expect(diffWords('', 'new')).toEqual([{ text: 'new', kind: 'added' }]);
		expect(diffWords('gone', '')).toEqual([{ text: 'gone', kind: 'removed' }]);
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
