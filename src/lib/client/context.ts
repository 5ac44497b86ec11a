/**
 * The workshop connection as a typed Svelte context: the workshop page sets it once,
 * the stage components read it, instead of a `connection` prop threaded through each.
 */
import { createContext } from 'svelte';
import type { WorkshopConnection } from './workshop.svelte';

/**
 * The page opens its connection in onMount (browser only), after the context must be set,
 * so the context holds a way to read the connection rather than the connection itself.
 */
export type WorkshopSource = () => WorkshopConnection | undefined;

const [getSource, setSource, hasSource] = createContext<WorkshopSource>();

/** Call once, during the workshop page's initialisation. */
export function setWorkshop(source: WorkshopSource): void {
	setSource(source);
}

/** The workshop's connection, for a component rendered inside a workshop page once it is connected. */
export function useWorkshop(): WorkshopConnection {
	return connectionFrom(hasSource() ? getSource() : undefined);
}

/** The connection a source gives, or a clear error saying where components must be used. */
export function connectionFrom(source: WorkshopSource | undefined): WorkshopConnection {
	if (!source) throw new Error('useWorkshop(): this component belongs inside a workshop page, which calls setWorkshop() first.');
	const connection = source();
	if (!connection) throw new Error('useWorkshop(): the workshop is not connected yet; render this component only once the page has its connection.');
	return connection;
}
