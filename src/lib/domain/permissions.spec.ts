import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './teams';
import { PERMISSIONS, canEditContent, canWriteContent, may, mayChangeItem, mayExport } from './permissions';

describe('permissions', () => {
	it('names every role it grants, and gives facilitators everything', () => {
		for (const [action, roles] of Object.entries(PERMISSIONS)) {
			for (const role of roles) expect(ROLES).toContain(role);
			expect(may('facilitator', action as keyof typeof PERMISSIONS)).toBe(true);
		}
	});

	it('lets only facilitators run the room, and everyone but observers take part', () => {
		expect(ROLES.filter((r) => may(r, 'facilitate'))).toEqual(['facilitator']);
		expect(ROLES.filter((r) => may(r, 'contribute'))).toEqual(['facilitator', 'participant']);
	});

	it('lets everyone but observers edit content', () => {
		expect(canEditContent('participant')).toBe(true);
		expect(canEditContent('facilitator')).toBe(true);
		expect(canEditContent('observer')).toBe(false);
	});

	it('lets facilitators write while frozen, participants only when not, observers never', () => {
		expect(canWriteContent('facilitator', true)).toBe(true);
		expect(canWriteContent('participant', true)).toBe(false);
		expect(canWriteContent('participant', false)).toBe(true);
		expect(canWriteContent('observer', false)).toBe(false);
	});

	it('lets authors change their own items and facilitators any, observers none', () => {
		const mine = { authorId: 'p1' };
		expect(mayChangeItem({ id: 'p1', role: 'participant' }, mine)).toBe(true);
		expect(mayChangeItem({ id: 'p2', role: 'participant' }, mine)).toBe(false);
		expect(mayChangeItem({ id: 'p9', role: 'facilitator' }, mine)).toBe(true);
		expect(mayChangeItem({ id: 'p1', role: 'observer' }, mine)).toBe(false);
	});

	it('lets facilitators, leaders and signers export by default; the facilitator can widen it', () => {
		const sales = { role: 'participant' as Role, team: 'sales', isSigner: false };
		const observer = { role: 'observer' as Role, team: null, isSigner: false };
		expect(mayExport({ role: 'facilitator', team: 'sales', isSigner: false }, 'leaders')).toBe(true);
		expect(mayExport({ role: 'participant', team: 'leadership', isSigner: false }, 'leaders')).toBe(true);
		expect(mayExport({ ...sales, isSigner: true }, 'leaders')).toBe(true);
		expect(mayExport(sales, 'leaders')).toBe(false);
		expect(mayExport(sales, 'participants')).toBe(true);
		expect(mayExport(observer, 'participants')).toBe(false);
		expect(mayExport(observer, 'everyone')).toBe(true);
	});
});
