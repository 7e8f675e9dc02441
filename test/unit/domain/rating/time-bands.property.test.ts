import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCallByBands, type DaySchedule, type TimeBandPlan } from '../../../../domain/rating/time-bands.js';

/** Zones with DST at 02:00 (Paris, New York), at midnight (Santiago), by half an hour (Lord Howe), and none (Kolkata, UTC). */
const timeZones = ['Europe/Paris', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];

const scheduleArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: 24 * 60 - 1 }), { maxLength: 4 })
  .chain((starts) =>
    fc.tuple(...[0, ...starts.sort((a, b) => a - b)].map((minutes) => fc.constantFrom('peak', 'off-peak', 'night', 'weekend').map((band) => ({ from: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`, band })))),
  )
  .map((starts): DaySchedule => starts);

const planArbitrary = fc.record({
  weekdays: scheduleArbitrary,
  weekend: scheduleArbitrary,
  holidays: fc.record({
    dates: fc.uniqueArray(fc.integer({ min: 0, max: 3 * 366 }).map((day) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10)), { maxLength: 30 }),
    schedule: scheduleArbitrary,
  }),
}) as fc.Arbitrary<TimeBandPlan>;

const startArbitrary = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') });

/** The band on the local clock, read through TZDate's own calendar fields rather than offset arithmetic. */
function bandOnTheClock(plan: TimeBandPlan, timeZone: string, instant: number): string {
  const local = new TZDate(instant, timeZone);
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  const schedule = plan.holidays.dates.includes(date) ? plan.holidays.schedule : local.getDay() === 0 || local.getDay() === 6 ? plan.weekend : plan.weekdays;
  const minutes = local.getHours() * 60 + local.getMinutes();
  return schedule.filter((start) => Number(start.from.slice(0, 2)) * 60 + Number(start.from.slice(3)) <= minutes).at(-1)!.band;
}

describe('splitCallByBands, properties', () => {
  it('never changes the call duration: parts are contiguous whole seconds that add up to it, each a different band from the one before', () => {
    fc.assert(
      fc.property(planArbitrary, fc.constantFrom(...timeZones), startArbitrary, fc.integer({ min: 0, max: 4 * 86_400 }), (plan, timeZone, start, duration) => {
        const parts = splitCallByBands(start, duration, plan, timeZone);
        expect(parts.reduce((sum, part) => sum + part.seconds, 0)).toBe(duration);
        expect(parts[0]!.startMs).toBe(start);
        parts.forEach((part, index) => {
          expect(Number.isInteger(part.seconds)).toBe(true);
          if (duration > 0) expect(part.seconds).toBeGreaterThan(0);
          if (index > 0) {
            const previous = parts[index - 1]!;
            expect(part.startMs).toBe(previous.startMs + previous.seconds * 1000);
            expect(part.band).not.toBe(previous.band);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('rates every second in the band the local clock shows when it begins', () => {
    fc.assert(
      fc.property(planArbitrary, fc.constantFrom(...timeZones), startArbitrary, fc.integer({ min: 1, max: 3 * 3600 }), (plan, timeZone, start, duration) => {
        const parts = splitCallByBands(start, duration, plan, timeZone);
        for (const part of parts) {
          // Its first and last second, and a sample in between.
          for (const second of [0, Math.floor(part.seconds / 2), part.seconds - 1]) {
            expect(bandOnTheClock(plan, timeZone, part.startMs + second * 1000)).toBe(part.band);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits around a DST change exactly as the clock shows, with starts near the changes', () => {
    const nearChanges = fc
      .constantFrom('2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z', '2027-03-14T07:00:00Z', '2027-11-07T06:00:00Z', '2027-04-04T03:00:00Z', '2027-09-05T04:00:00Z', '2027-04-03T15:00:00Z', '2027-10-02T15:30:00Z')
      .chain((iso) => fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 }).map((shift) => Date.parse(iso) + shift));
    fc.assert(
      fc.property(planArbitrary, fc.constantFrom(...timeZones), nearChanges, fc.integer({ min: 1, max: 4 * 3600 }), (plan, timeZone, start, duration) => {
        const parts = splitCallByBands(start, duration, plan, timeZone);
        expect(parts.reduce((sum, part) => sum + part.seconds, 0)).toBe(duration);
        for (const part of parts) {
          expect(bandOnTheClock(plan, timeZone, part.startMs)).toBe(part.band);
          expect(bandOnTheClock(plan, timeZone, part.startMs + (part.seconds - 1) * 1000)).toBe(part.band);
        }
      }),
      { numRuns: 300 },
    );
  });
});
