import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CloseCode } from '../protocol.js';
import { GroupAccess, type RoundAccess } from './groups.js';

const round = (status: RoundAccess['status'], groups: RoundAccess['groups'], startedAt: number | null = 1): RoundAccess => ({
	id: 'r1',
	status,
	startedAt,
	endsAt: null,
	oneMinuteAt: null,
	versions: status === 'revealed' ? [] : null,
	groups
});

function socket() {
	const closes: number[] = [];
	return { ws: { close: (code: number) => void closes.push(code) } as unknown as WebSocket, closes };
}

describe('group access', () => {
	const sam = { id: 'sam', role: 'participant' as const };
	const two = [
		{ id: 'a', memberIds: ['sam'] },
		{ id: 'b', memberIds: ['mia'] }
	];

	it('refuses with a code that says why: unknown group 404, forming 409, another group\'s draft 403', () => {
		const groups = new GroupAccess(null as never, () => []);
		groups.update('w', [round('forming', two, null)]);
		expect(groups.refusal('w', 'zz', sam)).toMatchObject({ status: 404, code: 'unknown-group' });
		expect(groups.refusal('w', 'a', sam)).toMatchObject({ status: 409, code: 'group-forming' });
		groups.update('w', [round('drafting', two)]);
		expect(groups.refusal('w', 'a', sam)).toBeNull();
		expect(groups.refusal('w', 'b', sam)).toMatchObject({ status: 403, code: 'not-in-group' });
		// Closed without a reveal: the drafts stay private.
		groups.update('w', [round('closed', two)]);
		expect(groups.refusal('w', 'b', sam)).toMatchObject({ status: 403, code: 'not-in-group' });
		expect(groups.refusal('w', 'a', sam)).toBeNull();
		// A round cancelled while forming never had documents.
		groups.update('w', [round('closed', two, null)]);
		expect(groups.refusal('w', 'a', sam)).toMatchObject({ status: 404 });
	});

	it('checks writes against the round as it is now, and closes the sockets of people who lost a group (4002)', () => {
		const open = [socket(), socket()];
		const groups = new GroupAccess(null as never, () => open.map((s) => s.ws));
		groups.update('w', [round('drafting', two)]);
		const write = groups.writer('w', 'group-a', sam)!;
		expect(groups.writer('w', 'content', sam)).toBeNull();
		groups.track(open[0]!.ws, 'group-a', sam);
		groups.track(open[1]!.ws, 'content', sam);
		expect(write()).toBe(true);

		groups.update('w', [round('drafting', [{ id: 'a', memberIds: [] }, { id: 'b', memberIds: ['mia', 'sam'] }])]);
		expect(write()).toBe(false);
		expect(open[0]!.closes).toEqual([CloseCode.groupChanged]);
		// Sockets on other documents are not the rule's business.
		expect(open[1]!.closes).toEqual([]);
	});

	it('stops writes at the end, keeps readers at the reveal', () => {
		const reader = socket();
		const groups = new GroupAccess(null as never, () => [reader.ws]);
		groups.update('w', [round('drafting', two)]);
		groups.track(reader.ws, 'group-a', sam);
		const write = groups.writer('w', 'group-a', sam)!;
		groups.update('w', [round('ended', two)]);
		expect(write()).toBe(false);
		groups.update('w', [round('revealed', two)]);
		expect(write()).toBe(false);
		expect(reader.closes).toEqual([]);
		expect(groups.drafting()).toEqual([]);
	});
});

describe('forgetting a workshop', () => {
	const two = [
		{ id: 'a', memberIds: ['sam'] },
		{ id: 'b', memberIds: ['mia'] }
	];

	it('drops the rounds of a workshop nobody is connected to, but keeps a drafting round for the ticker', () => {
		const groups = new GroupAccess(null as never, () => []);
		groups.update('done', [round('revealed', two)]);
		groups.update('busy', [round('drafting', two)]);
		groups.forget('done');
		groups.forget('busy');
		expect(groups.workshops()).toEqual(['busy']);
		expect(groups.known('done')).toBe(false);
	});
});
