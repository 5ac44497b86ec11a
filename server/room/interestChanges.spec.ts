import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_POINTERS } from '../../src/lib/protocol/presence.js';
import { readPresence, type PresenceRecord } from './interest.js';
import { RECHOOSE_MS, TickChanges, type ShownSet } from './interestChanges.js';

const me = readPresence({ stage: 's', view: { x: 0, y: 0, zoom: 1 } });
const at = (x: number, stage = 's') => readPresence({ stage, pointer: { x, y: 100 } });

/** A full viewer: ids 1..20 shown, all in view. */
function setup() {
	const records = new Map<number, PresenceRecord>();
	for (let id = 1; id <= MAX_SHOWN_POINTERS; id++) records.set(id, { presence: at(100 + id), changedAt: 0 });
	const viewer: ShownSet = { presence: me, shown: new Set(records.keys()), chosenAt: 1000, outside: 0 };
	return { records, viewer };
}

const affects = (tick: TickChanges, viewer: ShownSet, records: Map<number, PresenceRecord>, now = 1100) => tick.affects(viewer, [99], (id) => id === 99, records, now);

describe('TickChanges', () => {
	it('leaves a full viewer alone while its shown move within its view and others move elsewhere', () => {
		const { records, viewer } = setup();
		const tick = new TickChanges();
		tick.record(3, at(103), at(500));
		records.set(3, { presence: at(500), changedAt: 1100 });
		tick.record(50, at(30_000), at(30_100));
		records.set(50, { presence: at(30_100), changedAt: 1100 });
		tick.record(60, at(100, 'other'), at(200, 'other'));
		expect(affects(tick, viewer, records)).toBe(false);
		// But it is chosen again now and then, and at once when its own state changes.
		expect(affects(tick, viewer, records, 1000 + RECHOOSE_MS)).toBe(true);
		tick.record(99, me, readPresence({ stage: 's' }));
		expect(affects(tick, viewer, records)).toBe(true);
	});

	it('chooses again when a shown person leaves the stage, or someone enters the view while a shown one is outside it', () => {
		const { records, viewer } = setup();
		const left = new TickChanges();
		left.record(3, at(103), null);
		expect(affects(left, viewer, records)).toBe(true);

		const entered = new TickChanges();
		entered.record(50, at(30_000), at(200));
		records.set(50, { presence: at(200), changedAt: 1100 });
		expect(affects(entered, viewer, records)).toBe(false);
		entered.record(4, at(104), at(40_000));
		records.set(4, { presence: at(40_000), changedAt: 1100 });
		expect(affects(entered, viewer, records)).toBe(true);
	});

	it('leaves a small room\'s viewer alone while everyone else on its stage is shown and only moves, and chooses again when someone comes, leaves or changes line', () => {
		const records = new Map<number, PresenceRecord>([[99, { presence: me, changedAt: 0 }]]);
		for (let id = 1; id <= 4; id++) records.set(id, { presence: at(100 + id), changedAt: 0 });
		const viewer: ShownSet = { presence: me, shown: new Set([1, 2, 3, 4]), chosenAt: 0, outside: 0 };
		const tick = (record: (t: TickChanges) => void) => {
			const t = new TickChanges();
			record(t);
			t.population = new Map([['s', [...records.values()].filter((r) => r.presence.stage === 's').length]]);
			return t;
		};
		// Long past RECHOOSE_MS, with fewer than MAX_SHOWN_POINTERS shown: only the shortcut says no.
		const later = 10 * RECHOOSE_MS;
		expect(affects(tick((t) => t.record(2, at(102), at(9_000))), viewer, records, later)).toBe(false);
		// Without the stage's population (unknown), as before: chosen again.
		const moved = new TickChanges();
		moved.record(2, at(102), at(9_000));
		expect(affects(moved, viewer, records, later)).toBe(true);

		records.set(5, { presence: at(105), changedAt: later });
		expect(affects(tick((t) => t.record(5, null, at(105))), viewer, records, later)).toBe(true);
		records.delete(5);
		records.delete(4);
		expect(affects(tick((t) => t.record(4, at(104), null)), viewer, records, later)).toBe(true);
		records.set(4, { presence: at(104), changedAt: 0 });
		const onLine = readPresence({ stage: 's', line: 'headline', pointer: { x: 104, y: 100 } });
		records.set(3, { presence: onLine, changedAt: later });
		expect(affects(tick((t) => t.record(3, at(103), onLine)), viewer, records, later)).toBe(true);
	});
});
