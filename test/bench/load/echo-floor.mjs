// The machine's own floor for the sync load's latencies: a bare WebSocket echo, nothing else,
// between a process pinned where the servers run and one pinned where the generator runs.
// `node echo-floor.mjs server` prints its port; `node echo-floor.mjs client <url> <count> <gapMs>`
// prints the round trips as JSON. Plain JavaScript: spawned with `node` directly.
import WebSocket, { WebSocketServer } from 'ws';

if (process.argv[2] === 'server') {
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
	wss.on('connection', (ws) => ws.on('message', (message) => ws.send(message)));
	wss.on('listening', () => console.log(`listening on ${wss.address().port}`));
} else {
	const [url, count, gapMs] = [process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
	const ws = new WebSocket(url, { perMessageDeflate: false });
	ws.on('open', async () => {
		const rtts = [];
		const payload = Buffer.alloc(60);
		for (let i = 0; i < count; i++) {
			const sent = process.hrtime.bigint();
			await new Promise((resolve) => {
				ws.once('message', resolve);
				ws.send(payload);
			});
			rtts.push(Number(process.hrtime.bigint() - sent) / 1e6);
			await new Promise((resolve) => setTimeout(resolve, gapMs));
		}
		console.log(JSON.stringify(rtts));
		ws.close();
		process.exit(0);
	});
}
