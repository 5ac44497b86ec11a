/**
 * The machine's floor (echo-floor.mjs): round trips of a bare WebSocket echo from the server's
 * core to the generator's and back, sorted. Every latency the sync load reports sits on it.
 */
import path from 'node:path';
import { GENERATOR_CPU, SERVER_CPU, here, spawnPinned } from './processes.js';

export async function echoFloor(count: number, gapMs: number): Promise<number[]> {
	const script = path.join(here, 'echo-floor.mjs');
	const server = spawnPinned(SERVER_CPU, [script, 'server'], { stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const port = await new Promise<number>((resolve, reject) => {
			server.stdout!.on('data', (chunk: Buffer) => {
				const found = /listening on (\d+)/.exec(chunk.toString());
				if (found) resolve(Number(found[1]));
			});
			server.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
		});
		const client = spawnPinned(GENERATOR_CPU, [script, 'client', `ws://127.0.0.1:${port}`, String(count), String(gapMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		client.stdout!.on('data', (chunk: Buffer) => (out += chunk));
		const code = await new Promise<number | null>((resolve) => client.once('exit', resolve));
		if (code !== 0) throw new Error(`echo client exited with ${code}`);
		return (JSON.parse(out) as number[]).sort((a, b) => a - b);
	} finally {
		server.kill();
	}
}
