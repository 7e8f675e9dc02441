import { describe, expect, it } from 'vitest';
import { computeBill, type BillDraft } from '../../../../domain/billing/bill-computation.js';
import { moneyToTmf, sumMoney, type Money } from '../../../../domain/money/money.js';
import { at, billInput, cents, product, term } from './billing-fixtures.js';

/** The worked examples of docs/billing.md: each figure is computed there by hand. */
const value = (amount: Money) => moneyToTmf(amount).value;
const summary = (bill: BillDraft) =>
  bill.lines.map((line) => ({
    type: line.type,
    name: line.name,
    from: line.periodCoverage?.startDateTime,
    to: line.periodCoverage?.endDateTime,
    taxIncluded: value(line.amount.taxIncluded),
    taxExcluded: value(line.amount.dutyFree),
  }));

const feb1 = at('2027-02-01T00:00:00+01:00');
const mar1 = at('2027-03-01T00:00:00+01:00');
const apr1 = at('2027-04-01T00:00:00+02:00');
const jan1 = at('2027-01-01T00:00:00+01:00');

describe('computeBill: the worked examples of docs/billing.md (Paris, cycle day 1, prices include 20 % VAT)', () => {
  it('a mid-month start is charged pro rata up to the boundary on the next bill, with the next month in advance', () => {
    // Mobile M from 16 January 10:00 (09:00Z), sold in the launch promotion: 20.00 − 50 % = 10.00.
    // January has 2 678 400 s; 16 Jan 10:00 → 1 Feb 00:00 is 1 346 400 s: 10.00 × 1 346 400 / 2 678 400 = 5.0268… → 5.03.
    const mobile = product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]);
    const bill = computeBill(billInput({ billDate: feb1, products: [mobile] }));
    expect(summary(bill)).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-01-16T09:00:00.000Z', to: '2027-01-31T23:00:00.000Z', taxIncluded: 5.03, taxExcluded: 4.19 },
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-01-31T23:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: 10, taxExcluded: 8.33 },
    ]);
    expect(bill.billingPeriod).toEqual({ startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' });
    expect(bill.billDate).toBe('2027-01-31T23:00:00.000Z');
    expect(bill.paymentDueDate).toBe('2027-02-14T23:00:00.000Z');
    expect(value(bill.taxIncludedAmount)).toBe(15.03);
    expect(value(bill.taxExcludedAmount)).toBe(12.52);
    expect(bill.taxItem.map((item) => ({ ...item, taxRate: Number(item.taxRate.coefficient), taxAmount: value(item.taxAmount) }))).toEqual([
      { taxCategory: 'telecommunications', taxRate: 20, taxAmount: 2.51 },
    ]);
  });

  it('a promotion ending inside a period splits it in two lines, each pro rata (April is 30 days, after the spring change)', () => {
    // The promotion ends 3 months after 16 Jan 10:00: 16 Apr 10:00 (08:00Z).
    // 1 Apr → 16 Apr 10:00 = 1 332 000 s of 2 592 000: 10.00 × … = 5.1388… → 5.14; the rest at 20.00: 9.7222… → 9.72.
    const mobile = product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]);
    const bill = computeBill(billInput({ billDate: apr1, previousBillDate: mar1, products: [mobile] }));
    expect(summary(bill)).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-03-31T22:00:00.000Z', to: '2027-04-16T08:00:00.000Z', taxIncluded: 5.14, taxExcluded: 4.28 },
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-04-16T08:00:00.000Z', to: '2027-04-30T22:00:00.000Z', taxIncluded: 9.72, taxExcluded: 8.1 },
    ]);
  });

  it('a plan change credits the rest of the old price paid in advance and charges the new one for it', () => {
    // Mobile L 30.00 replaces Mobile M 20.00 on 10 Feb 13:00 (12:00Z); February has 2 419 200 s, 1 594 800 of them left:
    // credit 20.00 × 1 594 800 / 2 419 200 = 13.1845… → −13.18; Mobile L 30.00 × … = 19.7767… → 19.78; March in advance 30.00.
    const changed = product('p1', [
      term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'], { to: '2027-02-10T12:00:00Z', endedBy: 'planChange' }),
      term('mobile-l', '2027-02-10T12:00:00Z', ['l-monthly']),
    ]);
    expect(summary(computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [changed] })))).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-01-31T23:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: 20, taxExcluded: 16.67 },
    ]);
    expect(summary(computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [changed] })))).toEqual([
      { type: 'credit', name: 'Mobile M monthly', from: '2027-02-10T12:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: -13.18, taxExcluded: -10.98 },
      { type: 'recurring', name: 'Mobile L monthly', from: '2027-02-10T12:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: 19.78, taxExcluded: 16.48 },
      { type: 'recurring', name: 'Mobile L monthly', from: '2027-02-28T23:00:00.000Z', to: '2027-03-31T22:00:00.000Z', taxIncluded: 30, taxExcluded: 25 },
    ]);
  });

  it('a termination credits the unused prepaid part; a credit larger than the bill is carried to the next bill', () => {
    // Mobile L ends 14 Feb 00:00 (13 Feb 23:00Z): 1 296 000 s of February left: 30.00 × 1 296 000 / 2 419 200 = 16.0714… → −16.07.
    const ended = product('p2', [term('mobile-l', '2026-12-01T09:00:00Z', ['l-monthly'], { to: '2027-02-13T23:00:00Z', endedBy: 'termination' })]);
    const march = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [ended] }));
    expect(summary(march)).toEqual([
      { type: 'credit', name: 'Mobile L monthly', from: '2027-02-13T23:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: -16.07, taxExcluded: -13.39 },
      { type: 'creditCarriedForward', name: 'Credit carried forward', from: '2027-01-31T23:00:00.000Z', to: '2027-02-28T23:00:00.000Z', taxIncluded: 16.07, taxExcluded: 16.07 },
    ]);
    expect(value(march.amountDue)).toBe(0);
    expect(value(march.creditCarriedForward)).toBe(16.07);

    // The next bill starts with the credit; with another product's 20.00 it owes 3.93.
    const other = product('p3', [term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'])]);
    const april = computeBill(billInput({ billDate: apr1, previousBillDate: mar1, products: [ended, other], creditBroughtForward: march.creditCarriedForward }));
    expect(summary(april).map((line) => [line.type, line.taxIncluded])).toEqual([
      ['recurring', 20],
      ['creditBroughtForward', -16.07],
    ]);
    expect(value(april.amountDue)).toBe(3.93);
    expect(value(april.creditCarriedForward)).toBe(0);

    // Nothing to bill: no lines, and the credit keeps waiting.
    const quiet = computeBill(billInput({ billDate: apr1, previousBillDate: mar1, products: [ended], creditBroughtForward: cents(16.07) }));
    expect(quiet.lines).toEqual([]);
    expect(value(quiet.creditCarriedForward)).toBe(16.07);
  });

  it('a yearly price is billed every 12 cycles from the first boundary, the part before it pro rata of its year', () => {
    // 20 Jan 10:00 → 1 Feb: 1 000 800 s of the year 1 Feb 2026 → 1 Feb 2027 (31 536 000 s): 300.00 × … = 9.5205… → 9.52.
    const yearly = product('p4', [term('broadband-yearly', '2027-01-20T09:00:00Z', ['bb-yearly'])]);
    expect(summary(computeBill(billInput({ billDate: feb1, products: [yearly] }))).map((line) => [line.from, line.to, line.taxIncluded])).toEqual([
      ['2027-01-20T09:00:00.000Z', '2027-01-31T23:00:00.000Z', 9.52],
      ['2027-01-31T23:00:00.000Z', '2028-01-31T23:00:00.000Z', 300],
    ]);
    expect(computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [yearly] })).lines).toEqual([]);
    const nextYear = computeBill(billInput({ billDate: at('2028-02-01T00:00:00+01:00'), previousBillDate: at('2028-01-01T00:00:00+01:00'), products: [yearly] }));
    expect(summary(nextYear).map((line) => [line.from, line.taxIncluded])).toEqual([['2028-01-31T23:00:00.000Z', 300]]);
  });

  it('usage is rated in arrears on the period’s total, with the allowance whole; each record’s share adds up to the line', () => {
    // 15 GB + 12 000 MB = 27 GB, 20 included, 7 charged at 2.00 = 14.00.
    const mobile = product('p5', [term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'])]);
    const records = [
      { id: 'u2', productId: 'p5', usageDate: '2027-01-20T10:00:00Z', quantity: '12000', units: 'MB' },
      { id: 'u1', productId: 'p5', usageDate: '2027-01-05T10:00:00Z', quantity: '15', units: 'GB' },
    ];
    const bill = computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [mobile], usage: { records, earlierPeriods: [], billed: [] } }));
    const usage = bill.lines.find((line) => line.type === 'usage')!;
    expect(usage).toMatchObject({ name: 'Mobile M data overage', description: '27 GB used, 20 GB included, 7 GB charged', periodCoverage: { startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' } });
    expect(value(usage.amount.taxIncluded)).toBe(14);
    // In usage-date order: the first 15 GB are within the allowance, the next 12 GB put 7 over it.
    expect([...bill.recordCharges].map(([id, shares]) => [id, shares.map((share) => value(share.charge))])).toEqual([
      ['u1', [0]],
      ['u2', [14]],
    ]);
    expect(bill.billedUsage).toEqual([
      { productId: 'p5', termFrom: '2026-10-01T09:00:00Z', periodStart: '2026-12-31T23:00:00.000Z', quantities: [{ quantity: '15', units: 'GB' }, { quantity: '12000', units: 'MB' }] },
    ]);

    // 10 GB more of January arrive in February: January goes from 7 to 17 GB over, 14.00 → 27.00; the next bill charges 13.00 for January.
    const late = [{ id: 'u3', productId: 'p5', usageDate: '2027-01-25T10:00:00Z', quantity: '10', units: 'GB' }];
    const next = computeBill(
      billInput({ billDate: mar1, previousBillDate: feb1, products: [mobile], usage: { records: late, earlierPeriods: [{ start: jan1, end: feb1 }], billed: bill.billedUsage } }),
    );
    const adjustment = next.lines.find((line) => line.type === 'usage')!;
    expect(adjustment.description).toBe('late usage: 37 GB used, 20 GB included, 17 GB charged');
    expect(adjustment.periodCoverage).toEqual({ startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' });
    expect(value(adjustment.amount.taxIncluded)).toBe(13);
    expect(value(next.recordCharges.get('u3')![0]!.charge)).toBe(13);
  });

  it('a usage price’s minimum is owed for a period without usage', () => {
    const iot = product('p6', [term('iot', '2026-10-01T09:00:00Z', [])]);
    const bill = computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [iot] }));
    expect(summary(bill).map((line) => [line.type, line.name, line.taxIncluded])).toEqual([['usage', 'IoT events', 5]]);
  });

  it('a segment discount applies while the customer is in the segment', () => {
    const mobileL = product('p7', [term('mobile-l', '2026-10-01T09:00:00Z', ['l-monthly'])]);
    const student = computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [mobileL] }, 'student'));
    expect(student.lines.map((line) => [line.description, value(line.amount.taxIncluded)])).toEqual([['Mobile L monthly, after Students (−20 %)', 24]]);
    expect(value(computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [mobileL] })).amountDue)).toBe(30);
  });

  it('a bill knows only what happened before its date: a later termination, or one at its very instant, changes nothing on it', () => {
    const running = term('mobile-l', '2026-10-01T09:00:00Z', ['l-monthly']);
    const unchanged = computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [product('p8', [running])] }));
    for (const end of ['2027-01-31T23:00:00.000Z', '2027-02-20T00:00:00Z']) {
      const ended = product('p8', [{ ...running, to: end, endedBy: 'termination' }]);
      expect(computeBill(billInput({ billDate: feb1, previousBillDate: jan1, products: [ended] }))).toEqual(unchanged);
    }
  });

  it('totals are the sums of the lines', () => {
    const products = [
      product('a', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]),
      product('b', [term('broadband-yearly', '2027-01-20T09:00:00Z', ['bb-yearly'])]),
    ];
    const bill = computeBill(billInput({ billDate: feb1, products }));
    expect(bill.taxIncludedAmount).toEqual(sumMoney('EUR', bill.lines.map((line) => line.amount.taxIncluded)));
    expect(bill.taxExcludedAmount).toEqual(sumMoney('EUR', bill.lines.map((line) => line.amount.dutyFree)));
    expect(value(bill.taxIncludedAmount)).toBe(324.55);
  });
});
