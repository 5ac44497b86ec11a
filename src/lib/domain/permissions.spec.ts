import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './teams';
import { PERMISSIONS, canEditContent, canWriteContent, groupDocAccess, may, mayChangeItem, mayExport, type GroupRound } from './permissions';

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
		// Field members see the field view only, whatever the policy.
		expect(mayExport({ role: 'field', team: 'leadership', isSigner: false }, 'everyone')).toBe(false);
	});
});

describe('groupDocAccess', () => {
	const groups = [
		{ id: 'a', memberIds: ['sam', 'mia'] },
		{ id: 'b', memberIds: ['lee'] }
	];
	const round = (status: GroupRound['status'], startedAt: number | null = 1, versions: unknown[] | null = status === 'revealed' || status === 'closed' ? [] : null): GroupRound => ({
		status,
		startedAt,
		groups,
		versions
	});
	const sam = { id: 'sam', role: 'participant' as const };
	const lee = { id: 'lee', role: 'participant' as const };
	const fay = { id: 'fay', role: 'facilitator' as const };
	const oz = { id: 'oz', role: 'observer' as const };

	it('lets only members and facilitators write while drafting', () => {
		expect(groupDocAccess(round('drafting'), 'a', sam)).toBe('write');
		expect(groupDocAccess(round('drafting'), 'a', fay)).toBe('write');
		expect(groupDocAccess(round('drafting'), 'a', lee)).toBe('none');
		expect(groupDocAccess(round('drafting'), 'a', oz)).toBe('none');
	});

	it('keeps an ended draft private and read-only', () => {
		expect(groupDocAccess(round('ended'), 'a', sam)).toBe('read');
		expect(groupDocAccess(round('ended'), 'a', fay)).toBe('read');
		expect(groupDocAccess(round('ended'), 'a', lee)).toBe('none');
	});

	it('lets everyone read, and nobody write, from the reveal on', () => {
		for (const status of ['revealed', 'closed'] as const) {
			for (const person of [sam, lee, fay, oz]) expect(groupDocAccess(round(status), 'a', person)).toBe('read');
		}
	});

	it('keeps the drafts of a round closed without a reveal private', () => {
		expect(groupDocAccess(round('closed', 1, null), 'a', sam)).toBe('read');
		expect(groupDocAccess(round('closed', 1, null), 'a', fay)).toBe('read');
		expect(groupDocAccess(round('closed', 1, null), 'a', lee)).toBe('none');
	});

	it('opens nothing before drafting, for an unknown group, or without a round', () => {
		expect(groupDocAccess(round('forming', null), 'a', fay)).toBe('none');
		expect(groupDocAccess(round('closed', null), 'a', sam)).toBe('none');
		expect(groupDocAccess(round('drafting'), 'zz', fay)).toBe('none');
		expect(groupDocAccess(null, 'a', fay)).toBe('none');
	});
});
