import { describe, expect, it } from 'vitest';
import { linkLabel, linkableLines, linksByLine } from './links';

const fixed = [
	{ id: 'headline', label: 'Headline' },
	{ id: 'benefit', label: 'That' }
];

describe('note links', () => {
	it('offers the fixed lines, then the claims numbered in order', () => {
		expect(linkableLines(fixed, ['claim-x', 'claim-y'])).toEqual([...fixed, { id: 'claim-x', label: 'Claim 1' }, { id: 'claim-y', label: 'Claim 2' }]);
	});

	it('groups notes by the line they link to, leaving unlinked notes out', () => {
		const notes = [
			{ id: 'n1', lineId: 'claim-x' },
			{ id: 'n2', lineId: '' },
			{ id: 'n3', lineId: 'claim-x' },
			{ id: 'n4', lineId: 'headline' }
		];
		const byLine = linksByLine(notes);
		expect(byLine.get('claim-x')?.map((n) => n.id)).toEqual(['n1', 'n3']);
		expect(byLine.get('headline')?.map((n) => n.id)).toEqual(['n4']);
		expect(byLine.has('')).toBe(false);
	});

	it('shows both sides of a link: the note names its line, and a removed claim is reported, not hidden', () => {
		const lines = linkableLines(fixed, ['claim-x']);
		expect(linkLabel('claim-x', lines)).toEqual({ label: 'Claim 1', dangling: false });
		expect(linkLabel('claim-gone', lines)).toEqual({ label: 'a removed line', dangling: true });
		expect(linkLabel('', lines)).toBeNull();
	});
});
