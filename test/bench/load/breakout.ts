/**
 * The breakout load target: one workshop whose participants draft in groups, each group on its
 * own document (/sync/<id>/group-<groupId>), formed and started through the real intents.
 */
import * as Y from 'yjs';
import type { JoinResponse } from '../../../src/lib/api.js';
import { currentBreakout, readControl } from '../../../src/lib/doc/schema.js';
import { api, connect, createWorkshop, synced } from '../../support/clients.js';
import { plumbline, type Target } from './run.js';

async function joinAll(server: Parameters<typeof connect>[0], code: string, count: number): Promise<JoinResponse[]> {
	const joined: JoinResponse[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const { status, body } = await api<JoinResponse>(server, '/api/join', { code, name: `P${i}`, team: i % 2 ? 'marketing' : 'sales' });
			if (status !== 200) throw new Error(`join ${i} failed: ${status} ${JSON.stringify(body)}`);
			joined[i] = body;
		}
	};
	await Promise.all(Array.from({ length: 16 }, worker));
	return joined;
}

/** Plumbline with the room split into mixed groups of `groupSize`; thin clients write in their own group's document. */
export function plumblineBreakout(groupSize: number): Target {
	const target = plumbline();
	return {
		...target,
		name: 'breakout',
		async room(count, replicas) {
			const server = target.server();
			const workshop = await createWorkshop(server, 'Kick-off');
			const facilitators = await Promise.all(
				Array.from({ length: replicas + 1 }, async (_, i) => (await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: `F${i}` })).body)
			);
			const people = await joinAll(server, workshop.joinCode, count);
			const intent = async (body: Record<string, unknown>) => {
				const answer = await api(server, `/api/workshops/${workshop.workshopId}/intents`, body, { authorization: `Bearer ${facilitators[0]!.token}` });
				if (answer.status !== 200) throw new Error(`${String(body.type)}: ${JSON.stringify(answer.body)}`);
			};
			await intent({ type: 'stage.set', stageId: 'draft' });
			await intent({ type: 'breakout.open', groupSize, startFrom: 'blank' });
			await intent({ type: 'breakout.start', minutes: 60 });
			const control = connect(server, workshop.workshopId, 'control', facilitators[0]!.token, new Y.Doc());
			await synced(control);
			const round = currentBreakout(readControl(control.doc))!;
			control.destroy();
			const index = new Map(round.groups.map((g, i) => [g.id, i]));
			const groupOf = new Map(round.groups.flatMap((g) => g.memberIds.map((id) => [id, g.id] as const)));
			const base = `${server.wsUrl}/sync/${workshop.workshopId}`;
			return {
				thin: people.map((p) => `${base}/group-${groupOf.get(p.participantId)}?token=${p.token}`),
				groups: people.map((p) => index.get(groupOf.get(p.participantId)!)!),
				replicas: { base, room: `group-${round.groups[0]!.id}`, params: facilitators.slice(1).map((f) => ({ token: f.token })) }
			};
		}
	};
}
