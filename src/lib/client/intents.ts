/** Send a facilitator (or participant) action to the server; the server decides. */
import type { IntentPayload, IntentType } from '$lib/protocol/intents';
import { postJson, type ApiResult } from './api';

/** The payload argument, optional for intents that carry nothing required. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends P` asks whether P has no required field
export type PayloadArgument<T extends IntentType> = {} extends IntentPayload<T> ? [payload?: IntentPayload<T>] : [payload: IntentPayload<T>];

export function sendIntent<T extends IntentType>(workshopId: string, type: T, ...[payload]: PayloadArgument<T>): Promise<ApiResult<{ applied: T }>> {
	return postJson(`/api/workshops/${workshopId}/intents`, { type, ...payload });
}
