/**
 * The weekly field digest as Markdown (issue 21), from the same model as the PDF
 * (`fieldDigest()` in ../fieldDigest.ts, wrapped in `DigestDocument`). Pure: data in,
 * text out; every user text goes through the export's `md` so it reads as typed.
 */
import type { FieldDigest } from '../fieldDigest.js';
import { formatDate } from './model.js';
import { md } from './markdown.js';

/** What a digest is about, besides the figures: the workshop, the version signed, where to look. */
export interface DigestDocument {
	title: string;
	versionName: string;
	launchDate: string;
	endDate: string;
	/** The field view's address (absolute), or '' when unknown. */
	fieldUrl: string;
	digest: FieldDigest;
}

/** "Field digest — <title> — week N": the file's name and its heading. */
export function digestTitle(doc: Pick<DigestDocument, 'title' | 'digest'>): string {
	return `Field digest — ${doc.title} — week ${doc.digest.week}`;
}

/** 0.634 → "63 %"; null → "—". */
export function percent(share: number | null): string {
	return share === null || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)} %`;
}

/** A number as a reader expects it (thousands grouped, at most two decimals). */
export function figure(value: number | null): string {
	return value === null || !Number.isFinite(value) ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

export const HORIZON_LABEL: Record<string, string> = { week: 'weekly', month: 'monthly', quarter: 'quarterly', year: 'yearly' };

/** One sentence per metric's standing, shared by both renderers. */
export function metricStanding(m: FieldDigest['metrics'][number]): string {
	if (m.value === null) return 'No value yet';
	if (m.met === null) return 'No target to compare with';
	return m.met ? 'On target' : m.direction === 'at-most' ? 'Above target' : 'Below target';
}

/** The digest's summary line, shared by both renderers. */
export function digestSummary(d: FieldDigest): string {
	const c = d.conversations;
	const logs = `${figure(c.logs)} conversation${c.logs === 1 ? '' : 's'} logged`;
	const uses = c.uses ? `, ${figure(c.uses)} claim uses of which ${percent(c.workedShare)} worked` : '';
	const leads = d.leads.leads ? `; ${figure(d.leads.leads)} lead${d.leads.leads === 1 ? '' : 's'} handed off, ${percent(d.leads.metShare)} met the agreed definition` : '';
	return `${logs}${uses}${leads}.`;
}

function cell(value: string): string {
	return md(value).replace(/ {2}\n/g, ' ').replace(/^([=+\-@])/, "'$1") || ' ';
}

function table(head: string[], rows: string[][]): string[] {
	return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

export function renderDigestMarkdown(doc: DigestDocument): string {
	const d = doc.digest;
	const out: string[] = [`# ${md(digestTitle(doc))}`, ''];
	const facts = [
		`**Signed version:** ${md(doc.versionName)}`,
		doc.launchDate && `**Launch:** ${formatDate(doc.launchDate)}`,
		doc.endDate && `**Campaign end:** ${formatDate(doc.endDate)}`,
		d.asOf && `**As of:** ${formatDate(d.asOf)}`,
		doc.fieldUrl && `**Field view:** <${doc.fieldUrl.replace(/[<>\s]/g, (ch) => encodeURIComponent(ch))}>`
	].filter(Boolean);
	out.push(facts.join('  \n'), '', md(digestSummary(d)), '');

	out.push('## Claims that work', '');
	if (d.claimsThatWork.length) out.push(...table(['Claim', 'Uses', 'Worked'], d.claimsThatWork.map((c) => [cell(c.text), figure(c.uses), percent(c.workedShare)])));
	else out.push('_No claim has worked in at least 60 % of five or more conversations yet._', '');

	out.push("## Claims that don't", '');
	if (d.claimsThatFail.length) {
		for (const c of d.claimsThatFail) {
			out.push(`- **${md(c.text)}** — ${figure(c.uses)} uses, ${percent(c.workedShare)} worked`);
			if (c.flag) out.push(`  ${md(c.flag)}`);
		}
		out.push('');
	} else out.push('_No claim fails in the field so far._', '');

	out.push('## Top objections', '');
	if (d.topObjections.length) out.push(...table(['Objection', 'Heard', 'Claim'], d.topObjections.map((o) => [cell(o.text), `${figure(o.count)} of ${figure(o.uses)} (${percent(o.share)})`, cell(o.claimText)])));
	else out.push('_No objection was heard more than once._', '');

	out.push('## Metrics against target', '');
	if (d.metrics.length) {
		out.push(
			...table(
				['Metric', 'Horizon', 'Latest', 'Target', 'Standing'],
				d.metrics.map((m) => [cell(m.name), HORIZON_LABEL[m.horizon] ?? m.horizon, m.value === null ? '—' : `${figure(m.value)} (${md(m.period ?? '')})`, figure(m.target), metricStanding(m)])
			)
		);
	} else out.push('_The workshop agreed no shared metrics._', '');

	out.push('## Lead quality', '');
	const l = d.leads;
	if (l.leads) {
		out.push(`${figure(l.leads)} leads handed off; ${percent(l.metShare)} met the agreed definition; ${figure(l.returned)} returned.`, '');
		if (l.mostMissing.length) out.push('**Fields most often missing**', '', ...l.mostMissing.map((m) => `- ${md(m.label)}: ${figure(m.count)}`), '');
		if (l.topReasons.length) out.push('**Why leads were returned**', '', ...l.topReasons.map((r) => `- ${md(r.text)}: ${figure(r.count)}`), '');
	} else out.push('_No lead hand-off logged yet._', '');

	return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
