import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBill, type BillDraft } from '../../../../domain/billing/bill-computation.js';
import { addCalendarMonths, boundaryAfter, boundaryAtOrAfter, boundaryPlus, cycleMonthOf, type BillingCycle } from '../../../../domain/billing/billing-calendar.js';
import { prorate } from '../../../../domain/billing/bill-line.js';
import type { ChargedProduct, ChargeTerm } from '../../../../domain/billing/charge-term.js';
import type { BilledUsage, UsageRecordToBill } from '../../../../domain/billing/usage-charges.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { addMoney, money, negateMoney, subtractMoney, sumMoney, zeroMoney, type Money } from '../../../../domain/money/money.js';
import { frenchVat } from '../pricing/pricing-fixtures.js';
import { catalog, term } from './billing-fixtures.js';

/**
 * The invariants of docs/billing.md over random product histories: plan changes, terminations,
 * promotions, yearly prices, usage (some of it late), several zones and cycle days, billed
 * cycle after cycle with credits carried from bill to bill.
 */
const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC'];
const instant = (min: string, max: string) => fc.integer({ min: Date.parse(min) / 1000, max: Date.parse(max) / 1000 }).map((seconds) => seconds * 1000);
const plans = { 'mobile-m': ['m-monthly', 'm-promo'], 'mobile-l': ['l-monthly'], 'broadband-yearly': ['bb-yearly'], iot: [] as string[] } as const;
type Plan = keyof typeof plans;

const history = fc
  .record({
    cycle: fc.record({ cycleDay: fc.integer({ min: 1, max: 28 }), timeZone: fc.constantFrom(...zones) }),
    start: instant('2026-11-01T00:00:00Z', '2027-02-28T00:00:00Z'),
    first: fc.constantFrom<Plan>('mobile-m', 'mobile-l', 'broadband-yearly', 'iot'),
    change: fc.option(fc.record({ after: fc.integer({ min: 1, max: 200 * 86400 }), to: fc.constantFrom<Plan>('mobile-m', 'mobile-l', 'broadband-yearly') })),
    end: fc.option(fc.integer({ min: 1, max: 400 * 86400 })),
    segment: fc.constantFrom(undefined, 'student'),
    usage: fc.array(fc.record({ after: fc.integer({ min: 0, max: 300 * 86400 }), gigabytes: fc.integer({ min: 1, max: 9000 }).map((tenth) => tenth / 10), delay: fc.integer({ min: 0, max: 70 * 86400 }) }), { maxLength: 12 }),
  })
  .map(({ cycle, start, first, change, end, segment, usage }) => {
    const iso = (at: number) => new Date(at).toISOString();
    const changeAt = change ? start + change.after * 1000 : undefined;
    const endAt = end ? (changeAt ?? start) + end * 1000 : undefined;
    const terms: ChargeTerm[] = [];
    terms.push(term(first, iso(start), [...plans[first]], changeAt ? { to: iso(changeAt), endedBy: 'planChange' } : endAt ? { to: iso(endAt), endedBy: 'termination' } : {}));
    if (change && changeAt) terms.push(term(change.to, iso(changeAt), [...plans[change.to]], endAt ? { to: iso(endAt), endedBy: 'termination' } : {}));
    const product: ChargedProduct = { id: 'p1', name: 'Line', billingAccountId: 'ba-1', terms };
    const records = usage
      .map((record, index) => ({ id: `u${index}`, productId: 'p1', usageDate: iso(start + record.after * 1000), quantity: String(record.gigabytes), units: 'GB', arrives: start + (record.after + record.delay) * 1000 }))
      .filter((record) => endAt === undefined || Date.parse(record.usageDate) < endAt);
    return { cycle: cycle as BillingCycle, start, endAt, segment, product, records };
  });

type History = typeof history extends fc.Arbitrary<infer H> ? H : never;

/** Bills the history at every boundary from its start until two cycles after its end, as the billing run would. */
function billAll(h: History): { bills: BillDraft[]; dates: number[] } {
  const pricer = createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat, ...(h.segment ? { customerSegment: h.segment } : {}) });
  // Two months past the end, so the last credits are billed; a year and more for a product that keeps running.
  const last = h.endAt !== undefined ? h.endAt + 62 * 86400 * 1000 : h.start + 420 * 86400 * 1000;
  const bills: BillDraft[] = [];
  const dates: number[] = [];
  let previous: number | undefined;
  let credit: Money = zeroMoney('EUR');
  let billed: BilledUsage[] = [];
  const billedRecords = new Set<string>();
  for (let date = boundaryAfter(h.cycle, h.start); date <= last; date = boundaryAfter(h.cycle, date)) {
    // Records reach the bill once they have arrived and are dated before it.
    const records: UsageRecordToBill[] = h.records.filter((record) => record.arrives < date && Date.parse(record.usageDate) < date && !billedRecords.has(record.id));
    const earlierPeriods = bills.map((earlier) => ({ start: Date.parse(earlier.billingPeriod.startDateTime), end: Date.parse(earlier.billDate) }));
    const bill = computeBill({
      account: { id: 'ba-1', name: 'A', currency: 'EUR', cycle: h.cycle, paymentTermsDays: 14 },
      billDate: date,
      previousBillDate: previous,
      runType: 'onCycle',
      products: [h.product],
      pricer,
      usage: { records, earlierPeriods, billed },
      creditBroughtForward: credit,
    });
    for (const id of bill.recordCharges.keys()) billedRecords.add(id);
    billed = [...billed, ...bill.billedUsage];
    credit = bill.creditCarriedForward;
    bills.push(bill);
    dates.push(date);
    previous = date;
  }
  return { bills, dates };
}

describe('billing invariants (property-based)', () => {
  it('every bill balances: its totals are the sums of its lines, it is never below zero, and no cent is created or lost by carrying credit', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { bills } = billAll(h);
        let carriedIn = zeroMoney('EUR');
        for (const bill of bills) {
          expect(bill.taxIncludedAmount).toEqual(sumMoney('EUR', bill.lines.map((line) => line.amount.taxIncluded)));
          expect(bill.taxExcludedAmount).toEqual(sumMoney('EUR', bill.lines.map((line) => line.amount.dutyFree)));
          const tax = sumMoney('EUR', bill.taxItem.map((item) => item.taxAmount));
          expect(addMoney(bill.taxExcludedAmount, tax)).toEqual(bill.taxIncludedAmount);
          expect(bill.amountDue.amount >= 0n).toBe(true);
          for (const line of bill.lines) expect(addMoney(line.amount.dutyFree, line.amount.tax)).toEqual(line.amount.taxIncluded);
          // What came in as credit, plus what the charges and credits add up to, is what is due plus what goes on.
          const charges = sumMoney('EUR', bill.lines.filter((line) => !line.type.startsWith('creditBroughtForward') && line.type !== 'creditCarriedForward').map((line) => line.amount.taxIncluded));
          if (bill.lines.length > 0) expect(subtractMoney(addMoney(charges, bill.creditCarriedForward), carriedIn)).toEqual(bill.amountDue);
          carriedIn = bill.creditCarriedForward;
        }
      }),
      { numRuns: 120 },
    );
  });

  it('billing the same inputs twice gives identical bills, memoised prices or not', () => {
    fc.assert(
      fc.property(history, (h) => {
        expect(billAll(h)).toEqual(billAll(h));
      }),
      { numRuns: 40 },
    );
  });

  it('no product is charged for time outside its active life: a bill that knows the end charges nothing past it, and credits only what lies past an end', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { bills } = billAll(h);
        const termEnds = h.product.terms.flatMap((term) => (term.to ? [Date.parse(term.to)] : []));
        const perPrice = new Map<string, Money>();
        for (const bill of bills) {
          for (const line of bill.lines) {
            if (line.type !== 'recurring' && line.type !== 'credit' && line.type !== 'usage') continue;
            const from = Date.parse(line.periodCoverage!.startDateTime);
            const to = Date.parse(line.periodCoverage!.endDateTime);
            expect(from).toBeLessThan(to);
            expect(from).toBeGreaterThanOrEqual(h.start);
            if (line.type === 'usage') continue;
            if (line.type === 'recurring' && h.endAt !== undefined && Date.parse(bill.billDate) > h.endAt) expect(to).toBeLessThanOrEqual(h.endAt);
            if (line.type === 'credit') expect(termEnds.some((end) => end <= from)).toBe(true);
            perPrice.set(line.priceId!, addMoney(perPrice.get(line.priceId!) ?? zeroMoney('EUR'), line.amount.taxIncluded));
          }
        }
        // Credits never give back more than a price was charged.
        for (const [priceId, amount] of perPrice) expect(amount.amount >= 0n, priceId).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('over a whole life, each recurring price is billed its exact time share of every period, to within half a cent per line', () => {
    fc.assert(
      fc.property(
        history.filter((h) => h.endAt !== undefined),
        (h) => {
          const { bills } = billAll(h);
          const lines = bills.flatMap((bill) => bill.lines).filter((line) => line.type === 'recurring' || line.type === 'credit');
          const total = Number(sumMoney('EUR', lines.map((line) => line.amount.taxIncluded)).amount);
          expect(Math.abs(total - exactShare(h))).toBeLessThanOrEqual(lines.length * 0.5 + 1e-6);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('what a period keeps after a credit plus what is credited is the period’s full charge, for any split', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.integer({ min: 2, max: 31 * 86400 }), fc.integer({ min: 1, max: 31 * 86400 - 1 }), (minor, length, split) => {
        fc.pre(split < length);
        const full = money(minor, 'EUR');
        const period = { start: 0, end: length * 1000 };
        const credited = prorate(full, { start: split * 1000, end: period.end }, period);
        const kept = addMoney(full, negateMoney(credited));
        expect(addMoney(kept, credited)).toEqual(full);
        // And the credit is the rest rounded once: it never exceeds what was charged.
        expect(credited.amount <= full.amount && credited.amount >= 0n).toBe(true);
      }),
    );
  });
});

/**
 * The exact (unrounded) amount, in minor units, a product's recurring prices are owed over its
 * life, integrated independently of the billing code: each second of each term at the price of
 * its promotion period, divided by the seconds of the period the price covers there.
 */
function exactShare(h: History): number {
  const pricer = createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat, ...(h.segment ? { customerSegment: h.segment } : {}) });
  const seconds = (instant: number) => Math.floor(instant / 1000);
  let owed = 0;
  for (const term of h.product.terms) {
    const from = Date.parse(term.from);
    const to = Date.parse(term.to!);
    const promotionEnds = pricer.promotionLengths(term).map((length) => ({ length, at: addCalendarMonths(from, length, h.cycle.timeZone) }));
    for (const priced of pricer.lines(term, 1).filter((line) => line.priceType === 'recurring')) {
      const months = priced.periodMonths ?? 1;
      const anchor = boundaryAtOrAfter(h.cycle, from);
      const spanOf = (at: number) => {
        if (at < anchor) return { start: boundaryPlus(h.cycle, anchor, -months), end: anchor };
        const index = Math.floor((cycleMonthOf(h.cycle, at) - cycleMonthOf(h.cycle, anchor)) / months);
        return { start: boundaryPlus(h.cycle, anchor, index * months), end: boundaryPlus(h.cycle, anchor, (index + 1) * months) };
      };
      for (let cursor = from; cursor < to; ) {
        const span = spanOf(cursor);
        const stop = Math.min(span.end, to, ...promotionEnds.map((end) => end.at).filter((at) => at > cursor));
        const over = promotionEnds.filter((end) => end.at <= cursor).map((end) => end.length);
        const full = pricer.lines(term, 1 + (over.length > 0 ? Math.max(...over) : 0)).find((line) => line.priceId === priced.priceId)!.net;
        owed += (Number(full.amount) * (seconds(stop) - seconds(cursor))) / (seconds(span.end) - seconds(span.start));
        cursor = stop;
      }
    }
  }
  return owed;
}
