/** The workshop as an editable Word document: real headings and tables. */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatDate, plain, type ExportData } from '../../src/lib/domain/export/model.js';
import { TEAM_STYLES, teamLabel } from '../../src/lib/domain/teams.js';
import type { LineOrigin } from '../../src/lib/domain/export/origins.js';

/** Text as runs, a line break between lines: Word shows a newline inside a run as a space. */
const runs = (value: string, options: { bold?: boolean; size?: number; color?: string } = {}) =>
	plain(value)
		.split('\n')
		.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: options.bold, size: options.size, color: options.color }));

const p = (value: string, options: { bold?: boolean; size?: number; color?: string } = {}) => new Paragraph({ children: runs(value, options) });

const h = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ children: runs(value), heading: level });

function table(head: string[], rows: string[][]): Table {
	const row = (cells: string[], header: boolean) =>
		new TableRow({
			tableHeader: header,
			cantSplit: true,
			children: cells.map((c) => new TableCell({ children: [p(plain(c, { tabular: true }) || ' ', { bold: header })] }))
		});
	return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(head, true), ...rows.map((r) => row(r, false))] });
}

/** The appendix: per adopted line, each group's wording and how the room chose (origins.ts). */
function originsSection(origins: readonly LineOrigin[]): (Paragraph | Table)[] {
	const out: (Paragraph | Table)[] = [h('Where the lines came from', HeadingLevel.HEADING_1), p('Each line the room adopted from the breakout groups: what every group proposed, and how the room chose.', { color: '5B6670' })];
	for (const o of origins) {
		const voted = o.wordings.some((w) => w.total !== null);
		out.push(h([o.round, o.line].filter(Boolean).join(' · '), HeadingLevel.HEADING_2));
		out.push(new Paragraph({ children: [new TextRun({ text: `${plain(o.how)}: `, bold: true }), ...runs(`${o.adopted}${o.editedSince ? ' (edited in the room since)' : ''}`)] }));
		if (o.agreement) out.push(p(o.agreement));
		out.push(
			table(
				['Wording', 'Groups', ...(voted ? [`Total ${o.unit}`, ...o.teams] : [])],
				o.wordings.map((w) => [`${w.text}${w.adopted ? ' (adopted)' : ''}`, w.groups.join(', '), ...(voted ? [String(w.total ?? 0), ...w.byTeam.map(String)] : [])])
			)
		);
		const foot = [o.missing.length ? `No text from ${o.missing.join(', ')}.` : '', voted ? o.note : ''].filter(Boolean).join(' ');
		if (foot) out.push(p(foot, { color: '5B6670' }));
	}
	return out;
}

export async function renderDocx(data: ExportData): Promise<Buffer> {
	const body: (Paragraph | Table)[] = [];
	const pr = data.proposition;
	body.push(new Paragraph({ text: plain(data.title), heading: HeadingLevel.TITLE }));
	for (const [label, value] of [
		['Product', data.product],
		['Target customer', data.customer],
		['Launch', data.launchDate ? formatDate(data.launchDate) : ''],
		['Campaign end', data.campaignEnd ? formatDate(data.campaignEnd) : '']
	] as const) {
		if (value) body.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(plain(value))] }));
	}

	body.push(h('Value proposition', HeadingLevel.HEADING_1));
	body.push(h(pr.headline || 'No headline yet', HeadingLevel.HEADING_2));
	if (pr.oneLiner) body.push(p(pr.oneLiner));
	for (const part of pr.statement.filter((s) => s.text)) body.push(new Paragraph({ children: [new TextRun({ text: `${part.label}: `, bold: true }), ...runs(part.text)] }));
	if (pr.claims.length) {
		body.push(h('Proof points', HeadingLevel.HEADING_3));
		pr.claims.forEach((c, i) => body.push(p(`${i + 1}. ${c.text}`)));
	}
	if (pr.notes) body.push(p(`Notes: ${pr.notes}`));
	if (data.contribution.length) body.push(p(`Who wrote it: ${data.contribution.map((c) => `${teamLabel(c.team)} ${Math.round(c.share * 100)}%`).join(' · ')}`, { color: '5B6670' }));

	if (data.language.length) {
		body.push(h('Agreed language', HeadingLevel.HEADING_1));
		for (const vote of data.language) {
			body.push(h(vote.line, HeadingLevel.HEADING_2));
			if (vote.adopted) body.push(new Paragraph({ children: [new TextRun({ text: 'Adopted: ', bold: true }), ...runs(vote.adopted)] }));
			if (vote.agreement) body.push(p(vote.agreement));
			body.push(table(['Option', `Total ${vote.unit}`, ...vote.groups], vote.options.map((o) => [`${o.text}${o.winner ? ` (most ${vote.unit})` : ''}`, String(o.total), ...o.byGroup.map(String)])));
			body.push(p([`${vote.voters} voted.`, vote.note].filter(Boolean).join(' '), { color: '5B6670' }));
		}
	}
	if (data.stressTest.length) {
		body.push(h('Stress-test findings', HeadingLevel.HEADING_1), p('Mean of 1–5 (sales / marketing); claims where the teams split first. ⚑ marks a split.'));
		body.push(
			table(
				['Claim', ...data.stressTest[0]!.cells.map((c) => c.criterion)],
				data.stressTest.map((s) => [
					`${s.text || s.claim}${s.splits.length ? ' — contested' : ''}`,
					...s.cells.map((c) => (c.mean === null ? '–' : `${c.mean.toFixed(1)}${c.weakest ? ' (weakest)' : ''}${c.contested ? ' ⚑' : ''} (${c.sales?.toFixed(1) ?? '–'} / ${c.marketing?.toFixed(1) ?? '–'})`))
				])
			)
		);
		const splits = data.stressTest.filter((s) => s.splits.length);
		if (splits.length) body.push(h('Where sales and marketing split', HeadingLevel.HEADING_2), ...splits.flatMap((s) => s.splits.map((line) => p(`${s.claim}, ${line}`))));
		const notes = [...new Set(data.stressTest.map((s) => s.note).filter(Boolean))].join(' ');
		if (notes) body.push(p(notes, { color: '5B6670' }));
	}
	if (data.glossary.length) {
		body.push(h('Glossary', HeadingLevel.HEADING_1), table(['Marketing says', 'Sales says', 'We say', 'Definition', 'Example'], data.glossary.map((g) => [g.marketingSays, g.salesSays, g.weSay, g.definition, g.example])));
	}
	if (data.metrics.length) {
		body.push(
			h('Shared metrics', HeadingLevel.HEADING_1),
			table(['Metric', 'Measures', 'Owner', 'Target', 'Horizon', 'Measured in', 'Both commit'], data.metrics.map((m) => [m.name, m.measures, teamLabel(m.owner), m.target, m.horizon, m.source, m.shared ? 'yes' : '']))
		);
	}
	if (data.handoff.fields.length || data.handoff.followUp || data.handoff.feedback) {
		body.push(h('Lead hand-off', HeadingLevel.HEADING_1));
		if (data.handoff.fields.length) body.push(table(['Field', 'Wanted by', 'Status'], data.handoff.fields.map((f) => [f.field, f.wantedBy.map(teamLabel).join(', '), f.status])));
		if (data.handoff.followUp) body.push(p(`Follow-up: ${data.handoff.followUp}`));
		if (data.handoff.feedback) body.push(p(`Back to marketing: ${data.handoff.feedback}`));
	}
	if (data.timeline.length) {
		body.push(
			h('Ramp-up timeline', HeadingLevel.HEADING_1),
			p(`Times are local to ${data.timeZone}.`),
			table(
				['Date', 'Time', 'Milestone', 'Phase', 'Owner', 'Channel', 'Call to action', 'Targets', 'Materials'],
				data.timeline.map((m) => [m.date ? formatDate(m.date) : '–', m.date ? m.time : '', m.title, m.phase, teamLabel(m.owner), m.channel, m.callToAction, m.targets, m.materials])
			)
		);
	}
	if (data.signatures.length) {
		body.push(h('Signatures', HeadingLevel.HEADING_1));
		for (const sig of data.signatures) {
			body.push(p(`${sig.name} signed “${sig.versionName}” on ${formatDate(sig.signedAt.slice(0, 10))}`, { bold: true }));
			body.push(p(`Version ${sig.versionHash}${sig.matches === true ? ' — this document is that version.' : sig.matches === false ? ' — this document has changed since it was signed.' : ''}`, { size: 16, color: '5B6670' }));
		}
	}
	if (data.origins?.length) body.push(...originsSection(data.origins));
	body.push(h('Who took part', HeadingLevel.HEADING_1));
	for (const team of [...Object.keys(TEAM_STYLES), 'observer']) {
		const people = data.participants.filter((person) => (person.team ?? 'observer') === team);
		if (people.length) body.push(new Paragraph({ children: [new TextRun({ text: `${team === 'observer' ? 'Observers' : teamLabel(team)}: `, bold: true }), new TextRun(people.map((x) => plain(x.name)).join(', '))] }));
	}
	body.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `Exported ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC from Plumbline`, size: 16, color: '5B6670' })] }));

	const document = new Document({ creator: 'Plumbline', title: plain(data.title), sections: [{ children: body }] });
	return Packer.toBuffer(document);
}
