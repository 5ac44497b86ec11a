/** Calls to the JSON API from the browser; errors come back as their human message. */
import { isApiError } from '$lib/api';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export async function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return { ok: false, code: 'network', message: 'Could not reach the server. Check your connection and try again.' };
	}
	const data: unknown = await response.json().catch(() => null);
	if (response.ok) return { ok: true, value: data as T };
	if (isApiError(data)) return { ok: false, code: data.error.code, message: data.error.message };
	return { ok: false, code: 'http', message: `The server answered ${response.status}.` };
}
