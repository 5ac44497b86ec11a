import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { originAllowed, parseSyncPath } from './upgrade-gate.js';

function request(headers: { origin?: string; host?: string }): IncomingMessage {
	return { headers } as IncomingMessage;
}

describe('upgrade gate', () => {
	it('reads the workshop and document kind from a sync path, and nothing else', () => {
		expect(parseSyncPath('/sync/abc_D-9/content')).toEqual({ workshopId: 'abc_D-9', kind: 'content' });
		expect(parseSyncPath('/sync/abc/control/')).toEqual({ workshopId: 'abc', kind: 'control' });
		expect(parseSyncPath('/sync/abc/secrets')).toBeNull();
		expect(parseSyncPath('/sync/a.b/content')).toBeNull();
		expect(parseSyncPath(`/sync/${'a'.repeat(65)}/content`)).toBeNull();
		expect(parseSyncPath('/sync/abc')).toBeNull();
		expect(parseSyncPath('/sync/abc/group-g_1-X')).toEqual({ workshopId: 'abc', kind: 'group-g_1-X' });
		expect(parseSyncPath('/sync/abc/group-')).toBeNull();
		expect(parseSyncPath(`/sync/abc/group-${'g'.repeat(25)}`)).toBeNull();
		expect(parseSyncPath('/sync/abc/group-a.b')).toBeNull();
	});

	it('lets clients without Origin through, and browsers only from the public origin or the Host they reached', () => {
		expect(originAllowed(request({ host: 'example.org' }), null)).toBe(true);
		expect(originAllowed(request({ origin: 'https://example.org', host: 'example.org' }), null)).toBe(true);
		expect(originAllowed(request({ origin: 'https://evil.test', host: 'example.org' }), null)).toBe(false);
		expect(originAllowed(request({ origin: 'not a url', host: 'example.org' }), null)).toBe(false);
		expect(originAllowed(request({ origin: 'https://plumbline.test', host: 'internal:3000' }), 'https://plumbline.test')).toBe(true);
		expect(originAllowed(request({ origin: 'https://internal:3000', host: 'internal:3000' }), 'https://plumbline.test')).toBe(false);
	});
});
