import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  boundaryAfter,
  boundaryAtOrAfter,
  boundaryOf,
  boundaryPlus,
  cycleContaining,
  cycleMonthOf,
} from '../../../../domain/billing/billing-calendar.js';

const paris = { cycleDay: 15, timeZone: 'Europe/Paris' };
const iso = (instant: number) => new Date(instant).toISOString();

describe('the billing calendar: cycles from the cycle day at 00:00 in the account’s zone', () => {
  it('a boundary is local midnight of the cycle day, winter or summer', () => {
    expect(iso(boundaryOf(paris, 2027 * 12 + 0))).toBe('2027-01-14T23:00:00.000Z');
    expect(iso(boundaryOf(paris, 2027 * 12 + 6))).toBe('2027-07-14T22:00:00.000Z');
  });

  it('a cycle across the spring change is an hour short, across the autumn change an hour long', () => {
    const march = cycleContaining(paris, Date.parse('2027-03-20T12:00:00Z'));
    expect(iso(march.start)).toBe('2027-03-14T23:00:00.000Z');
    expect(iso(march.end)).toBe('2027-04-14T22:00:00.000Z');
    expect((march.end - march.start) / 3_600_000).toBe(31 * 24 - 1);
    const october = cycleContaining(paris, Date.parse('2027-10-20T12:00:00Z'));
    expect((october.end - october.start) / 3_600_000).toBe(31 * 24 + 1);
  });

  it('an instant on the boundary belongs to the cycle it starts', () => {
    const boundary = Date.parse('2027-01-14T23:00:00.000Z');
    expect(cycleContaining(paris, boundary).start).toBe(boundary);
    expect(cycleContaining(paris, boundary - 1).end).toBe(boundary);
    expect(boundaryAtOrAfter(paris, boundary)).toBe(boundary);
    expect(iso(boundaryAfter(paris, boundary))).toBe('2027-02-14T23:00:00.000Z');
  });

  it('a zone whose midnight is skipped by daylight saving starts the cycle at the first instant after it', () => {
    // Chile moves from 00:00 to 01:00 on 6 September 2026.
    const santiago = { cycleDay: 6, timeZone: 'America/Santiago' };
    expect(iso(boundaryOf(santiago, 2026 * 12 + 8))).toBe('2026-09-06T04:00:00.000Z');
    expect(cycleMonthOf(santiago, Date.parse('2026-09-06T04:00:00.000Z'))).toBe(2026 * 12 + 8);
    expect(cycleMonthOf(santiago, Date.parse('2026-09-06T03:59:59.000Z'))).toBe(2026 * 12 + 7);
  });

  it('calendar months keep the local time and clamp to the month’s last day', () => {
    expect(iso(addCalendarMonths(Date.parse('2027-01-16T09:00:00Z'), 3, 'Europe/Paris'))).toBe('2027-04-16T08:00:00.000Z');
    expect(iso(addCalendarMonths(Date.parse('2027-01-30T23:00:00Z'), 1, 'Europe/Paris'))).toBe('2027-02-27T23:00:00.000Z');
    expect(iso(addCalendarDays(Date.parse('2027-03-14T23:00:00Z'), 14, 'Europe/Paris'))).toBe('2027-03-28T22:00:00.000Z');
  });

  it('property: every instant lies in exactly one cycle, between consecutive boundaries, in any zone and cycle day', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'America/Santiago', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2030-01-01') }), fc.constantFrom(...zones), fc.integer({ min: 1, max: 28 }), (instant, timeZone, cycleDay) => {
        const cycle = { cycleDay, timeZone };
        const { start, end } = cycleContaining(cycle, instant);
        expect(start).toBeLessThanOrEqual(instant);
        expect(instant).toBeLessThan(end);
        expect(boundaryPlus(cycle, start, 1)).toBe(end);
        expect(boundaryAtOrAfter(cycle, instant)).toBe(instant === start ? start : end);
        // A cycle is a month long: 28 to 31 days, give or take the daylight-saving hour.
        const hours = (end - start) / 3_600_000;
        expect(hours).toBeGreaterThanOrEqual(28 * 24 - 1);
        expect(hours).toBeLessThanOrEqual(31 * 24 + 1);
      }),
      { numRuns: 300 },
    );
  });
});
