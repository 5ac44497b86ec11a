/**
 * The one place that names the shared documents' root types and their shapes.
 * Browser and server both import it; no other module spells a root name.
 *
 * Each workshop has two Yjs documents:
 * - `content`: everything participants co-edit.
 * - `control`: what only the server writes (clients hold it read-only).
 *
 * Rich-text lines are root-level XmlFragments (one per line) rather than values
 * nested in a map: two clients creating the same nested type at once would
 * make one of them lose its text, while root types merge by name.
 *
 * The modules behind this entry, by job: names.ts (document and root names),
 * lines.ts (proposition lines and claims), collection.ts (the record collection),
 * content.ts (co-edited records), canvas.ts (the free canvas), control.ts (the
 * server-written document). Import from here.
 */
export { DOC_KINDS, type DocKind, isDocKind, docName, type GroupDocKind, GROUP_ID, groupDocKind, groupIdOf, PROPOSITION_LINES, type FixedLineId } from './names.js';
export * from './lines.js';
export { type Authored, Collection } from './collection.js';
export * from './content.js';
export { canvas, type Cluster, type Connector } from './canvas.js';
export * from './control.js';
