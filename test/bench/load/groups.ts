/**
 * A kick-off split into breakout groups: Plumbline with real authentication, the facilitator's
 * real `breakout.open` and `breakout.start` intents, and every group drafting in its own
 * document (/sync/<workshop>/group-<id>). Thin clients are ordered by group, so the load run
 * can check that each group's edits reach that group, and nobody else.
 */
import * as Y from 'yjs';
import type { JoinResponse } from '../../../src/lib/api.js';
import { currentBreakout, groupDocKind, readControl } from '../../../src/lib/doc/schema.js';
import { api, connect, createWorkshop, synced } from '../../support/clients.js';
import { eventually } from '../../support/server.js';
import { joinPeople, plumbline, type RoomAccess, type Target } from './run.js';

export function plumblineGroups(groupSize: number): Target {
	const target = plumbline();
	return {
		...target,
		name: `plumbline, groups of ${groupSize}`,
		async room(count) {
			const server = target.server();
			const workshop = await createWorkshop(server, 'Kick-off');
			const facilitator = (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Facilitator', team: 'leadership' })).body;
			const people = await joinPeople(server, workshop, count);
			const tokenOf = new Map(people.map((person) => [person.participantId, person.token]));

			const intent = async (body: Record<string, unknown>) => {
				const { status, body: answer } = await api(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${facilitator.token}` });
				if (status !== 200) throw new Error(`${String(body.type)} failed: ${status} ${JSON.stringify(answer)}`);
			};
			await intent({ type: 'stage.set', stageId: 'draft' });
			await intent({ type: 'breakout.open', groupSize, mix: 'mixed', startFrom: 'current' });
			await intent({ type: 'breakout.start', minutes: 15 });

			const control = connect(server, workshop.workshopId, 'control', facilitator.token, new Y.Doc());
			await synced(control);
			const round = await eventually(() => {
				const r = currentBreakout(readControl(control.doc));
				if (r?.status !== 'drafting') throw new Error('the round has not started');
				return r;
			});
			control.destroy();

			const base = `${server.wsUrl}/sync/${workshop.workshopId}`;
			const thin: string[] = [];
			const of: number[] = [];
			round.groups.forEach((group, g) => {
				for (const member of group.memberIds) {
					thin.push(`${base}/${groupDocKind(group.id)}?token=${tokenOf.get(member)}`);
					of.push(g);
				}
			});
			// One full replica per group, as the facilitator (who may read and write every group).
			const replicas = round.groups.map((group) => ({ base, room: groupDocKind(group.id), params: [{ token: facilitator.token }] }));
			return { thin, replicas: replicas[0]!, groups: { of, replicas } } satisfies RoomAccess;
		}
	};
}
