/** How a connection is closed when one of its messages cannot be handled. */
import { DocumentTooLarge, StorageBehind } from '../connection.js';
import { ProtocolError } from '../wire-read.js';
import { CloseCode } from '../protocol.js';

export function closeFor(error: unknown): { code: number; reason: string; metric: 'document-too-large' | 'storage-behind' | 'invalid-protocol' | null } {
	if (error instanceof DocumentTooLarge) return { code: CloseCode.documentTooLarge, reason: 'document too large', metric: 'document-too-large' };
	if (error instanceof StorageBehind) return { code: CloseCode.storageBehind, reason: 'storage unavailable, try again later', metric: 'storage-behind' };
	if (error instanceof ProtocolError) return { code: CloseCode.invalidMessage, reason: error.message.slice(0, 120), metric: 'invalid-protocol' };
	return { code: CloseCode.internalError, reason: 'internal error', metric: null };
}
