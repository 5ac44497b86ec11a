import { describe, expect, it } from 'vitest';
import { contentDisposition, fileName } from './index.js';

describe('export file names', () => {
	it('name a version after the workshop and the version, typed characters kept, unsafe ones gone', () => {
		expect(fileName('Q1 launch', 'Agreed in the room')).toBe('Q1 launch – Agreed in the room');
		expect(fileName('../../etc/passwd', 'a\u0000b\u202e:*?"<>|')).toBe('etc passwd – a b');
		expect(fileName('   ', '')).toBe('workshop');
		expect([...fileName('x'.repeat(300))]).toHaveLength(100);
	});

	it('sends an ASCII filename, and filename* in UTF-8 when the name is not ASCII (RFC 6266)', () => {
		expect(contentDisposition('Q1 launch – Agreed', 'pdf')).toBe(`attachment; filename="Q1-launch-Agreed.pdf"; filename*=UTF-8''Q1%20launch%20%E2%80%93%20Agreed.pdf`);
		expect(contentDisposition('Plain name', 'md')).toBe('attachment; filename="Plain-name.md"');
		expect(contentDisposition('Lançamento 🚀 (v2)', 'docx')).toBe(`attachment; filename="Lancamento-v2.docx"; filename*=UTF-8''Lan%C3%A7amento%20%F0%9F%9A%80%20%28v2%29.docx`);
		// A quote or backslash never reaches the quoted ASCII form.
		expect(contentDisposition('say "hi" \\ there', 'md')).toBe('attachment; filename="say-hi-there.md"');
	});
});
