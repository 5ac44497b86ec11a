/**
 * DNS rebinding: a page on attacker.example can make its own name resolve to this server
 * (or to 127.0.0.1) and then read answers as same-origin. Such requests still carry the
 * attacker's name in `Host`, so without a configured ORIGIN only names that cannot be
 * rebound are served: loopback names, IP literals, and the names in PLUMBLINE_HOSTS.
 */
import { isIP } from 'node:net';

/**
 * The host name of a Host header (no port, no IPv6 brackets), lower-cased; null when malformed.
 */
export function hostName(header: string | undefined | null): string | null {
	if (!header) return null;
	const value = header.trim().toLowerCase();
	const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
	if (bracketed) return bracketed[1]!;
	const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
	return plain ? plain[1]!.replace(/\.$/, '') : null;
}

/**
 * Whether a request's Host may be served. `allowed` are the PLUMBLINE_HOSTS names. Any IP
 * literal passes, not only this machine's: a literal cannot be rebound, and behind NAT or
 * in a container the address people type is not one the process can see.
 */
export function hostAllowed(header: string | undefined | null, allowed: readonly string[]): boolean {
	const name = hostName(header);
	if (name === null) return false;
	if (isIP(name) !== 0) return true;
	// Browsers resolve localhost and *.localhost to loopback themselves (RFC 6761).
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	return allowed.includes(name);
}
