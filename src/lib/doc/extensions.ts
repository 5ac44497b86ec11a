/**
 * The Tiptap schema of a proposition line, shared by the browser editor and by
 * server code that reads or writes a line (adopting a vote winner, exports).
 * Collaboration and carets are added by the browser on top of these.
 */
import StarterKit from '@tiptap/starter-kit';
import type { AnyExtension } from '@tiptap/core';

export function lineExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			// The Collaboration extension brings Yjs' own undo manager.
			undoRedo: false,
			heading: false,
			codeBlock: false,
			blockquote: false,
			horizontalRule: false,
			link: false
		})
	];
}
