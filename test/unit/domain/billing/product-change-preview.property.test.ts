import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBill, type BillDraft } from '../../../../domain/billing/bill-computation.js';
import { boundaryAfter, type BillingCycle } from '../../../../domain/billing/billing-calendar.js';
import { endCurrentTerm, type ChargedProduct, type ChargeTerm, type TermChange } from '../../../../domain/billing/charge-term.js';
import { billCarryingChangeAt, productLinesAfterChange } from '../../../../domain/billing/product-change-preview.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import type { BilledUsage, UsageRecordToBill } from '../../../../domain/billing/usage-charges.js';
import { zeroMoney, type Money } from '../../../../domain/money/money.js';
import { frenchVat } from '../pricing/pricing-fixtures.js';
import { catalog, term } from './billing-fixtures.js';

/**
 * The preview's promise (docs/billing.md, "Previewing a plan change or a termination"), over
 * random histories: a product on any plan, perhaps changed once already, beside another product of
 * the account, with usage, in several zones and on several cycle days, billed up to some boundary
 * (bills that fell due may not be run yet); a plan change or a termination previewed at a random
 * instant. Then the change is made (the product's terms as order-to-cash leaves them) and every bill
 * is computed as the billing run computes it, from the account's first: the bill dated first after
 * the change is the preview's, and its lines for the product, usage aside, are the preview's lines.
 * And a credit never gives back more than an earlier bill charged in advance for the same time.
 */
const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC'];
const plans = { 'mobile-m': ['m-monthly', 'm-promo', 'm-student'], 'mobile-l': ['l-monthly', 'm-student'], 'broadband-yearly': ['bb-yearly'], iot: ['iot-events'] } as const;
type Plan = keyof typeof plans;
const planNames = Object.keys(plans) as Plan[];
const day = 86_400_000;
const instant = (min: string, max: string) => fc.integer({ min: Date.parse(min) / 1000, max: Date.parse(max) / 1000 }).map((seconds) => seconds * 1000);
const iso = (at: number) => new Date(at).toISOString();
const planTerm = (plan: Plan, from: number, extra: Partial<ChargeTerm> = {}) => term(plan, iso(from), [...plans[plan]], extra);

const scenario = fc
  .record({
    cycle: fc.record({ cycleDay: fc.integer({ min: 1, max: 28 }), timeZone: fc.constantFrom(...zones) }),
    start: instant('2026-11-01T00:00:00Z', '2027-03-31T00:00:00Z'),
    plan: fc.constantFrom(...planNames),
    // How long after the start the change is previewed, up to five months, to the second.
    after: fc.integer({ min: 1, max: 150 * 86_400 }),
    earlier: fc.option(fc.record({ share: fc.double({ min: 0.01, max: 0.99, noNaN: true }), to: fc.constantFrom(...planNames) })),
    change: fc.oneof(fc.record({ action: fc.constant('modify' as const), to: fc.constantFrom(...planNames) }), fc.constant({ action: 'delete' as const })),
    other: fc.record({ plan: fc.constantFrom(...planNames), offset: fc.integer({ min: -90 * 86_400, max: 90 * 86_400 }) }),
    // Of the bills dated at or before the change, how many the billing run already made.
    issued: fc.integer({ min: 0, max: 8 }),
    segment: fc.constantFrom(undefined, 'student'),
    usage: fc.array(fc.record({ product: fc.constantFrom('p1', 'p2'), share: fc.double({ min: 0, max: 1.5, noNaN: true }), quantity: fc.integer({ min: 1, max: 5000 }) }), { maxLength: 8 }),
  })
  .map((s) => {
    const cycle = s.cycle as BillingCycle;
    const at = s.start + s.after * 1000;
    const terms: ChargeTerm[] = [planTerm(s.plan, s.start)];
    let current: Plan = s.plan;
    if (s.earlier && s.earlier.to !== s.plan) {
      const changedAt = s.start + Math.floor(s.after * s.earlier.share) * 1000;
      terms.splice(0, 1, planTerm(s.plan, s.start, { to: iso(changedAt), endedBy: 'planChange' }), planTerm(s.earlier.to, changedAt));
      current = s.earlier.to;
    }
    const product: ChargedProduct = { id: 'p1', name: 'Line', billingAccountId: 'ba-1', terms };
    const change: TermChange =
      s.change.action === 'modify' ? { action: 'modify', at: iso(at), next: planTerm(s.change.to === current ? (current === 'mobile-l' ? 'mobile-m' : 'mobile-l') : s.change.to, at) } : { action: 'delete', at: iso(at) };
    const otherStart = s.start + s.other.offset * 1000;
    const other: ChargedProduct = { id: 'p2', name: 'Other', billingAccountId: 'ba-1', terms: [planTerm(s.other.plan, otherStart)] };
    // The account is billed at every boundary after its first activation; the run made `issued` of those at or before the change.
    const firstBill = boundaryAfter(cycle, Math.min(s.start, otherStart));
    const dueBefore: number[] = [];
    for (let date = firstBill; date <= at; date = boundaryAfter(cycle, date)) dueBefore.push(date);
    const issued = Math.min(s.issued, dueBefore.length);
    const schedule = {
      cycle,
      nextBillAt: iso(issued < dueBefore.length ? dueBefore[issued]! : dueBefore.length > 0 ? boundaryAfter(cycle, dueBefore[dueBefore.length - 1]!) : firstBill),
      lastBillAt: issued === 0 ? undefined : iso(dueBefore[issued - 1]!),
    };
    return { cycle, at, product, change, other, firstBill, schedule, segment: s.segment, usage: s.usage, start: s.start };
  });

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;
const pricerOf = (s: Scenario) => createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat, timeZone: s.cycle.timeZone, ...(s.segment ? { customerSegment: s.segment } : {}) });

/** The change as order-to-cash makes it, written out here rather than through the preview's own helper. */
function changed(s: Scenario): ChargedProduct {
  const { change } = s;
  const terms = change.action === 'delete' ? endCurrentTerm(s.product.terms, change.at, 'termination') : endCurrentTerm(s.product.terms, change.at, 'planChange', change.next);
  // A plan change renames the product after its new offering (activate-order-products.ts), which its bill lines name.
  return { ...s.product, name: change.action === 'modify' ? change.next.productOffering.name : s.product.name, terms };
}

/** Every bill of the account from its first up to `until`, as the billing run makes them, after the change was made. */
function billUpTo(s: Scenario, until: number): { bills: BillDraft[]; dates: number[] } {
  const pricer = pricerOf(s);
  const products = [changed(s), s.other];
  const endOfP1 = s.change.action === 'delete' ? s.at : Infinity;
  const records: (UsageRecordToBill & { arrives: number })[] = s.usage.flatMap((record, index) => {
    const owner = products.find((product) => product.id === record.product)!;
    const from = Date.parse(owner.terms[0]!.from);
    const usageDate = from + Math.floor(record.share * (s.at - s.start)) + 1000;
    if (record.product === 'p1' && usageDate >= endOfP1) return [];
    return [{ id: `u${index}`, productId: record.product, usageDate: iso(usageDate), quantity: String(record.quantity), units: record.product === 'p1' ? 'GB' : 'event', arrives: usageDate + day }];
  });
  const bills: BillDraft[] = [];
  const dates: number[] = [];
  let previous: number | undefined;
  let credit: Money = zeroMoney('EUR');
  let billed: BilledUsage[] = [];
  const billedRecords = new Set<string>();
  for (let date = s.firstBill; date <= until; date = boundaryAfter(s.cycle, date)) {
    const due = records.filter((record) => record.arrives < date && Date.parse(record.usageDate) < date && !billedRecords.has(record.id));
    const bill = computeBill({
      account: { id: 'ba-1', name: 'A', currency: 'EUR', cycle: s.cycle, paymentTermsDays: 14 },
      billDate: date,
      previousBillDate: previous,
      runType: 'onCycle',
      products,
      pricer,
      usage: { records: due, earlierPeriods: bills.map((earlier) => ({ start: Date.parse(earlier.billingPeriod.startDateTime), end: Date.parse(earlier.billDate) })), billed },
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

function preview(s: Scenario) {
  const bill = billCarryingChangeAt(s.schedule, s.change.at);
  return { bill, ...productLinesAfterChange({ account: { id: 'ba-1', name: 'A', currency: 'EUR', cycle: s.cycle }, bill, product: s.product, change: s.change, pricer: pricerOf(s) }) };
}

describe('the preview of a plan change or a termination (property-based)', () => {
  it('is the product’s lines, usage aside, on the first bill after the change, as billing computes that bill once the change is made', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const shown = preview(s);
        const { bills, dates } = billUpTo(s, shown.bill.billDate);
        expect(dates[dates.length - 1]).toBe(shown.bill.billDate);
        // The bill before it is dated at or before the change: the preview's bill is the first to know of it.
        expect(dates.length < 2 || dates[dates.length - 2]! <= s.at).toBe(true);
        expect(shown.bill.billDate > s.at).toBe(true);
        const onBill = bills[bills.length - 1]!.lines.filter((line) => line.product?.id === 'p1' && line.type !== 'usage');
        expect(shown.lines).toEqual(onBill);
      }),
      { numRuns: 150 },
    );
  });

  it('never credits more than an earlier bill charged in advance for the same price and time', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const shown = preview(s);
        const { bills } = billUpTo(s, shown.bill.billDate);
        const charged = bills.slice(0, -1).flatMap((bill) => bill.lines.filter((line) => line.product?.id === 'p1' && line.type === 'recurring'));
        for (const credit of shown.lines.filter((line) => line.type === 'credit')) {
          const from = Date.parse(credit.periodCoverage!.startDateTime);
          const to = Date.parse(credit.periodCoverage!.endDateTime);
          const charge = charged.find(
            (line) => line.priceId === credit.priceId && Date.parse(line.periodCoverage!.startDateTime) <= from && to <= Date.parse(line.periodCoverage!.endDateTime),
          );
          expect(charge, `a charge in advance for ${credit.name} ${credit.periodCoverage!.startDateTime} → ${credit.periodCoverage!.endDateTime}`).toBeDefined();
          expect(-credit.amount.taxIncluded.amount <= charge!.amount.taxIncluded.amount).toBe(true);
          expect(credit.amount.taxIncluded.amount <= 0n).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
