/**
 * A full wall in real Chromium: 1,000 notes and 300 connectors, panned and
 * zoomed by a scripted mouse while the page counts its frames. Reports frames
 * per second and the slowest frames at three zoom levels (three levels of detail).
 */
import fs from 'node:fs';
import { it } from 'vitest';
import { chromium, type Page } from '@playwright/test';
import { sessionCookieName, type JoinResponse } from '../../src/lib/api.js';
import { canvas, claims, content } from '../../src/lib/doc/schema.js';
import { nodeKey } from '../../src/lib/domain/canvas.js';
import { startServer } from '../support/server.js';
import { api, connect, createWorkshop, synced } from '../support/clients.js';

const NOTES = 1000;
const CONNECTORS = 300;
const TARGET_FPS = 50;

const executablePath = [process.env.PLUMBLINE_CHROMIUM ?? '', '/usr/bin/chromium'].find((file) => file && fs.existsSync(file));

/** Frames painted while `act` runs: fps, p95 and worst frame time. */
async function frames(page: Page, act: () => Promise<void>) {
	await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __counting: boolean };
		w.__frames = [];
		w.__counting = true;
		const tick = (t: number) => {
			w.__frames.push(t);
			if (w.__counting) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	await act();
	const times = await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __counting: boolean };
		w.__counting = false;
		return w.__frames;
	});
	const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
	const seconds = (times.at(-1)! - times[0]!) / 1000;
	return { fps: (times.length - 1) / seconds, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0, worst: gaps.at(-1) ?? 0 };
}

it(`canvas: pan and zoom a wall of ${NOTES} notes and ${CONNECTORS} connectors`, async () => {
	const server = await startServer();
	const workshop = await createWorkshop(server, 'Kick-off wall');
	const { body: facilitator } = await api<JoinResponse>(server, `/api/workshops/${workshop.workshopId}/facilitate`, { key: workshop.facilitatorKey, name: 'Carla', team: 'sales' });
	const writer = connect(server, workshop.workshopId, 'content', facilitator.token);
	await synced(writer);
	const doc = writer.doc;
	const teams = ['sales', 'marketing', 'leadership', 'other'] as const;
	doc.transact(() => {
		claims.add(doc, 'c1');
		for (let i = 0; i < NOTES; i++) {
			content.notes(doc).add({ id: `n${i}`, authorId: 'x', authorTeam: teams[i % 4]!, createdAt: i, column: 'customers-say', order: i, lineId: '', text: `Insight ${i}: what a customer said in the field, in their words` });
			canvas.place(doc, [[nodeKey('note', `n${i}`), { x: (i % 40) * 260, y: Math.floor(i / 40) * 170 }]]);
		}
		for (let i = 0; i < CONNECTORS; i++) {
			canvas.connectors(doc).add({ id: `k${i}`, authorId: 'x', authorTeam: null, createdAt: i, from: nodeKey('note', `n${i * 3}`), to: nodeKey('note', `n${i * 3 + 41}`), label: i % 3 ? '' : 'answers' });
		}
	});
	await new Promise((resolve) => setTimeout(resolve, 500));

	const browser = await chromium.launch({
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	await context.addCookies([{ name: sessionCookieName(workshop.workshopId), value: facilitator.token, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/w/${workshop.workshopId}`);
	await page.getByRole('navigation', { name: 'Agenda' }).getByRole('button', { name: 'Draft' }).click();
	await page.getByRole('group', { name: 'Board view' }).getByRole('button', { name: 'Canvas' }).click();
	const viewport = page.getByRole('application', { name: /Insight canvas/ });
	await viewport.waitFor();
	const area = (await viewport.boundingBox())!;
	const mid = { x: area.x + area.width / 2, y: area.y + area.height / 2 };

	/** Drag with the middle button in a loop: 120 pointer moves. */
	const pan = async () => {
		await page.mouse.move(mid.x, mid.y);
		await page.mouse.down({ button: 'middle' });
		for (let i = 0; i < 120; i++) {
			const angle = (i / 120) * Math.PI * 2;
			await page.mouse.move(mid.x + Math.cos(angle) * 300, mid.y + Math.sin(angle) * 200);
		}
		await page.mouse.up({ button: 'middle' });
	};
	const rows: string[] = [];
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
	const report = async (label: string, keys: string[], act: () => Promise<void>) => {
		await viewport.focus();
		for (const key of keys) await page.keyboard.press(key);
		await page.waitForTimeout(300);
		const drawn = await page.locator('[data-node]').count();
		const zoom = await page.getByRole('status', { name: 'Zoom' }).textContent();
		const before = await metrics();
		const { fps, p95, worst } = await frames(page, act);
		const after = await metrics();
		const spent = (name: string) => `${name} ${((after[name]! - before[name]!) * 1000).toFixed(0)} ms`;
		rows.push(`  ${label.padEnd(26)} zoom ${zoom!.padStart(4)}, ${String(drawn).padStart(4)} cards drawn: ${fps.toFixed(1)} fps (target ≥ ${TARGET_FPS}), p95 frame ${p95.toFixed(1)} ms, worst ${worst.toFixed(0)} ms`);
		fs.mkdirSync('test/e2e/artifacts', { recursive: true });
		await page.screenshot({ path: `test/e2e/artifacts/canvas-bench-${label.split(',')[0]!.replace(/\W+/g, '-')}-${zoom!.replace('%', '')}.png` });
		rows.push(`  ${''.padEnd(26)} main thread: ${['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskDuration'].map(spent).join(', ')}`);
	};
	await report('pan, whole wall in view', ['0'], pan);
	await report('pan, 100% (full detail)', ['1'], pan);
	await report('pan, summary detail', ['1', '-', '-', '-', '-'], pan);
	await report('zoom in and out (wheel)', ['0'], async () => {
		await page.mouse.move(mid.x, mid.y);
		await page.keyboard.down('Control');
		for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -40);
		for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 40);
		await page.keyboard.up('Control');
	});
	console.log(['', `canvas — ${NOTES} notes, ${CONNECTORS} connectors, Chromium ${browser.version()} headless, 1920×1080, this machine`, ...rows, ''].join('\n'));

	await browser.close();
	writer.destroy();
	await server.stop();
}, 120_000);
