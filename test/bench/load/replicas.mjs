// Full Yjs replicas of the load generator, in a process of their own: real
// y-websocket providers applying every update. At the end they say what their
// documents hold, so the run can check that every edit arrived and all converged.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { countMarkers } from './marker.mjs';

process.setMaxListeners(100);
/** @type {{ doc: Y.Doc, provider: WebsocketProvider, room: number }[]} */
let replicas = [];

/**
 * One room, or several (`rooms`: breakout groups, each its own document); `room` in each
 * report says which of them a replica belongs to.
 * @typedef {{ base: string, room: string, params: Record<string, string>[] }} RoomReplicas
 * @param {RoomReplicas | { rooms: RoomReplicas[] }} config
 */
function start(config) {
	const rooms = 'rooms' in config ? config.rooms : [config];
	replicas = rooms.flatMap(({ base, room, params }, index) =>
		params.map((query) => {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(base, room, doc, {
				WebSocketPolyfill: /** @type {never} */ (WebSocket),
				params: query,
				disableBc: true,
				maxBackoffTime: 500
			});
			provider.on('sync', (/** @type {boolean} */ synced) => synced && process.send?.({ type: 'synced' }));
			return { doc, provider, room: index };
		})
	);
}

process.on('message', (message) => {
	if (message.type === 'config') start(message.config);
	else if (message.type === 'report') {
		process.send({
			type: 'report',
			replicas: replicas.map(({ doc, room }) => {
				const text = doc.getText('load').toString();
				return { room, stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'), length: text.length, markers: [...countMarkers(text)] };
			})
		});
	} else if (message.type === 'exit') {
		for (const { provider, doc } of replicas) {
			provider.destroy();
			doc.destroy();
		}
		setTimeout(() => process.exit(0), 100);
	}
});
