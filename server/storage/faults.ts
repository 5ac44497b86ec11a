/**
 * Tests only (PLUMBLINE_TEST_FAULTS=1): storage that fails on demand, so a test
 * against the real server can check that a failed write leaves nothing half done.
 * While DATA_DIR/fail-storage exists, the methods named in it (one per line) throw.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from './storage.js';

export function withFaults(storage: Storage, dataDir: string): Storage {
	return { ...storage, documents: failing(storage.documents, dataDir), records: failing(storage.records, dataDir), ping: () => storage.ping(), close: () => storage.close() };
}

function failing<T extends object>(store: T, dataDir: string): T {
	const file = path.join(dataDir, 'fail-storage');
	const failing = (method: string): boolean => {
		try {
			return fs.readFileSync(file, 'utf8').split(/\s+/).includes(method);
		} catch {
			return false;
		}
	};
	return new Proxy(store, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (typeof value !== 'function' || typeof property !== 'string') return value;
			return (...args: unknown[]) => {
				if (failing(property)) return Promise.reject(new Error(`injected storage fault in ${property}`));
				return (value as (...a: unknown[]) => unknown).apply(target, args);
			};
		}
	});
}
