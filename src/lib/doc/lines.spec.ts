import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { charactersByClient, copyLine, lineFragment, lineText, setLineText } from './lines';

describe('copyLine', () => {
	it('copies a line with its structure and marks, replacing what the target had', () => {
		const from = new Y.Doc();
		const fragment = lineFragment(from, 'headline');
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		fragment.insert(0, [list]);
		list.insert(0, [item]);
		item.insert(0, [paragraph]);
		paragraph.insert(0, [text]);
		text.insert(0, 'Fast ');
		text.insert(5, 'setup', { bold: {} });
		const to = new Y.Doc();
		setLineText(to, 'headline', 'old words');

		copyLine(from, to, 'headline');

		expect(lineText(to, 'headline')).toBe('- Fast setup');
		const copied = lineFragment(to, 'headline').toArray()[0] as Y.XmlElement;
		expect(copied.nodeName).toBe('bulletList');
		expect(lineFragment(to, 'headline').toString()).toContain('<bold>setup</bold>');
		// The copy is the target's own writing: the original writers are not credited in it.
		expect([...charactersByClient(to, ['headline']).keys()]).toEqual([to.clientID]);
	});

	it('copies an empty line as empty', () => {
		const to = new Y.Doc();
		setLineText(to, 'audience', 'x');
		copyLine(new Y.Doc(), to, 'audience');
		expect(lineText(to, 'audience')).toBe('');
	});
});
