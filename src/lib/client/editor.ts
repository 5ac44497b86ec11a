/**
 * A Tiptap editor bound to one proposition line's fragment, with live carets.
 * Loaded with a dynamic import: Tiptap is most of the page's JavaScript.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { lineExtensions } from '$lib/doc/extensions';
import { lineFragment } from '$lib/doc/schema';
import type { PresenceIdentity } from '$lib/protocol/wire';

export interface LineEditorOptions {
	element: HTMLElement;
	doc: Y.Doc;
	lineId: string;
	awareness: Awareness;
	user: PresenceIdentity;
	editable: boolean;
	/** What belongs in the line; announced to screen readers while it is empty. */
	prompt: string;
	label: string;
}

export function createLineEditor(options: LineEditorOptions): Editor {
	const editor = new Editor({
		element: options.element,
		editable: options.editable,
		extensions: [
			...lineExtensions(),
			Collaboration.configure({ fragment: lineFragment(options.doc, options.lineId) }),
			CollaborationCaret.configure({
				provider: { awareness: options.awareness },
				user: options.user,
				render: renderCaret
			})
		],
		editorProps: {
			attributes: {
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				'aria-placeholder': options.prompt,
				class: 'line-editor-content'
			}
		}
	});
	announceLine(editor, options.awareness, options.lineId);
	return editor;
}

/**
 * The line I edit, in my awareness while its editor has focus: the server shows me (and shows
 * to) the others editing the same line, up to MAX_SHOWN_CARETS. Cleared on blur and when the
 * editor goes, unless another line has taken over meanwhile.
 */
export function announceLine(editor: Pick<Editor, 'on'>, awareness: Awareness, lineId: string): void {
	const leave = () => {
		if (awareness.getLocalState()?.line === lineId) awareness.setLocalStateField('line', null);
	};
	editor.on('focus', () => awareness.setLocalStateField('line', lineId));
	editor.on('blur', leave);
	editor.on('destroy', leave);
}

function renderCaret(user: Record<string, unknown>): HTMLElement {
	const color = typeof user.color === 'string' ? user.color : '#4D5B66';
	const caret = document.createElement('span');
	caret.className = 'remote-caret';
	caret.style.borderColor = color;
	const label = document.createElement('span');
	label.className = 'remote-caret-label';
	label.style.backgroundColor = color;
	// textContent, never innerHTML: names are typed by other people.
	label.textContent = typeof user.name === 'string' ? user.name : 'Someone';
	caret.append(label);
	return caret;
}
