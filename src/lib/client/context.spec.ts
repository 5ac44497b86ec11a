import { describe, expect, it } from 'vitest';
import { connectionFrom } from './context';
import type { WorkshopConnection } from './workshop.svelte';

describe('connectionFrom', () => {
	it('says a component needs a workshop page when no page set the context', () => {
		expect(() => connectionFrom(undefined)).toThrow(/inside a workshop page/);
	});

	it('says the workshop is not connected yet before the page has its connection', () => {
		expect(() => connectionFrom(() => undefined)).toThrow(/not connected yet/);
	});

	it('gives the connection the page set', () => {
		const connection = { workshopId: 'w1' } as unknown as WorkshopConnection;
		expect(connectionFrom(() => connection)).toBe(connection);
	});
});
