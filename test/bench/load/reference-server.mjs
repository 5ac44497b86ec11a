// The reference server the load benchmark compares against: @y/websocket-server
// 0.1.1 as published (in memory, no authentication), on the port it is given.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((_request, response) => response.end('okay'));
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
// Exit cleanly on SIGTERM, so that a CPU profile (PLUMBLINE_BENCH_PROFILE) is written.
process.on('SIGTERM', () => process.exit(0));
