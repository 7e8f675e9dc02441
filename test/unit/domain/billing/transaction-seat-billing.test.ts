import { describe, expect, it } from 'vitest';
import { computeBill, type BillDraft } from '../../../../domain/billing/bill-computation.js';
import type { ChargeTerm } from '../../../../domain/billing/charge-term.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { moneyToTmf, type Money } from '../../../../domain/money/money.js';
import { eur, frenchVat, offeringWith, price, snapshot } from '../pricing/pricing-fixtures.js';
import { at, billInput, product } from './billing-fixtures.js';

/** docs/pricing.md, "Transactions" and "Seats", as a bill charges them (Paris, cycle day 1). */
const cardFee = price({
  id: 'card-fee',
  name: 'Card payments',
  priceType: 'usage',
  chargeModel: 'percentage',
  unitOfMeasure: { amount: 1, units: 'EUR' },
  percentage: 2.9,
  fixedFeePerEvent: eur(0.3),
  freeEventsPerPeriod: 2,
});
const teamSeats = price({
  id: 'team-seats',
  name: 'Team seats',
  priceType: 'recurring',
  recurringChargePeriodType: 'month',
  chargeModel: 'graduated',
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: eur(10) },
    { fromQuantity: 10, price: eur(8) },
  ],
  taxIncluded: true,
});
const catalog = snapshot([offeringWith('payments', [cardFee], { name: 'Payments' }), offeringWith('team', [teamSeats], { name: 'Team' })], [cardFee, teamSeats]);
const pricer = () => createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat });

const termOf = (offeringId: string, from: string, pinned: string[], extra: Partial<ChargeTerm> = {}): ChargeTerm => ({
  from,
  productOffering: { id: offeringId, href: `/po/${offeringId}`, name: offeringId },
  quantity: 1,
  characteristic: [],
  pinnedPrice: pinned.map((id) => ({ id })),
  ...extra,
});
const value = (amount: Money) => moneyToTmf(amount).value;
const lines = (bill: BillDraft) => bill.lines.map((line) => [line.type, line.periodCoverage?.startDateTime, value(line.amount.taxIncluded)]);

const jan1 = at('2027-01-01T00:00:00+01:00');
const feb1 = at('2027-02-01T00:00:00+01:00');
const mar1 = at('2027-03-01T00:00:00+01:00');

describe('a bill’s transaction charges: each record is one transaction', () => {
  it('2.9 % + 0.30 with the first 2 transactions of the month free: 100.00 and 50.00 free, then 3.20 and 0.59 = 3.79', () => {
    const shop = product('p1', [termOf('payments', '2026-10-01T09:00:00Z', ['card-fee'])]);
    const records = [
      { id: 't4', productId: 'p1', usageDate: '2027-01-25T10:00:00Z', quantity: '10', units: 'EUR' },
      { id: 't1', productId: 'p1', usageDate: '2027-01-02T10:00:00Z', quantity: '100', units: 'EUR' },
      { id: 't3', productId: 'p1', usageDate: '2027-01-20T10:00:00Z', quantity: '100', units: 'EUR' },
      { id: 't2', productId: 'p1', usageDate: '2027-01-10T10:00:00Z', quantity: '50', units: 'EUR' },
    ];
    const bill = computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [shop], pricer: pricer(), usage: { records, earlierPeriods: [], billed: [] } }));
    const usage = bill.lines.find((line) => line.type === 'usage')!;
    expect(usage.description).toBe('4 events, 260 EUR, 2 of them free');
    expect(value(usage.amount.dutyFree)).toBe(3.79);
    // Free events go by usage date, not by the order the records arrived in.
    expect([...bill.recordCharges].map(([id, shares]) => [id, shares.map((share) => value(share.charge))])).toEqual([
      ['t1', [0]],
      ['t2', [0]],
      ['t3', [3.2]],
      ['t4', [0.59]],
    ]);
    // Transactions are kept one by one, so a late one is rated after them, not merged into a total.
    expect(bill.billedUsage[0]!.quantities).toEqual([
      { quantity: '100', units: 'EUR' },
      { quantity: '50', units: 'EUR' },
      { quantity: '100', units: 'EUR' },
      { quantity: '10', units: 'EUR' },
    ]);

    // A January transaction of 20.00 arrives in February: the free ones are used up, it costs 0.58 + 0.30 = 0.88.
    const late = [{ id: 't5', productId: 'p1', usageDate: '2027-01-28T10:00:00Z', quantity: '20', units: 'EUR' }];
    const next = computeBill(
      billInput({ billDate: mar1, previousBillDate: feb1, products: [shop], pricer: pricer(), usage: { records: late, earlierPeriods: [{ start: jan1, end: feb1 }], billed: bill.billedUsage } }),
    );
    const adjustment = next.lines.find((line) => line.type === 'usage' && line.description?.startsWith('late usage'))!;
    expect(value(adjustment.amount.dutyFree)).toBe(0.88);
    expect(value(next.recordCharges.get('t5')![0]!.charge)).toBe(0.88);
  });
});

describe('a bill’s seat charges: tiered by the term’s quantity, prorated when it changes', () => {
  it('12 seats graduated (10 × 10.00 + 2 × 8.00 = 116.00); 5 → 12 seats on 10 Feb credits 5 seats’ rest and charges 12 seats’ pro rata', () => {
    // February has 2 419 200 s, 1 594 800 of them after 10 Feb 13:00: 50.00 × … = 32.9613… → −32.96; 116.00 × … = 76.4702… → 76.47.
    const team = product('p2', [
      termOf('team', '2026-10-01T09:00:00Z', ['team-seats'], { quantity: 5, to: '2027-02-10T12:00:00Z', endedBy: 'planChange' }),
      termOf('team', '2027-02-10T12:00:00Z', ['team-seats'], { quantity: 12 }),
    ]);
    expect(lines(computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [team], pricer: pricer() })))).toEqual([['recurring', '2027-01-31T23:00:00.000Z', 50]]);
    expect(lines(computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [team], pricer: pricer() })))).toEqual([
      ['credit', '2027-02-10T12:00:00.000Z', -32.96],
      ['recurring', '2027-02-10T12:00:00.000Z', 76.47],
      ['recurring', '2027-02-28T23:00:00.000Z', 116],
    ]);
  });
});
