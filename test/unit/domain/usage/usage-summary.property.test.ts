import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, decimal, decimalToString, maxDecimal, multiplyDecimals, subtractDecimals, ZERO, type Decimal } from '../../../../domain/money/decimal.js';
import { usageSummary, usageSummaryWindows, type UsageSummaryRecord } from '../../../../domain/usage/usage-summary.js';
import type { UsageStatus } from '../../../../domain/usage/usage.js';
import { pricing, term } from './usage-summary-fixtures.js';

/**
 * The invariants of a usage summary over random calendars (zones with daylight-saving changes,
 * one whose midnight is skipped, half-hour and 45-minute offsets, any cycle day), instants and
 * records in any data and time unit and status: the days add up to what was used, what is left
 * of the allowance is max(0, included − used), the days are every local day of the period up to
 * asOf's, one after the other, and each record's quantity lands on its own local day.
 */
const zones = ['Europe/Paris', 'America/Santiago', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
const statuses: UsageStatus[] = ['rated', 'billed', 'rejected', 'recycled'];
const day = 86_400_000;
/** GB per unit, for the data price's oracle. */
const gigabytesPer: Record<string, Decimal> = { GB: decimal(1), MB: decimal('0.001'), KB: decimal('0.000001') };

const localDate = (instant: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + day).toISOString().slice(0, 10);
const sum = (values: readonly string[]) => values.reduce<Decimal>((total, value) => addDecimals(total, decimal(value)), ZERO);

const recordArbitrary = fc.record({
  previous: fc.boolean(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  unit: fc.constantFrom('GB', 'MB', 'KB', 'second', 'minute'),
  units: fc.integer({ min: 0, max: 50_000 }),
  scale: fc.integer({ min: 0, max: 3 }),
  status: fc.constantFrom(...statuses),
});

describe('usage summary invariants (property)', () => {
  it('days add up to used, remainingIncluded = max(0, included − used), days are contiguous local days, each record on its own', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2029-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 80 * day }),
        fc.array(recordArbitrary, { maxLength: 40 }),
        (timeZone, cycleDay, now, age, drafts) => {
          const cycle = { cycleDay, timeZone };
          const soldAt = new Date(now - age).toISOString();
          const terms = [term('mobile-m', soldAt)];
          const windows = usageSummaryWindows({ cycle, now: new Date(now).toISOString(), terms });
          const current = windows[0]!;
          const previous = windows.find((window) => window.which === 'previous');
          const records: UsageSummaryRecord[] = drafts.flatMap((draft, index) => {
            const window = draft.previous && previous ? previous : current;
            const at = window.start + Math.floor(draft.at * (window.last - window.start));
            const quantity = decimalToString({ coefficient: BigInt(draft.units), scale: draft.scale });
            return [{ id: `u${index}`, usageDate: new Date(at).toISOString(), status: draft.status, quantity, unit: draft.unit, ...(draft.unit === 'second' || draft.unit === 'minute' ? { attributes: { direction: 'outgoing' as const } } : {}) }];
          });
          const summary = usageSummary({
            product: { id: 'p', name: 'Mobile M', terms },
            cycle,
            periods: windows.map((window) => ({ window, records: records.filter((record) => Date.parse(record.usageDate) >= window.start && Date.parse(record.usageDate) <= window.last), more: false })),
            pricing,
          });
          expect(summary.periods.map((period) => period.which)).toEqual(windows.map((window) => window.which));

          summary.periods.forEach((period, index) => {
            const window = windows[index]!;
            const expectedFirst = localDate(window.start, timeZone);
            const expectedLast = localDate(window.last, timeZone);
            for (const entry of period.usage) {
              expect(decimalToString(sum(entry.days.map((each) => each.quantity)))).toBe(entry.used);
              expect(entry.remainingIncluded).toBe(decimalToString(maxDecimal(ZERO, subtractDecimals(decimal(entry.included), decimal(entry.used)))));
              expect(entry.days[0]!.date).toBe(expectedFirst);
              expect(entry.days.at(-1)!.date).toBe(expectedLast);
              entry.days.slice(1).forEach((each, position) => expect(each.date).toBe(nextDate(entry.days[position]!.date)));
            }
            // The data price against an oracle of its own: each counted record's GB on its local day.
            const expected = new Map<string, Decimal>();
            for (const record of records) {
              const at = Date.parse(record.usageDate);
              const counted = (record.status === 'rated' || record.status === 'billed') && at >= Date.parse(soldAt) && at >= window.start && at <= window.last;
              const perUnit = gigabytesPer[record.unit];
              if (!counted || perUnit === undefined) continue;
              const date = localDate(at, timeZone);
              expected.set(date, addDecimals(expected.get(date) ?? ZERO, multiplyDecimals(decimal(record.quantity), perUnit)));
            }
            const data = period.usage.find((entry) => entry.usagePrice.id === 'mobile-m-data')!;
            expect(data.included).toBe('20');
            for (const each of data.days) expect(each.quantity, each.date).toBe(decimalToString(expected.get(each.date) ?? ZERO));
            expect(data.used).toBe(decimalToString(sum([...expected.values()].map(decimalToString))));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
