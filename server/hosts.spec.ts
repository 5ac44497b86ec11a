import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName } from './hosts.js';

describe('host check (DNS rebinding)', () => {
	it('reads the name out of a Host header', () => {
		expect(hostName('Plumbline.Example.com:3000')).toBe('plumbline.example.com');
		expect(hostName('[::1]:3000')).toBe('::1');
		expect(hostName('192.168.1.20')).toBe('192.168.1.20');
		expect(hostName('evil.example/x')).toBeNull();
		expect(hostName('')).toBeNull();
	});

	it('serves loopback names, IP literals and configured names only', () => {
		for (const host of ['localhost:3000', 'app.localhost', '127.0.0.1:5173', '[::1]:3000', '10.0.0.12', '[fe80::1]', 'room.lan:3000']) {
			expect(hostAllowed(host, ['room.lan']), host).toBe(true);
		}
		for (const host of ['evil.example', 'localhost.evil.example', 'room.lan.evil.example', '127.0.0.1.nip.io', undefined, '']) {
			expect(hostAllowed(host, ['room.lan']), String(host)).toBe(false);
		}
	});
});
