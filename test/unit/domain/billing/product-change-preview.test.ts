import { describe, expect, it } from 'vitest';
import { billCarryingChangeAt, productChangePreview, productChangePreviewRequestSchema, productLinesAfterChange, productLinesOnBill } from '../../../../domain/billing/product-change-preview.js';
import type { BillLine } from '../../../../domain/billing/bill-line.js';
import type { ChargeTerm, TermChange } from '../../../../domain/billing/charge-term.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { moneyToTmf } from '../../../../domain/money/money.js';
import { frenchVat } from '../pricing/pricing-fixtures.js';
import { at, catalog, paris, product, term } from './billing-fixtures.js';

/**
 * The preview of a plan change or a termination (docs/billing.md, "Previewing a plan change or
 * a termination"): the worked examples 4 and 6 of docs/billing.md, seen before the change is
 * ordered, and which bill the lines land on.
 */
const jan1 = '2026-12-31T23:00:00.000Z';
const feb1 = '2027-01-31T23:00:00.000Z';
const mar1 = '2027-02-28T23:00:00.000Z';
const apr1 = '2027-03-31T22:00:00.000Z';
const account = { id: 'ba-1', name: 'Ada', currency: 'EUR', cycle: paris };
const pricer = () => createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat });
const summary = (lines: readonly BillLine[]) =>
  lines.map((line) => ({
    type: line.type,
    name: line.name,
    from: line.periodCoverage?.startDateTime,
    to: line.periodCoverage?.endDateTime,
    taxIncluded: moneyToTmf(line.amount.taxIncluded).value,
  }));
const toMobileL = (when: string): TermChange => ({ action: 'modify', at: when, next: term('mobile-l', when, ['l-monthly']) });

describe('billCarryingChangeAt: the first bill dated after the change', () => {
  it('is the account’s next bill, after the last one', () => {
    expect(billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, '2027-02-10T12:00:00.000Z')).toEqual({ billDate: at(mar1), previousBillDate: at(feb1) });
  });

  it('comes after the bills that fell due and are not run yet, one per boundary', () => {
    expect(billCarryingChangeAt({ cycle: paris, nextBillAt: feb1, lastBillAt: jan1 }, '2027-03-10T12:00:00.000Z')).toEqual({ billDate: at(apr1), previousBillDate: at(mar1) });
  });

  it('a change exactly on a bill date counts from the bill after it', () => {
    expect(billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, mar1)).toEqual({ billDate: at(apr1), previousBillDate: at(mar1) });
  });

  it('for an account never billed or at rest, the first boundary after the change', () => {
    expect(billCarryingChangeAt({ cycle: paris }, '2027-02-10T12:00:00.000Z')).toEqual({ billDate: at(mar1), previousBillDate: undefined });
    expect(billCarryingChangeAt({ cycle: paris, lastBillAt: feb1 }, '2027-02-10T12:00:00.000Z')).toEqual({ billDate: at(mar1), previousBillDate: at(feb1) });
  });
});

describe('productLinesAfterChange: the worked examples of docs/billing.md, before the change is ordered', () => {
  it('example 4: Mobile M (20.00) to Mobile L (30.00) on 10 Feb 13:00 gives the bill of 1 March: −13.18, 19.78 and March’s 30.00', () => {
    const mobile = product('p1', [term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'])]);
    const change = toMobileL('2027-02-10T12:00:00.000Z');
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, change.at);
    const preview = productLinesAfterChange({ account, bill, product: mobile, change, pricer: pricer() });
    expect(summary(preview.lines)).toEqual([
      { type: 'credit', name: 'Mobile M monthly', from: '2027-02-10T12:00:00.000Z', to: mar1, taxIncluded: -13.18 },
      { type: 'recurring', name: 'Mobile L monthly', from: '2027-02-10T12:00:00.000Z', to: mar1, taxIncluded: 19.78 },
      { type: 'recurring', name: 'Mobile L monthly', from: mar1, to: apr1, taxIncluded: 30 },
    ]);
    expect(preview.lines[0]!.description).toBe('Mobile M monthly: the unused part paid in advance, given back (plan change)');
    // The product after the change is the one order-to-cash leaves: its old term ended, the new one open, named after its offering.
    expect(preview.product.name).toBe('Mobile L');
    expect(preview.product.terms.map((each) => [each.productOffering.id, each.from, each.to, each.endedBy])).toEqual([
      ['mobile-m', '2026-10-01T09:00:00Z', '2027-02-10T12:00:00.000Z', 'planChange'],
      ['mobile-l', '2027-02-10T12:00:00.000Z', undefined, undefined],
    ]);
  });

  it('example 6: Mobile L (30.00) terminated on 14 Feb 00:00 gives back 16.07 on the bill of 1 March, and nothing more', () => {
    const mobile = product('p2', [term('mobile-l', '2026-12-01T09:00:00Z', ['l-monthly'])]);
    const change: TermChange = { action: 'delete', at: '2027-02-13T23:00:00.000Z' };
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, change.at);
    const { lines } = productLinesAfterChange({ account, bill, product: mobile, change, pricer: pricer() });
    expect(summary(lines)).toEqual([{ type: 'credit', name: 'Mobile L monthly', from: '2027-02-13T23:00:00.000Z', to: mar1, taxIncluded: -16.07 }]);
    expect(lines[0]!.description).toContain('(termination)');
  });

  it('a promotion ending in the credited part splits the credit at its end, as the charge was split', () => {
    // Mobile M in the launch promotion from 16 Jan 10:00: 10.00 until 16 Apr 10:00 (08:00Z), then 20.00. Terminated on 10 Apr 12:00.
    const mobile = product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]);
    const change: TermChange = { action: 'delete', at: '2027-04-10T10:00:00.000Z' };
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: '2027-04-30T22:00:00.000Z', lastBillAt: apr1 }, change.at);
    expect(summary(productLinesAfterChange({ account, bill, product: mobile, change, pricer: pricer() }).lines)).toEqual([
      // 10 Apr 12:00 → 16 Apr 10:00: 511 200 s of April's 2 592 000 at 10.00 = 1.9722… → 1.97; the rest at 20.00: 1 209 600 s = 9.3333… → 9.33.
      { type: 'credit', name: 'Mobile M monthly', from: '2027-04-10T10:00:00.000Z', to: '2027-04-16T08:00:00.000Z', taxIncluded: -1.97 },
      { type: 'credit', name: 'Mobile M monthly', from: '2027-04-16T08:00:00.000Z', to: '2027-04-30T22:00:00.000Z', taxIncluded: -9.72 },
    ]);
  });

  it('a change before the product’s first bill: nothing was billed in advance, so nothing is credited; each term is charged for its part', () => {
    // Mobile M in the launch promotion (10.00) from 16 Jan 10:00, changed to Mobile L on 20 Jan 10:00 (09:00Z); the account's first bill is 1 Feb.
    const mobile = product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]);
    const change = toMobileL('2027-01-20T09:00:00.000Z');
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: feb1 }, change.at);
    expect(summary(productLinesAfterChange({ account, bill, product: mobile, change, pricer: pricer() }).lines)).toEqual([
      // 4 days of January's 31 at 10.00 = 1.2903… → 1.29; 12 days less 10 hours at 30.00: 1 000 800 s = 11.2096… → 11.21.
      { type: 'recurring', name: 'Mobile M monthly', from: '2027-01-16T09:00:00.000Z', to: '2027-01-20T09:00:00.000Z', taxIncluded: 1.29 },
      { type: 'recurring', name: 'Mobile L monthly', from: '2027-01-20T09:00:00.000Z', to: feb1, taxIncluded: 11.21 },
      { type: 'recurring', name: 'Mobile L monthly', from: feb1, to: mar1, taxIncluded: 30 },
    ]);
  });

  it('keeps the lines an earlier change since the last bill already puts on that bill: they are the product’s lines there too', () => {
    // Mobile M to Mobile L on 5 Feb (after the bill of 1 Feb), previewing Mobile L to Mobile M on 20 Feb.
    const terms: ChargeTerm[] = [
      term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'], { to: '2027-02-05T11:00:00.000Z', endedBy: 'planChange' }),
      term('mobile-l', '2027-02-05T11:00:00.000Z', ['l-monthly']),
    ];
    const change: TermChange = { action: 'modify', at: '2027-02-20T11:00:00.000Z', next: term('mobile-m', '2027-02-20T11:00:00.000Z', ['m-monthly']) };
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, change.at);
    const { lines } = productLinesAfterChange({ account, bill, product: product('p1', terms), change, pricer: pricer() });
    expect(summary(lines).map(({ type, name, from, to }) => [type, name, from, to])).toEqual([
      ['credit', 'Mobile M monthly', '2027-02-05T11:00:00.000Z', mar1],
      ['recurring', 'Mobile L monthly', '2027-02-05T11:00:00.000Z', '2027-02-20T11:00:00.000Z'],
      ['recurring', 'Mobile M monthly', '2027-02-20T11:00:00.000Z', mar1],
      ['recurring', 'Mobile M monthly', mar1, apr1],
    ]);
  });
});

describe('productLinesOnBill', () => {
  it('keeps the product’s recurring charges and credits in the bill’s order, and leaves out usage and the account’s carried credit', () => {
    const line = (type: BillLine['type'], productId?: string): BillLine => ({
      type,
      name: `${type} ${productId ?? ''}`,
      description: '',
      ...(productId ? { product: { id: productId, name: productId } } : {}),
      amount: { dutyFree: { amount: 0n, currency: 'EUR' }, tax: { amount: 0n, currency: 'EUR' }, taxIncluded: { amount: 0n, currency: 'EUR' }, rate: { coefficient: 0n, scale: 0 } },
    });
    const lines = [line('credit', 'p1'), line('recurring', 'p2'), line('recurring', 'p1'), line('usage', 'p1'), line('creditBroughtForward')];
    expect(productLinesOnBill(lines, 'p1').map((each) => each.name)).toEqual(['credit p1', 'recurring p1']);
  });
});

describe('productChangePreview: the answer', () => {
  it('shows each line as the bill will (name, description, type, coverage, amounts, tax) and their totals', () => {
    const mobile = product('p1', [term('mobile-m', '2026-10-01T09:00:00Z', ['m-monthly'])]);
    const change = toMobileL('2027-02-10T12:00:00.000Z');
    const bill = billCarryingChangeAt({ cycle: paris, nextBillAt: mar1, lastBillAt: feb1 }, change.at);
    const { lines } = productLinesAfterChange({ account, bill, product: mobile, change, pricer: pricer() });
    const answer = productChangePreview({ product: { id: 'p1', name: 'Mobile M' }, change, billingAccount: { id: 'ba-1', currency: 'EUR' }, bill, lines });
    expect(answer).toEqual({
      product: { id: 'p1', name: 'Mobile M' },
      action: 'modify',
      productOffering: { id: 'mobile-l', name: 'Mobile L' },
      effectiveAt: '2027-02-10T12:00:00.000Z',
      billingAccount: { id: 'ba-1' },
      nextBillDate: mar1,
      lines: [
        {
          name: 'Mobile M monthly',
          description: 'Mobile M monthly: the unused part paid in advance, given back (plan change)',
          type: 'credit',
          periodCoverage: { startDateTime: '2027-02-10T12:00:00.000Z', endDateTime: mar1 },
          taxExcludedAmount: { unit: 'EUR', value: -10.98 },
          taxIncludedAmount: { unit: 'EUR', value: -13.18 },
          appliedTax: [{ taxCategory: 'telecommunications', taxRate: 20, taxAmount: { unit: 'EUR', value: -2.2 }, '@type': 'AppliedBillingTaxRate' }],
        },
        {
          name: 'Mobile L monthly',
          description: 'Mobile L monthly, pro rata',
          type: 'recurring',
          periodCoverage: { startDateTime: '2027-02-10T12:00:00.000Z', endDateTime: mar1 },
          taxExcludedAmount: { unit: 'EUR', value: 16.48 },
          taxIncludedAmount: { unit: 'EUR', value: 19.78 },
          appliedTax: [{ taxCategory: 'telecommunications', taxRate: 20, taxAmount: { unit: 'EUR', value: 3.3 }, '@type': 'AppliedBillingTaxRate' }],
        },
        {
          name: 'Mobile L monthly',
          description: 'Mobile L monthly',
          type: 'recurring',
          periodCoverage: { startDateTime: mar1, endDateTime: apr1 },
          taxExcludedAmount: { unit: 'EUR', value: 25 },
          taxIncludedAmount: { unit: 'EUR', value: 30 },
          appliedTax: [{ taxCategory: 'telecommunications', taxRate: 20, taxAmount: { unit: 'EUR', value: 5 }, '@type': 'AppliedBillingTaxRate' }],
        },
      ],
      taxExcludedAmount: { unit: 'EUR', value: 30.5 },
      taxIncludedAmount: { unit: 'EUR', value: 36.6 },
    });
  });

  it('a termination names no offering, and a preview with no line totals zero', () => {
    const answer = productChangePreview({
      product: { id: 'p1', name: 'Mobile M' },
      change: { action: 'delete', at: feb1 },
      billingAccount: { id: 'ba-1', currency: 'EUR' },
      bill: { billDate: at(mar1), previousBillDate: at(feb1) },
      lines: [],
    });
    expect(answer).toEqual({
      product: { id: 'p1', name: 'Mobile M' },
      action: 'delete',
      effectiveAt: feb1,
      billingAccount: { id: 'ba-1' },
      nextBillDate: mar1,
      lines: [],
      taxExcludedAmount: { unit: 'EUR', value: 0 },
      taxIncludedAmount: { unit: 'EUR', value: 0 },
    });
  });
});

describe('the request', () => {
  const issues = (body: unknown) => {
    const parsed = productChangePreviewRequestSchema.safeParse(body);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };

  it('a plan change names the offering to move to; a termination names none', () => {
    expect(issues({ product: { id: 'p1' }, action: 'modify', productOffering: { id: 'po-l' } })).toEqual([]);
    expect(issues({ product: { id: 'p1' }, action: 'delete' })).toEqual([]);
    expect(issues({ product: { id: 'p1' }, action: 'modify' })).toEqual(['productOffering']);
    expect(issues({ product: { id: 'p1' }, action: 'delete', productOffering: { id: 'po-l' } })).toEqual(['productOffering']);
  });

  it('is strict: an unknown attribute, an action other than modify or delete, or a product without id is refused', () => {
    expect(issues({ product: { id: 'p1' }, action: 'delete', when: 'tomorrow' })).toEqual(['']);
    expect(issues({ product: { id: 'p1' }, action: 'add', productOffering: { id: 'po-l' } })).toEqual(['action']);
    expect(issues({ product: {}, action: 'delete' })).toEqual(['product.id']);
  });
});
