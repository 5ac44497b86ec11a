/** Read a workshop's two documents into the plain export model. */
import type * as Y from 'yjs';
import { PROPOSITION_LINES, allLineIds, charactersByClient, claimLineId, claims, content, lineText, readAuthors, readControl } from './schema.js';
import { contributionBalance } from '../domain/contribution.js';
import { CRITERIA, claimSplits, sides } from '../domain/ratings.js';
import { groupLabel, pooledNote } from '../domain/disclosure.js';
import { resultsAgreement, unitOf } from '../domain/voting.js';
import { PHASES, resolveDate } from '../domain/timeline.js';
import { TEAMS } from '../domain/teams.js';
import type { ExportData } from '../domain/export/model.js';
import { buildOrigins } from '../domain/export/origins.js';

export interface WorkshopMeta {
	title: string;
	product: string;
	customer: string;
}

export function buildExport(contentDoc: Y.Doc, controlDoc: Y.Doc, meta: WorkshopMeta, now: Date): ExportData {
	const control = readControl(controlDoc);
	const campaign = content.campaign.read(contentDoc);
	const text = (lineId: string) => lineText(contentDoc, lineId).trim();
	const claimIds = claims.ids(contentDoc);
	const claimLabel = (id: string) => `Claim ${claimIds.indexOf(id) + 1}`;
	const notes = content.notes(contentDoc).list();
	const balance = contributionBalance(
		charactersByClient(contentDoc, allLineIds(contentDoc)),
		readAuthors(controlDoc),
		notes.map((n) => n.authorTeam)
	);

	const language = control.votes
		.filter((v) => v.status === 'revealed' && v.results)
		.map((v) => {
			const results = v.results!;
			return {
				line: v.lineLabel,
				adopted: v.options.find((o) => o.id === v.adopted?.optionId)?.text ?? null,
				unit: unitOf(v.kind),
				voters: results.voters,
				agreement: resultsAgreement(results, v)?.sentence ?? null,
				groups: results.groups.map((g) => groupLabel(g.teams)),
				note: pooledNote(results.groups, 'voters'),
				options: v.options.map((o) => ({
					text: o.text,
					total: results.totals[o.id] ?? 0,
					winner: results.winners.includes(o.id),
					byGroup: results.groups.map((g) => g.totals[o.id] ?? 0)
				}))
			};
		});

	const lastRound = control.ratings.filter((r) => r.status === 'revealed' && r.results).at(-1);
	const stressTest = (lastRound?.results?.claims ?? []).map((stats) => {
		const claim = lastRound!.claims.find((c) => c.id === stats.claimId);
		return {
			claim: claim?.label ?? 'Claim',
			text: claim?.text ?? '',
			splits: claimSplits(stats),
			note: [...new Set(CRITERIA.map((c) => pooledNote(stats.criteria[c.id].groups, 'raters')).filter(Boolean))].join(' '),
			cells: CRITERIA.map((c) => ({
				criterion: c.label,
				mean: stats.criteria[c.id].mean,
				sales: sides(stats.criteria[c.id])?.sales.mean ?? null,
				marketing: sides(stats.criteria[c.id])?.marketing.mean ?? null,
				weakest: lastRound!.results!.weakest[c.id] === stats.claimId,
				contested: stats.criteria[c.id].contested
			}))
		};
	});

	const terms = content.handoffTerms(contentDoc);
	const origins = buildOrigins(control.breakouts, control.votes, text);
	return {
		title: meta.title,
		product: meta.product,
		customer: meta.customer,
		launchDate: campaign.launchDate,
		campaignEnd: campaign.endDate,
		timeZone: campaign.timeZone,
		generatedAt: now.toISOString(),
		participants: control.participants.filter((p) => !p.removed).map((p) => ({ name: p.name, team: p.team, role: p.role })),
		proposition: {
			headline: text('headline'),
			oneLiner: text('oneLiner'),
			statement: PROPOSITION_LINES.filter((l) => !['headline', 'oneLiner', 'notes'].includes(l.id)).map((l) => ({ label: l.label, text: text(l.id) })),
			claims: claimIds.map((id) => ({ label: claimLabel(id), text: text(claimLineId(id)) })),
			notes: text('notes')
		},
		contribution: balance.teams.map((t) => ({ team: t.team, share: t.share })),
		language,
		stressTest,
		glossary: content.glossary(contentDoc).list().map(({ marketingSays, salesSays, weSay, definition, example }) => ({ marketingSays, salesSays, weSay, definition, example })),
		metrics: content
			.metrics(contentDoc)
			.list()
			.map((m) => ({ name: m.name, measures: m.measures, owner: m.ownerTeam, target: m.target, horizon: m.horizon, source: m.source, shared: m.sharedCommitment })),
		handoff: {
			fields: content
				.handoff(contentDoc)
				.list()
				.map((f) => ({ field: f.field, wantedBy: f.wantedBy.filter((t) => (TEAMS as readonly string[]).includes(t)), status: f.status })),
			followUp: terms.followUp.toString(),
			feedback: terms.feedback.toString()
		},
		timeline: content
			.timeline(contentDoc)
			.list()
			.map((m) => ({ m, date: resolveDate(m, campaign) ?? '' }))
			.sort((a, b) => (a.date || '9999').localeCompare(b.date || '9999'))
			.map(({ m, date }) => ({
				date,
				time: m.time,
				title: m.title,
				phase: PHASES.find((p) => p.id === m.phase)?.label ?? 'Other',
				owner: m.ownerTeam,
				channel: m.channel,
				callToAction: m.callToAction,
				targets: m.targets,
				materials: m.materials ? `${m.materials} (${m.materialsStatus})` : ''
			})),
		signatures: control.signoffs.map((s) => ({
			name: s.signerName,
			versionName: control.versions.find((v) => v.id === s.versionId)?.name ?? 'a version',
			versionHash: s.versionHash,
			signedAt: new Date(s.signedAt).toISOString(),
			matches: null
		})),
		// Only a workshop that adopted lines from breakout groups has the section (and the key).
		...(origins.length ? { origins } : {})
	};
}
