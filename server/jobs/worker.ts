/** Worker thread entry: runs one job at a time for the pool (pool.ts). */
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './work.js';

parentPort!.on('message', async ({ id, job }: { id: number; job: Job }) => {
	try {
		const output = await runJob(job);
		// Large results move to the main thread without a copy; a slice of Buffer's shared pool cannot move.
		const whole = output instanceof Uint8Array && output.byteOffset === 0 && output.byteLength === output.buffer.byteLength;
		const transfer = whole ? [output.buffer as ArrayBuffer] : [];
		parentPort!.postMessage({ id, output }, transfer);
	} catch (error) {
		parentPort!.postMessage({ id, error: (error as Error).message ?? String(error) });
	}
});

// Loading the renderers takes a moment; the pool's clock for a job starts once this arrives.
parentPort!.postMessage({ ready: true });
