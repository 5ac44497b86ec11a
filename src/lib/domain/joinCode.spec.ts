import { describe, expect, it } from 'vitest';
import { randomFillSync } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, formatJoinCode, generateJoinCode, normalizeJoinCode } from './joinCode';

const fill = (bytes: Uint8Array) => void randomFillSync(bytes);

describe('join codes', () => {
	it('has no characters people confuse when reading aloud or typing', () => {
		for (const ambiguous of '0O1IL2Z5S8BUV') expect(JOIN_CODE_ALPHABET).not.toContain(ambiguous);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
	});

	it('generates codes of the right length from the alphabet only', () => {
		for (let i = 0; i < 500; i++) {
			const code = generateJoinCode(fill);
			expect(code).toHaveLength(JOIN_CODE_LENGTH);
			for (const ch of code) expect(JOIN_CODE_ALPHABET).toContain(ch);
		}
	});

	it('uses every character about equally (rejection sampling, no modulo bias)', () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 4000; i++) for (const ch of generateJoinCode(fill)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
		const expected = (4000 * JOIN_CODE_LENGTH) / JOIN_CODE_ALPHABET.length;
		for (const ch of JOIN_CODE_ALPHABET) {
			expect(counts.get(ch)).toBeGreaterThan(expected * 0.8);
			expect(counts.get(ch)).toBeLessThan(expected * 1.2);
		}
	});

	it('draws again when a byte would bias the result', () => {
		// 255 is above the largest multiple of 23 under 256, so it must be skipped.
		let call = 0;
		const code = generateJoinCode((bytes) => {
			bytes.fill(call++ === 0 ? 255 : 0);
		});
		expect(code).toBe(JOIN_CODE_ALPHABET[0]!.repeat(JOIN_CODE_LENGTH));
		expect(call).toBe(2);
	});

	it('accepts what people type: lower case, spaces and dashes', () => {
		expect(normalizeJoinCode('km4-tx7')).toBe('KM4TX7');
		expect(normalizeJoinCode(' KM4 TX7 ')).toBe('KM4TX7');
	});

	it('rejects codes of the wrong length or with characters outside the alphabet', () => {
		expect(normalizeJoinCode('KM4TX')).toBeNull();
		expect(normalizeJoinCode('KM4TX77')).toBeNull();
		expect(normalizeJoinCode('KM0TX7')).toBeNull();
		expect(normalizeJoinCode('<scrip')).toBeNull();
	});

	it('formats a code in two halves', () => {
		expect(formatJoinCode('KM4TX7')).toBe('KM4-TX7');
	});
});
