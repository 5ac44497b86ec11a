/** Send a facilitator (or participant) action to the server; the server decides. */
import { postJson, type ApiResult } from './api';

export function sendIntent(workshopId: string, type: string, payload: Record<string, unknown> = {}): Promise<ApiResult<{ applied: string }>> {
	return postJson(`/api/workshops/${workshopId}/intents`, { type, ...payload });
}
