import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	MAX_OFFSET_DAYS,
	addDays,
	clampDuration,
	clampOffsetDays,
	isIsoDate,
	campaignProblem,
	daysBetween,
	defaultMilestones,
	describePlacement,
	placeOn,
	resolveDate,
	timelineFlags,
	zonedTimeToUtc,
	type Campaign,
	type MilestoneRules
} from './timeline';

const campaign: Campaign = { launchDate: '2027-02-01', endDate: '2027-04-30', timeZone: 'Europe/Stockholm' };
const milestone = (over: Partial<MilestoneRules>): MilestoneRules => ({
	id: 'm',
	title: 'Milestone',
	phase: 'other',
	callToAction: 'Book a demo',
	anchor: 'launch',
	offsetDays: 0,
	date: '',
	...over
});

describe('dates', () => {
	it('adds days across month and year ends and leap days', () => {
		expect(addDays('2027-02-01', -14)).toBe('2027-01-18');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(daysBetween('2027-02-01', '2027-04-30')).toBe(88);
	});

	it('resolves relative and fixed milestones', () => {
		expect(resolveDate({ anchor: 'launch', offsetDays: -7, date: '' }, campaign)).toBe('2027-01-25');
		expect(resolveDate({ anchor: 'end', offsetDays: 0, date: '' }, campaign)).toBe('2027-04-30');
		expect(resolveDate({ anchor: 'date', offsetDays: 0, date: '2027-03-15' }, campaign)).toBe('2027-03-15');
		expect(resolveDate({ anchor: 'launch', offsetDays: 3, date: '' }, { ...campaign, launchDate: '' })).toBeNull();
	});

	it('moving the launch date moves relative milestones and leaves fixed ones', () => {
		const moved = { ...campaign, launchDate: '2027-02-15' };
		expect(resolveDate({ anchor: 'launch', offsetDays: -14, date: '' }, moved)).toBe('2027-02-01');
		expect(resolveDate({ anchor: 'date', offsetDays: 0, date: '2027-03-15' }, moved)).toBe('2027-03-15');
	});

	it('dragging to a date keeps the kind of anchor', () => {
		expect(placeOn({ anchor: 'launch', offsetDays: 0, date: '' }, '2027-01-29', campaign)).toEqual({ anchor: 'launch', offsetDays: -3, date: '' });
		expect(placeOn({ anchor: 'date', offsetDays: 0, date: '2027-03-01' }, '2027-03-05', campaign)).toEqual({ anchor: 'date', offsetDays: 0, date: '2027-03-05' });
		expect(describePlacement({ anchor: 'launch', offsetDays: -14, date: '' })).toBe('launch −14 d');
		expect(describePlacement({ anchor: 'end', offsetDays: 0, date: '' })).toBe('campaign end');
	});

	it('refuses a campaign that ends before it launches, bad dates and unknown time zones', () => {
		expect(campaignProblem(campaign)).toBeNull();
		expect(campaignProblem({ ...campaign, endDate: '2027-01-01' })).toMatch(/cannot end before/);
		expect(campaignProblem({ ...campaign, launchDate: '2027-02-30' })).toMatch(/not a valid date/);
		expect(campaignProblem({ ...campaign, timeZone: 'Mars/Olympus' })).toMatch(/time zone/);
	});
});

describe('flags', () => {
	it('flags a milestone after the campaign end', () => {
		expect(timelineFlags([milestone({ anchor: 'end', offsetDays: 1 })], campaign).map((f) => f.rule)).toEqual(['after-end']);
	});

	it('flags information sessions later than launch −3 days, not earlier ones', () => {
		const late = milestone({ phase: 'info-session', offsetDays: -2 });
		const fine = milestone({ phase: 'info-session', offsetDays: -3 });
		expect(timelineFlags([late], campaign).map((f) => f.rule)).toEqual(['late-info-session']);
		expect(timelineFlags([fine], campaign)).toEqual([]);
	});

	it('flags a milestone with no call to action, and one with no date', () => {
		expect(timelineFlags([milestone({ callToAction: '  ' })], campaign).map((f) => f.rule)).toEqual(['no-call-to-action']);
		expect(timelineFlags([milestone({ anchor: 'date', date: '' })], campaign).map((f) => f.rule)).toEqual(['no-date']);
	});

	it('the default plan raises only missing calls to action', () => {
		const plan = defaultMilestones().map((m, i) => milestone({ ...m, id: String(i), callToAction: '' }));
		expect(new Set(timelineFlags(plan, campaign).map((f) => f.rule))).toEqual(new Set(['no-call-to-action']));
	});
});

describe('time zones', () => {
	it('turns local times into UTC on both sides of the spring daylight-saving change', () => {
		// Stockholm moves from UTC+1 to UTC+2 on 2027-03-28.
		expect(zonedTimeToUtc('2027-03-26', '09:00', 'Europe/Stockholm').toISOString()).toBe('2027-03-26T08:00:00.000Z');
		expect(zonedTimeToUtc('2027-03-29', '09:00', 'Europe/Stockholm').toISOString()).toBe('2027-03-29T07:00:00.000Z');
	});

	it('handles the autumn change and zones west of UTC', () => {
		expect(zonedTimeToUtc('2027-10-30', '09:00', 'Europe/Stockholm').toISOString()).toBe('2027-10-30T07:00:00.000Z');
		expect(zonedTimeToUtc('2027-11-01', '09:00', 'Europe/Stockholm').toISOString()).toBe('2027-11-01T08:00:00.000Z');
		expect(zonedTimeToUtc('2027-03-15', '09:00', 'America/New_York').toISOString()).toBe('2027-03-15T13:00:00.000Z');
		expect(zonedTimeToUtc('2027-02-01', '09:00', 'UTC').toISOString()).toBe('2027-02-01T09:00:00.000Z');
	});
});

describe('total on what a modified client writes', () => {
	it('never throws and always yields a date or null, whatever the offset', () => {
		fc.assert(
			fc.property(fc.oneof(fc.double(), fc.integer()), fc.constantFrom('2027-02-01', '9999-12-31', '0000-01-01'), (offsetDays, launchDate) => {
				const date = resolveDate({ anchor: 'launch', offsetDays, date: '' }, { launchDate, endDate: '', timeZone: 'UTC' });
				expect(date === null || isIsoDate(date)).toBe(true);
				expect(Math.abs(clampOffsetDays(offsetDays))).toBeLessThanOrEqual(MAX_OFFSET_DAYS);
				expect(Number.isInteger(clampDuration(offsetDays))).toBe(true);
			})
		);
		expect(addDays('2027-02-01', Number.NaN)).toBe('2027-02-01');
		expect(addDays('9999-12-31', 1)).toBe('9999-12-31');
		expect(clampOffsetDays(1e9)).toBe(MAX_OFFSET_DAYS);
		expect(clampDuration(1e300)).toBe(7 * 24 * 60);
	});

	it('reads an unknown zone as UTC and a bad time as 09:00, and keeps the years 0–99', () => {
		expect(zonedTimeToUtc('2027-02-01', '10:00', 'Mars/Olympus_Mons').toISOString()).toBe('2027-02-01T10:00:00.000Z');
		expect(zonedTimeToUtc('2027-02-01', '99:99', 'UTC').toISOString()).toBe('2027-02-01T09:00:00.000Z');
		expect(zonedTimeToUtc('0050-06-01', '12:00', 'UTC').toISOString()).toBe('0050-06-01T12:00:00.000Z');
		expect(campaignProblem({ launchDate: '', endDate: '', timeZone: 'x'.repeat(100_000) })).toContain('not a time zone');
	});
});
