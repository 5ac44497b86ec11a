import { describe, expect, it } from 'vitest';
import { SessionSigner, sessionCookieName, tokenFromRequest, type SessionClaims } from './auth.js';

const secret = 'a'.repeat(48);
const claims: SessionClaims = { sessionId: 's1', workshopId: 'w1', participantId: 'p1', role: 'participant', expiresAt: Date.now() + 60_000 };

describe('session tokens', () => {
	it('verifies what it signed', () => {
		const signer = new SessionSigner(secret);
		expect(signer.verify(signer.sign(claims))).toEqual({ ok: true, claims });
	});

	it('rejects a token whose payload was changed (role upgraded to facilitator)', () => {
		const signer = new SessionSigner(secret);
		const [version, , signature] = signer.sign(claims).split('.');
		const forgedPayload = Buffer.from(JSON.stringify({ s: 's1', w: 'w1', p: 'p1', r: 'facilitator', e: claims.expiresAt })).toString('base64url');
		expect(signer.verify(`${version}.${forgedPayload}.${signature}`)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('rejects a token signed with another secret', () => {
		const token = new SessionSigner('b'.repeat(48)).sign(claims);
		expect(new SessionSigner(secret).verify(token)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('rejects expired tokens', () => {
		const signer = new SessionSigner(secret);
		const token = signer.sign({ ...claims, expiresAt: 1000 });
		expect(signer.verify(token, 2000)).toEqual({ ok: false, reason: 'expired' });
	});

	it('rejects malformed tokens', () => {
		const signer = new SessionSigner(secret);
		for (const token of ['', 'v1', 'v1..', 'v2.a.b', 'garbage.token.here', 'v1.e30.x']) {
			expect(signer.verify(token).ok).toBe(false);
		}
	});

	it('rejects a signed payload with the wrong shape', () => {
		const signer = new SessionSigner(secret);
		// Sign by hand: a valid MAC over a payload that lacks fields.
		const token = signer.sign(claims);
		const [v] = token.split('.');
		const payload = Buffer.from(JSON.stringify({ s: 's1', r: 'king' })).toString('base64url');
		const sneaky = new SessionSigner(secret) as unknown as { mac(p: string): string };
		expect(signer.verify(`${v}.${payload}.${sneaky.mac(payload)}`)).toEqual({ ok: false, reason: 'malformed' });
	});
});

describe('reading a token from a request', () => {
	const url = (q = '') => new URL(`http://localhost/sync/w1/content${q}`);

	it('prefers the query parameter, then the Bearer header, then the workshop cookie', () => {
		expect(tokenFromRequest(url('?token=q'), { authorization: 'Bearer h', cookie: `${sessionCookieName('w1')}=c` }, 'w1')).toBe('q');
		expect(tokenFromRequest(url(), { authorization: 'Bearer h', cookie: `${sessionCookieName('w1')}=c` }, 'w1')).toBe('h');
		expect(tokenFromRequest(url(), { cookie: `other=x; ${sessionCookieName('w1')}=c%2E1` }, 'w1')).toBe('c.1');
	});

	it("ignores another workshop's cookie", () => {
		expect(tokenFromRequest(url(), { cookie: `${sessionCookieName('w2')}=c` }, 'w1')).toBeNull();
	});

	// The hand-written reader threw URIError on a stray "%": a 500 for the whole request.
	it('reads a malformed cookie value as it is, without throwing', () => {
		const name = sessionCookieName('w1');
		expect(tokenFromRequest(url(), { cookie: `junk=%E0%A4%A; ${name}=c` }, 'w1')).toBe('c');
		expect(tokenFromRequest(url(), { cookie: `${name}=c%E0%A4%A` }, 'w1')).toBe('c%E0%A4%A');
	});
});
