/** Versions and sign-off: save a named version, name the signers, sign a version. */
import { randomBytes } from 'node:crypto';
import { controlWriters } from '../../src/lib/doc/schema.js';
import type { ExportPolicy } from '../../src/lib/domain/export/model.js';
import { fail, ok, type Result } from '../result.js';
import { HASH_SCHEME, snapshot, type Snapshot } from '../versions.js';
import { EDITORS, FACILITATOR, handler, preparedHandler, type Quotas } from './handler.js';

export const signoffIntents = {
	'version.save': preparedHandler('version.save')<{ id: string; name: string; snap: Snapshot }, { snap: Result<Snapshot>; usage: { count: number; bytes: number }; quotas: Quotas }>({
		roles: EDITORS,
		prepare: async (ctx, _body, auth) => ({
			snap: await snapshot(ctx.rooms, ctx.jobs, auth.workshop.id, auth.workshop, new Date(ctx.now())),
			usage: await ctx.storage.versionUsage(auth.workshop.id),
			quotas: ctx.quotas
		}),
		validate: ({ name }, _state, _auth, _now, { snap, usage, quotas }) => {
			if (!snap.ok) return snap;
			// Versions are kept whole, so a few saves of a large workshop would fill the disk.
			const { maxVersions, maxVersionBytes } = quotas;
			if (usage.count >= maxVersions) return fail(409, 'too-many-versions', `This workshop already has ${maxVersions} saved versions, the most it can keep.`);
			const bytes = snap.value.content.byteLength + snap.value.control.byteLength;
			if (usage.bytes + bytes > maxVersionBytes) {
				return fail(413, 'versions-too-large', `Saved versions of this workshop may take ${Math.round(maxVersionBytes / 1024 / 1024)} MiB; this one would pass that.`);
			}
			return ok({ id: randomBytes(9).toString('base64url'), name, snap: snap.value });
		},
		store: (ctx, { id, name, snap }, auth) =>
			ctx.storage.insertVersion({
				id,
				workshopId: auth.workshop.id,
				name,
				authorId: auth.participant.id,
				createdAt: ctx.now(),
				hash: snap.hash,
				content: snap.content,
				control: snap.control
			}),
		apply: (doc, { id, name, snap }, _state, auth, now) =>
			controlWriters.addVersion(doc, {
				id,
				name,
				authorName: auth.participant.name,
				authorTeam: auth.participant.team,
				createdAt: now,
				hash: snap.hash,
				hashScheme: HASH_SCHEME
			})
	}),

	'export.setPolicy': handler('export.setPolicy')<ExportPolicy>({
		roles: FACILITATOR,
		validate: ({ policy }) => ok(policy),
		apply: (doc, policy) => controlWriters.setExportPolicy(doc, policy)
	}),

	'signoff.setSigners': handler('signoff.setSigners')<string[]>({
		roles: FACILITATOR,
		validate: ({ participantIds }, state) => {
			const people = new Map(state.participants.filter((p) => !p.removed && p.role !== 'observer').map((p) => [p.id, p]));
			const ids = [...new Set(participantIds)];
			if (ids.some((id) => !people.has(id))) return fail(400, 'unknown-participant', 'Signers must be people in this workshop (not observers).');
			return ok(ids);
		},
		apply: (doc, ids) => controlWriters.setSigners(doc, ids)
	}),

	'signoff.sign': handler('signoff.sign')<{ versionId: string; hash: string; hashScheme: number | undefined }>({
		roles: EDITORS,
		validate: ({ versionId }, state, auth) => {
			if (!state.signers.includes(auth.participant.id)) return fail(403, 'not-a-signer', 'Only the people the facilitator named can sign.');
			const version = state.versions.find((v) => v.id === versionId);
			if (!version) return fail(404, 'unknown-version', 'That version does not exist.');
			return ok({ versionId: version.id, hash: version.hash, hashScheme: version.hashScheme });
		},
		apply: (doc, { versionId, hash, hashScheme }, _state, auth, now) =>
			controlWriters.sign(doc, {
				signerId: auth.participant.id,
				signerName: auth.participant.name,
				versionId,
				versionHash: hash,
				// A signature of an old version keeps that version's scheme.
				...(hashScheme === undefined ? {} : { hashScheme }),
				signedAt: now
			})
	})
};
