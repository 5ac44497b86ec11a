import { describe, expect, it } from 'vitest';
import { addStage, defaultAgenda, moveStage, neighbourStage, updateStage } from './agenda';

describe('agenda operations', () => {
	it('renames, re-times and re-words a stage without touching the others', () => {
		const agenda = defaultAgenda();
		const result = updateStage(agenda, 'draft', { title: '  Write   it ', minutes: 45, instruction: 'Go.' });
		expect(result.ok && result.agenda.find((s) => s.id === 'draft')).toMatchObject({ title: 'Write it', minutes: 45, instruction: 'Go.' });
		expect(result.ok && result.agenda.filter((s) => s.id !== 'draft')).toEqual(agenda.filter((s) => s.id !== 'draft'));
		expect(agenda.find((s) => s.id === 'draft')?.title).toBe('Draft');
	});

	it('refuses bad values with a reason', () => {
		const agenda = defaultAgenda();
		expect(updateStage(agenda, 'nope', { title: 'x' })).toMatchObject({ ok: false });
		expect(updateStage(agenda, 'draft', { title: '' })).toMatchObject({ ok: false });
		expect(updateStage(agenda, 'draft', { minutes: 0 })).toMatchObject({ ok: false });
		expect(updateStage(agenda, 'draft', { minutes: 2.5 })).toMatchObject({ ok: false });
		expect(updateStage(agenda, 'draft', { skipped: 'yes' as never })).toMatchObject({ ok: false });
	});

	it('skips stages but never all of them', () => {
		let agenda = defaultAgenda();
		for (const stage of agenda.slice(1)) {
			const result = updateStage(agenda, stage.id, { skipped: true });
			if (!result.ok) throw new Error(result.reason);
			agenda = result.agenda;
		}
		expect(updateStage(agenda, agenda[0]!.id, { skipped: true })).toEqual({ ok: false, reason: 'At least one stage must stay on the agenda.' });
	});

	it('moves a stage to a clamped position', () => {
		const agenda = defaultAgenda();
		const moved = moveStage(agenda, 'sign-off', 0);
		expect(moved.ok && moved.agenda.map((s) => s.id).slice(0, 2)).toEqual(['sign-off', 'frame']);
		const end = moveStage(agenda, 'frame', 99);
		expect(end.ok && end.agenda.at(-1)?.id).toBe('frame');
		expect(moveStage(agenda, 'nope', 0)).toMatchObject({ ok: false });
	});

	it('adds a stage after another, or at the end', () => {
		const agenda = defaultAgenda();
		const after = addStage(agenda, 'feedback', { title: 'Field feedback', minutes: 15 }, 'draft');
		expect(after.ok && after.agenda.map((s) => s.id).slice(1, 3)).toEqual(['draft', 'feedback']);
		const end = addStage(agenda, 'extra', { title: 'Extra' });
		expect(end.ok && end.agenda.at(-1)).toEqual({ id: 'extra', title: 'Extra', minutes: 10, instruction: '', skipped: false });
		expect(addStage(agenda, 'x', { title: '' })).toMatchObject({ ok: false });
		expect(addStage(agenda, 'x', { title: 'X' }, 'missing')).toMatchObject({ ok: false });
	});

	it('finds the next and previous stage, skipping skipped ones', () => {
		const result = updateStage(defaultAgenda(), 'language', { skipped: true });
		if (!result.ok) throw new Error(result.reason);
		expect(neighbourStage(result.agenda, 'draft', 1)?.id).toBe('stress-test');
		expect(neighbourStage(result.agenda, 'stress-test', -1)?.id).toBe('draft');
		expect(neighbourStage(result.agenda, 'sign-off', 1)).toBeUndefined();
	});
});
