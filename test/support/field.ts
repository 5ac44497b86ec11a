/** A workshop whose field is open, for the field's integration tests and the server bench. */
import { expect } from 'vitest';
import type { CreateWorkshopResponse, FieldResponse, JoinResponse } from '../../src/lib/api.js';
import { claimLineId, claims, content, readControl, setLineText } from '../../src/lib/doc/schema.js';
import { eventually, type RunningServer } from './server.js';
import { api, connect, createWorkshop, join, synced } from './clients.js';

const DAY = 86_400_000;
export const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const authored = { authorId: 'p', authorTeam: 'sales' as const, createdAt: 0 };

export interface FieldWorkshop {
	workshop: CreateWorkshopResponse;
	carla: JoinResponse;
	ines: JoinResponse;
	anna: JoinResponse;
	bjorn: JoinResponse;
	elif: JoinResponse;
	kim: JoinResponse;
	versionId: string;
	intent(who: JoinResponse, body: Record<string, unknown>): Promise<{ status: number; body: { error?: { code: string } } }>;
	field(who: JoinResponse, query?: string): Promise<{ status: number; body: FieldResponse }>;
	/** Join with the facilitator's field link, as a salesperson who was not in the room. */
	joinField(name: string): Promise<JoinResponse>;
	close(): void;
}

/** A workshop with a signed proposition (two claims, a lead definition, a metric, a campaign launched ten days ago) and its field opened. */
export async function openField(on: RunningServer): Promise<FieldWorkshop> {
	const workshop = await createWorkshop(on);
	const id = workshop.workshopId;
	const carla = (await api<JoinResponse>(on, `/api/workshops/${id}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' })).body;
	const [ines, anna, bjorn, elif, kim] = await Promise.all([
		join(on, workshop, 'Ines', 'leadership'),
		join(on, workshop, 'Anna', 'sales'),
		join(on, workshop, 'Björn', 'sales'),
		join(on, workshop, 'Elif', 'marketing'),
		join(on, workshop, 'Kim', 'observer')
	]);
	const auth = (who: JoinResponse) => ({ authorization: `Bearer ${who.token}` });
	const intent = (who: JoinResponse, body: Record<string, unknown>) => api<{ error?: { code: string } }>(on, `/api/workshops/${id}/intents`, body, auth(who));
	const writer = connect(on, id, 'content', carla.token);
	const reader = connect(on, id, 'control', carla.token);
	await Promise.all([synced(writer), synced(reader)]);
	writer.doc.transact(() => {
		for (const [claimId, text] of [
			['k1', 'Cuts unplanned vehicle-off-road time by 30%'],
			['k2', 'Installs in one day, without a workshop visit']
		] as const) {
			claims.add(writer.doc, claimId);
			setLineText(writer.doc, claimLineId(claimId), text);
		}
		content.handoff(writer.doc).add({ id: 'fleet', field: 'Fleet size', wantedBy: ['sales'], status: 'required', ...authored });
		content.metrics(writer.doc).add({ id: 'sql', name: 'Qualified leads', measures: '', ownerTeam: 'both', target: '180', horizon: 'month', source: '', sharedCommitment: true, ...authored });
		content.campaign.write(writer.doc, { launchDate: day(-10), endDate: day(80), timeZone: 'Europe/Stockholm' });
	});
	// Save once the claims have reached the server.
	let versionId = '';
	await eventually(async () => {
		expect((await intent(carla, { type: 'version.save', name: 'Signed at the workshop' })).status).toBe(200);
		versionId = readControl(reader.doc).versions.at(-1)?.id ?? '';
		const version = await api<{ data: { proposition: { claims: unknown[] } } }>(on, `/api/workshops/${id}/versions/${versionId}`, undefined, auth(ines));
		expect(version.body.data.proposition.claims).toHaveLength(2);
	}, 10_000);
	expect((await intent(carla, { type: 'signoff.setSigners', participantIds: [ines.participantId] })).status).toBe(200);
	expect((await intent(ines, { type: 'signoff.sign', versionId })).status).toBe(200);
	expect((await intent(carla, { type: 'field.open' })).status).toBe(200);
	const field = (who: JoinResponse, query = '') => api<FieldResponse>(on, `/api/workshops/${id}/field${query}`, undefined, auth(who));
	const joinField = async (name: string) => {
		const link = (await field(carla)).body.fieldUrl ?? '';
		const secret = new URL(link).hash.replace(/^#field=/, '');
		const joined = await api<JoinResponse>(on, `/api/workshops/${id}/join`, { field: secret, name, team: 'sales' });
		expect(joined.status).toBe(200);
		return joined.body;
	};
	return { workshop, carla, ines, anna, bjorn, elif, kim, versionId, intent, field, joinField, close: () => [writer, reader].forEach((c) => c.destroy()) };
}

