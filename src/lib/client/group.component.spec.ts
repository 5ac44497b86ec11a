import { describe, expect, it } from 'vitest';
import { claims, content, controlWriters, setLineText, lineText } from '$lib/doc/schema';
import { connect } from '../../../test/support/component';
import { GroupDraft, scopeToGroup } from './group.svelte';

describe('scopeToGroup', () => {
	it('gives the Draft stage’s components the group’s document and the room’s control, identity and clock', () => {
		const workshop = connect();
		const draft = new GroupDraft(workshop, 'g1');
		try {
			const scoped = scopeToGroup(workshop, draft);
			setLineText(draft.content, 'headline', 'The group’s headline');
			setLineText(workshop.content, 'headline', 'The room’s headline');
			claims.add(draft.content, 'c1');
			content.notes(draft.content).add({ id: 'n1', authorId: 'p-me', authorTeam: 'sales', createdAt: 1, column: 'customer', text: 'A group note', order: 1, lineId: '' });

			expect(lineText(scoped.content, 'headline')).toBe('The group’s headline');
			expect(scoped.claimIds).toEqual(['c1']);
			expect(scoped.lines.map((l) => l.id)).toContain('claim-c1');
			expect(scoped.notes.map((n) => n.id)).toEqual(['n1']);
			expect(scoped.awareness).toBe(draft.awareness);
			// The room's side stays the room's.
			controlWriters.setCurrentStage(workshop.control, 'draft');
			expect(scoped.controlState.currentStageId).toBe('draft');
			expect(scoped.me).toBe(workshop.me);
			expect(scoped.serverNow()).toBeGreaterThan(0);
			expect(lineText(workshop.content, 'headline')).toBe('The room’s headline');
		} finally {
			draft.destroy();
		}
	});
});
