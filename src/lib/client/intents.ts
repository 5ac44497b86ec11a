/** Send a facilitator (or participant) action to the server; the server decides. */
import type { IntentPayload, IntentType } from '$lib/protocol/intents';
import { postJson, type ApiResult } from './api';

/** The payload argument, optional for intents that carry nothing required. */
export type PayloadArgument<T extends IntentType> = {} extends IntentPayload<T> ? [payload?: IntentPayload<T>] : [payload: IntentPayload<T>];

export function sendIntent<T extends IntentType>(workshopId: string, type: T, ...[payload]: PayloadArgument<T>): Promise<ApiResult<{ applied: T }>> {
	return postJson(`/api/workshops/${workshopId}/intents`, { type, ...payload });
}
