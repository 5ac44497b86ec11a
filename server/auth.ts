/**
 * Signed session tokens. A token names its session, workshop, participant and
 * role, and expires; the signature (HMAC-SHA256 with the server secret) makes it
 * unforgeable, and the session row in storage makes it revocable.
 * The same token travels as an HttpOnly cookie for browsers and as a `token`
 * query parameter or Bearer header for scripts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
// `cookie` 2 under an alias: SvelteKit 2's built server imports the root `cookie` and needs 0.6.
import { parseCookie } from 'cookie2';
import { isRole, type Role } from '../src/lib/domain/teams.js';
import { sessionCookieName } from '../src/lib/api.js';

export interface SessionClaims {
	sessionId: string;
	workshopId: string;
	participantId: string;
	role: Role;
	/** Expiry, ms since epoch. */
	expiresAt: number;
}

export type VerifyResult = { ok: true; claims: SessionClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const VERSION = 'v1';

export function randomId(bytes = 16): string {
	return randomBytes(bytes).toString('base64url');
}

export class SessionSigner {
	constructor(private readonly secret: string) {}

	sign(claims: SessionClaims): string {
		const payload = Buffer.from(
			JSON.stringify({ s: claims.sessionId, w: claims.workshopId, p: claims.participantId, r: claims.role, e: claims.expiresAt })
		).toString('base64url');
		return `${VERSION}.${payload}.${this.mac(payload)}`;
	}

	verify(token: string, now = Date.now()): VerifyResult {
		const parts = token.split('.');
		if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
		const [, payload, signature] = parts as [string, string, string];
		const expected = Buffer.from(this.mac(payload), 'base64url');
		const given = Buffer.from(signature, 'base64url');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
		let raw: unknown;
		try {
			raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		} catch {
			return { ok: false, reason: 'malformed' };
		}
		const claims = parseClaims(raw);
		if (!claims) return { ok: false, reason: 'malformed' };
		if (claims.expiresAt <= now) return { ok: false, reason: 'expired' };
		return { ok: true, claims };
	}

	/**
	 * The secret an invitation link carries: derived from the workshop id with the server
	 * secret (so every instance computes the same one and nothing is stored), 128 bits,
	 * so it cannot be guessed and needs no rate limit.
	 */
	invitation(workshopId: string): string {
		return createHmac('sha256', this.secret).update(`invite.${workshopId}`).digest('base64url').slice(0, 22);
	}

	/**
	 * The field link's secret: like the invitation's, but another derivation, so neither link
	 * opens the other's door. `linkVersion` (FieldPhase.linkVersion) moves with each "new field
	 * link"; absent or 0 is the first link's derivation, so links shared before it existed still work.
	 */
	fieldInvitation(workshopId: string, linkVersion = 0): string {
		const subject = linkVersion > 0 ? `field.${workshopId}.${linkVersion}` : `field.${workshopId}`;
		return createHmac('sha256', this.secret).update(subject).digest('base64url').slice(0, 22);
	}

	checkFieldInvitation(workshopId: string, given: unknown, linkVersion = 0): boolean {
		return sameSecret(this.fieldInvitation(workshopId, linkVersion), given);
	}

	/** Whether `given` is the workshop's invitation secret (constant time). */
	checkInvitation(workshopId: string, given: unknown): boolean {
		return sameSecret(this.invitation(workshopId), given);
	}

	private mac(payload: string): string {
		return createHmac('sha256', this.secret).update(`${VERSION}.${payload}`).digest('base64url');
	}
}

function parseClaims(raw: unknown): SessionClaims | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { s, w, p, r, e } = raw as Record<string, unknown>;
	if (typeof s !== 'string' || typeof w !== 'string' || typeof p !== 'string' || !isRole(r) || typeof e !== 'number') return null;
	return { sessionId: s, workshopId: w, participantId: p, role: r, expiresAt: e };
}

export { sessionCookieName };

/** Read a session token from a request: the `token` query parameter, a Bearer header, or the workshop's cookie. */
export function tokenFromRequest(url: URL, headers: { authorization?: string | undefined; cookie?: string | undefined }, workshopId: string): string | null {
	const fromQuery = url.searchParams.get('token');
	if (fromQuery) return fromQuery;
	const auth = headers.authorization;
	if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
	return (headers.cookie && parseCookie(headers.cookie)[sessionCookieName(workshopId)]) || null;
}

function sameSecret(expected: string, given: unknown): boolean {
	if (typeof given !== 'string') return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}
