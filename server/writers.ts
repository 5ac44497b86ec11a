/** Who may write under which Yjs client id: the session that introduced it in the room. */
import * as Y from 'yjs';

/**
 * A relay may carry edits of people whose sessions are known here, but never ones the server
 * lacks: those reach the server from their writer (who owns them) before anyone can relay them,
 * and ownership starts empty after a restart. So such structs are forgeries; they are cut out
 * rather than refused whole, so that an honest client whose cache holds them after all (its own
 * edits may build on them) is never closed again and again. Removes the cut ids from `writers`.
 */
export function withoutForeignWriters(update: Uint8Array, writers: Set<number>, owners: ReadonlyMap<number, string>, sessionId: string): Uint8Array {
	const foreign = [...writers].filter((client) => {
		const owner = owners.get(client);
		return owner !== undefined && owner !== sessionId;
	});
	if (foreign.length === 0) return update;
	for (const client of foreign) writers.delete(client);
	// diffUpdate leaves out every struct a state vector covers: one that covers all of theirs.
	return Y.diffUpdate(update, Y.encodeStateVector(new Map(foreign.map((client) => [client, Number.MAX_SAFE_INTEGER]))));
}
