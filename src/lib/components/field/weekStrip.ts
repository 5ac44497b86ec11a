/**
 * A claim's week-by-week strip as markup, built in one string and set in one go: five claims
 * over a quarter are ~600 small boxes, and built node by node (an effect each) they were half
 * the field view's first render (test/bench/field-render.bench.ts). Only numbers and fixed
 * words go in; every number is read back as a finite count, so a response that carries
 * anything else cannot put markup here.
 */
import type { OutcomeCounts } from '$lib/domain/fieldView';
import { OUTCOME_MARKS } from './outcomes';

const count = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : 0);

export function weekStripMarkup(weeks: readonly OutcomeCounts[], shown: number): string {
	const first = Math.max(0, weeks.length - Math.max(1, Math.floor(shown)));
	const visible = weeks.slice(first).map((w) => ({ uses: count(w?.uses), worked: count(w?.worked), objection: count(w?.objection), flat: count(w?.flat) }));
	const peak = Math.max(1, ...visible.map((w) => w.uses));
	let out = `<div class="strip" role="list" aria-label="By week since launch" style="--weeks:${visible.length}">`;
	visible.forEach((w, i) => {
		const n = first + i + 1;
		const said = w.uses ? `Week ${n}: ${w.uses} uses, ${OUTCOME_MARKS.map((m) => `${w[m.id]} ${m.label}`).join(', ')}` : `Week ${n}: not used`;
		let segments = '';
		for (const m of OUTCOME_MARKS) if (w[m.id] > 0) segments += `<span class="seg ${m.id}" style="flex-grow:${w[m.id]}"></span>`;
		const share = w.uses ? `${Math.round((w.worked / w.uses) * 100)}%` : '·';
		out +=
			`<div class="week" role="listitem" aria-label="${said}" title="${said}">` +
			`<div class="column" aria-hidden="true"><div class="stack" style="height:${((w.uses / peak) * 100).toFixed(1)}%">${segments}</div></div>` +
			`<span class="share" aria-hidden="true">${share}</span><span class="label" aria-hidden="true">W${n}</span></div>`;
	});
	return `${out}</div>`;
}
