/** Expected failures travel as values with an HTTP status and a stable code, never as throws. */
export interface ApiError {
	status: number;
	code: string;
	message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (status: number, code: string, message: string): Result<never> => ({ ok: false, error: { status, code, message } });

export function asObject(input: unknown): Record<string, unknown> {
	return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}
