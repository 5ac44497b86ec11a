/** The workshop as Markdown, for wikis and repositories. Pure: data in, text out. */
import { TEAM_STYLES, teamLabel } from '../teams.js';
import { formatDate, plain, type ExportData } from './model.js';
import type { LineOrigin } from './origins.js';

/**
 * User text as literal Markdown, so that it renders as typed: inline syntax
 * (emphasis, code, links, HTML, entities, tables, strike-through, a heading's
 * closing #) is escaped everywhere; block syntax (lists, quotes, setext
 * underlines) only where it counts, at the start of a line. Only ASCII
 * punctuation is escaped: a backslash before anything else would show.
 */
export function md(value: string): string {
	return plain(value)
		.split(/\r?\n/)
		.map((line) =>
			line
				.replace(/[\\`*_[\]<>|~&#]/g, (ch) => `\\${ch}`)
				.replace(/^(\s*)([+\-=])/, (_, space: string, mark: string) => `${space}\\${mark}`)
				.replace(/^(\s*\d+)([.)])/, (_, number: string, mark: string) => `${number}\\${mark}`)
		)
		.join('  \n');
}

/** A table cell: escaped, on one line, formula prefixes defused. */
function cell(value: string): string {
	return md(plain(value, { tabular: true })).replace(/ {2}\n/g, ' ') || ' ';
}

/** A list item whose later lines are indented under its first, so that they stay in the item. */
function item(marker: string, body: string): string {
	return `${marker} ${body.split('\n').join(`\n${' '.repeat(marker.length + 1)}`)}`;
}

function table(head: string[], rows: string[][]): string {
	return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}


export function renderMarkdown(data: ExportData): string {
	const out: string[] = [];
	const p = data.proposition;
	out.push(`# ${md(data.title)}`, '');
	const facts = [
		data.product && `**Product:** ${md(data.product)}`,
		data.customer && `**Target customer:** ${md(data.customer)}`,
		data.launchDate && `**Launch:** ${formatDate(data.launchDate)}`,
		data.campaignEnd && `**Campaign end:** ${formatDate(data.campaignEnd)}`,
		`**Exported:** ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC`
	].filter(Boolean);
	out.push(facts.join('  \n'), '');

	out.push('## Value proposition', '');
	out.push(`### ${p.headline ? md(p.headline) : '_No headline yet_'}`, '');
	if (p.oneLiner) out.push(md(p.oneLiner), '');
	out.push(...p.statement.filter((s) => s.text).map((s) => item('-', `**${md(s.label)}** ${md(s.text)}`)), '');
	// A real ordered list: "1\\." lines ran together into one paragraph in a CommonMark renderer.
	if (p.claims.length) out.push('**Proof points**', '', ...p.claims.map((c, i) => item(`${i + 1}.`, md(c.text) || '_empty_')), '');
	if (p.notes) out.push(`**Notes:** ${md(p.notes)}`, '');
	if (data.contribution.length) {
		out.push(`_Who wrote it:_ ${data.contribution.map((c) => `${teamLabel(c.team)} ${Math.round(c.share * 100)}%`).join(' · ')}`, '');
	}

	if (data.language.length) {
		out.push('## Agreed language', '');
		for (const vote of data.language) {
			out.push(`### ${md(vote.line)}`, '');
			if (vote.adopted) out.push(`Adopted: **${md(vote.adopted)}**`, '');
			if (vote.agreement) out.push(md(vote.agreement), '');
			out.push(
				table(
					['Option', `Total ${vote.unit}`, ...vote.groups.map(md)],
					vote.options.map((o) => [`${cell(o.text)}${o.winner ? ' (most ' + vote.unit + ')' : ''}`, String(o.total), ...o.byGroup.map(String)])
				),
				'',
				[`${vote.voters} voted.`, vote.note].filter(Boolean).join(' '),
				''
			);
		}
	}

	if (data.stressTest.length) {
		out.push('## Stress-test findings', '', '_Mean of 1–5 (sales / marketing); claims where the teams split first._', '');
		const criteria = data.stressTest[0]!.cells.map((c) => c.criterion);
		out.push(
			table(
				['Claim', ...criteria],
				data.stressTest.map((s) => [
					`${cell(s.text || s.claim)}${s.splits.length ? ' ⚑ contested' : ''}`,
					...s.cells.map((c) => (c.mean === null ? '–' : `${c.mean.toFixed(1)}${c.weakest ? ' (weakest)' : ''}${c.contested ? ' ⚑' : ''} (${c.sales?.toFixed(1) ?? '–'} / ${c.marketing?.toFixed(1) ?? '–'})`))
				])
			),
			''
		);
		const splits = data.stressTest.filter((s) => s.splits.length);
		if (splits.length) out.push('**Where sales and marketing split**', '', ...splits.flatMap((s) => s.splits.map((line) => item('-', `${md(s.claim)}, ${md(line)}`))), '');
		const notes = [...new Set(data.stressTest.map((s) => s.note).filter(Boolean))].join(' ');
		if (notes) out.push(`_${md(notes)}_`, '');
	}

	if (data.glossary.length) {
		out.push('## Glossary', '', table(['Marketing says', 'Sales says', 'We say', 'Definition', 'Example'], data.glossary.map((g) => [cell(g.marketingSays), cell(g.salesSays), `**${cell(g.weSay)}**`, cell(g.definition), cell(g.example)])), '');
	}
	if (data.metrics.length) {
		out.push(
			'## Shared metrics',
			'',
			table(
				['Metric', 'Measures', 'Owner', 'Target', 'Horizon', 'Measured in', 'Both commit'],
				data.metrics.map((m) => [cell(m.name), cell(m.measures), teamLabel(m.owner), cell(m.target), m.horizon, cell(m.source), m.shared ? 'yes' : ''])
			),
			''
		);
	}
	if (data.handoff.fields.length || data.handoff.followUp || data.handoff.feedback) {
		out.push('## Lead hand-off', '');
		if (data.handoff.fields.length) {
			out.push(table(['Field', 'Wanted by', 'Status'], data.handoff.fields.map((f) => [cell(f.field), f.wantedBy.map(teamLabel).join(', '), f.status])), '');
		}
		if (data.handoff.followUp) out.push(`**Follow-up:** ${md(data.handoff.followUp)}`, '');
		if (data.handoff.feedback) out.push(`**Back to marketing:** ${md(data.handoff.feedback)}`, '');
	}
	if (data.timeline.length) {
		out.push(
			'## Ramp-up timeline',
			'',
			`Times are local to ${md(data.timeZone)}.`,
			'',
			table(
				['Date', 'Time', 'Milestone', 'Phase', 'Owner', 'Channel', 'Call to action', 'Targets', 'Materials'],
				data.timeline.map((m) => [m.date || '–', m.date ? m.time : '', cell(m.title), m.phase, teamLabel(m.owner), cell(m.channel), cell(m.callToAction), cell(m.targets), cell(m.materials)])
			),
			''
		);
	}
	if (data.signatures.length) {
		out.push('## Signatures', '');
		for (const sig of data.signatures) out.push(item('-', signatureLine(sig)));
		out.push('');
	}
	if (data.origins?.length) out.push(...originsSection(data.origins));
	out.push('## Who took part', '');
	for (const team of [...Object.keys(TEAM_STYLES), 'observer'] as const) {
		const people = data.participants.filter((person) => (person.team ?? 'observer') === team);
		if (people.length) out.push(`- **${team === 'observer' ? 'Observers' : teamLabel(team)}:** ${people.map((person) => md(person.name)).join(', ')}`);
	}
	out.push('');
	return out.join('\n');
}

/** The appendix: per adopted line, each group's wording and how the room chose (origins.ts). */
function originsSection(origins: readonly LineOrigin[]): string[] {
	const out = ['## Where the lines came from', '', '_Each line the room adopted from the breakout groups: what every group proposed, and how the room chose._', ''];
	for (const o of origins) {
		const voted = o.wordings.some((w) => w.total !== null);
		out.push(`### ${md([o.round, o.line].filter(Boolean).join(' · '))}`, '');
		// The way first: an adopted text ending in a full stop then reads cleanly.
		out.push(`${md(o.how)}: **${md(o.adopted)}**${o.editedSince ? ' _(edited in the room since)_' : ''}`, '');
		if (o.agreement) out.push(md(o.agreement), '');
		out.push(
			table(
				['Wording', 'Groups', ...(voted ? [`Total ${o.unit}`, ...o.teams.map(md)] : [])],
				o.wordings.map((w) => [`${cell(w.text)}${w.adopted ? ' **(adopted)**' : ''}`, cell(w.groups.join(', ')), ...(voted ? [String(w.total ?? 0), ...w.byTeam.map(String)] : [])])
			),
			''
		);
		const foot = [o.missing.length ? `No text from ${o.missing.join(', ')}.` : '', voted ? o.note : ''].filter(Boolean).join(' ');
		if (foot) out.push(`_${md(foot)}_`, '');
	}
	return out;
}

/** "Ines Duarte signed “Agreed in the room” on 11 January 2027 (version 9d4cc11614…) — this document is that version." */
export function signatureLine(sig: ExportData['signatures'][number]): string {
	const state = sig.matches === true ? 'this document is that version' : sig.matches === false ? 'this document has changed since' : '';
	return `**${md(sig.name)}** signed “${md(sig.versionName)}” on ${formatDate(sig.signedAt.slice(0, 10))} (version ${sig.versionHash.slice(0, 12)}…)${state ? ` — ${state}.` : '.'}`;
}
