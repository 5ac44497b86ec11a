import { afterEach, describe, expect, it } from 'vitest';
import { currentBreakout, docName, groupDocKind, setLineText } from '../src/lib/doc/schema.js';
import { BreakoutTicker } from './breakoutTicker.js';
import { testWorkshop, type TestWorkshop } from './intents/testing.js';
import { GroupAccess } from './sync/groups.js';

let w: TestWorkshop;
afterEach(async () => w?.close());

describe('breakout ticker', () => {
	it('writes each loaded group\'s progress (counts only) and says "one minute left" once, as a fresh instance that learnt the round from control', async () => {
		let clock = 0;
		w = await testWorkshop({ now: () => clock });
		await w.send('facilitator', 'stage.set', { stageId: 'draft' });
		await w.send('facilitator', 'breakout.open', { groupCount: 2, startFrom: 'blank' });
		await w.send('facilitator', 'breakout.start', { minutes: 3 });
		const [a, b] = currentBreakout(await w.control())!.groups;
		// As after a restart: nothing is known until the rounds are read from control.
		const groups = new GroupAccess(w.rooms, () => []);
		const ticker = new BreakoutTicker(w.rooms, groups, () => clock);
		await groups.refresh(w.workshopId);

		const room = await w.rooms.acquire(docName(w.workshopId, groupDocKind(a!.id)));
		try {
			setLineText(room.doc, 'headline', 'Secret words');
			setLineText(room.doc, 'oneLiner', 'More');
			await ticker.tick();
			let round = currentBreakout(await w.control())!;
			expect(round.progress).toEqual({ [a!.id]: { lines: 2, chars: 16 } });
			expect(round.oneMinuteAt).toBeNull();
			expect(JSON.stringify(await w.control())).not.toContain('Secret');

			clock = 2 * 60_000;
			await ticker.tick();
			round = currentBreakout(await w.control())!;
			expect(round.oneMinuteAt).toBe(2 * 60_000);
			clock += 1000;
			await ticker.tick();
			expect(currentBreakout(await w.control())!.oneMinuteAt).toBe(2 * 60_000);
			// A group whose document is not loaded here keeps what was last counted.
			expect(round.progress[b!.id]).toBeUndefined();
		} finally {
			w.rooms.release(room);
		}
	});
});
