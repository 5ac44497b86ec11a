/**
 * Join codes are read aloud in a room and typed on laptops, so the alphabet
 * leaves out both members of every pair people confuse (0/O, 1/I/L, 2/Z, 5/S,
 * 8/B, U/V). Six characters from 23 give about 148 million codes; the server
 * retries on the rare collision with an existing workshop.
 */

export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTWXY34679';
export const JOIN_CODE_LENGTH = 6;

/** Fill `bytes` with random values (crypto.getRandomValues or randomFillSync). */
export type RandomFill = (bytes: Uint8Array) => void;

export function generateJoinCode(fill: RandomFill): string {
	const n = JOIN_CODE_ALPHABET.length;
	// Rejection sampling keeps every character equally likely.
	const limit = 256 - (256 % n);
	let code = '';
	const bytes = new Uint8Array(JOIN_CODE_LENGTH * 2);
	while (code.length < JOIN_CODE_LENGTH) {
		fill(bytes);
		for (const b of bytes) {
			if (b < limit && code.length < JOIN_CODE_LENGTH) code += JOIN_CODE_ALPHABET[b % n];
		}
	}
	return code;
}

/** Accept what people type: any case, with spaces or dashes; null when it cannot be a code. */
export function normalizeJoinCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== JOIN_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code;
}

/** "KM4-TX7": split in two halves so it is easy to read aloud. */
export function formatJoinCode(code: string): string {
	const half = Math.ceil(code.length / 2);
	return `${code.slice(0, half)}-${code.slice(half)}`;
}
