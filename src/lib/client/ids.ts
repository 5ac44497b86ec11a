/** Short random ids for claims and notes. getRandomValues works on plain-http LAN addresses too (randomUUID does not). */
export function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(9));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
