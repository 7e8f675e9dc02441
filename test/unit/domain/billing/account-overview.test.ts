import { describe, expect, it } from 'vitest';
import {
  accountOverview,
  accountOverviewEntry,
  accountOverviewExample,
  accountOverviewSchema,
  billEstimate,
  byHomeScreenOrder,
  currentUsageWindow,
  latestBillSummary,
  nextBillOf,
  productUsage,
  showsUsage,
  type AccountOverviewEntry,
} from '../../../../domain/billing/account-overview.js';
import { computeBill } from '../../../../domain/billing/bill-computation.js';
import { billIdFor, issueCustomerBill, newCustomerBill, settledByPayment } from '../../../../domain/billing/customer-bill.js';
import type { BillingAccount } from '../../../../domain/customers/billing-account.js';
import { moneyToTmf, sumMoney } from '../../../../domain/money/money.js';
import { usageSummary, usageSummaryWindows } from '../../../../domain/usage/usage-summary.js';
import { billingAccountResource } from '../../../support/fixtures.js';
import { eur, offeringWith, price, snapshot } from '../pricing/pricing-fixtures.js';
import { at, billInput, cents, product, term } from './billing-fixtures.js';
import { paris as usageParis, pricing as usagePricing, record, term as usageTerm } from '../usage/usage-summary-fixtures.js';

/**
 * The account overview's own rules (docs/billing.md, "Account overview"): how a computed bill
 * becomes the next bill's estimate, which bill is the next one and what period it closes, which
 * products show usage and that it is the usage summary's, the bill summary, the accounts' order.
 * The computations themselves are billing's and the usage summary's, tested where they live.
 */
const feb1 = at('2027-02-01T00:00:00+01:00');
const mar1 = at('2027-03-01T00:00:00+01:00');
const iso = (instant: number) => new Date(instant).toISOString();
const mobile = product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo'])]);

describe('the next bill’s estimate: the computed bill, shaped', () => {
  it('the worked example (Mobile M from 16 Jan, 22.5 GB in January): its totals, tax as their difference, its lines tax excluded adding up to the total', () => {
    const records = [
      { id: 'u1', productId: 'p1', usageDate: '2027-01-20T08:15:00Z', quantity: '1.5', units: 'GB' },
      { id: 'u2', productId: 'p1', usageDate: '2027-01-22T13:00:00Z', quantity: '21', units: 'GB' },
    ];
    const draft = computeBill(billInput({ billDate: feb1, products: [product('p1', [term('mobile-m', '2027-01-16T09:00:00Z', ['m-monthly', 'm-promo', 'm-data'])])], usage: { records, earlierPeriods: [], billed: [] } }));
    const estimate = billEstimate(draft, '2027-01-25T11:00:00.000Z');
    expect(estimate.lines).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', description: 'Mobile M monthly, pro rata, after Launch promotion (−50 %)', amount: { unit: 'EUR', value: 4.19 }, product: { id: 'p1', name: 'Mobile M' } },
      { type: 'recurring', name: 'Mobile M monthly', description: 'Mobile M monthly, after Launch promotion (−50 %)', amount: { unit: 'EUR', value: 8.33 }, product: { id: 'p1', name: 'Mobile M' } },
      { type: 'usage', name: 'Mobile M data overage', description: '22.5 GB used, 20 GB included, 2.5 GB charged', amount: { unit: 'EUR', value: 4.17 }, product: { id: 'p1', name: 'Mobile M' } },
    ]);
    expect(estimate).toMatchObject({
      taxExcludedAmount: { unit: 'EUR', value: 16.69 },
      taxAmount: { unit: 'EUR', value: 3.34 },
      taxIncludedAmount: { unit: 'EUR', value: 20.03 },
      usageUpTo: '2027-01-25T11:00:00.000Z',
    });
    expect(estimate.taxIncludedAmount).toEqual(moneyToTmf(draft.taxIncludedAmount));
    expect(estimate.taxAmount).toEqual(moneyToTmf(sumMoney('EUR', draft.taxItem.map((item) => item.taxAmount))));
    expect(estimate.creditBroughtForward).toBeUndefined();
  });

  it('a credit carried from an earlier bill: taken off as the bill takes it (a line), and named as a positive amount', () => {
    const draft = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [mobile], creditBroughtForward: cents(3.5) }));
    const estimate = billEstimate(draft, '2027-02-10T12:00:00.000Z');
    expect(estimate.creditBroughtForward).toEqual({ unit: 'EUR', value: 3.5 });
    expect(estimate.lines.at(-1)).toEqual({ type: 'creditBroughtForward', name: 'Credit brought forward', description: 'credit an earlier bill could not use', amount: { unit: 'EUR', value: -3.5 } });
    expect(estimate.taxIncludedAmount).toEqual({ unit: 'EUR', value: 6.5 });
    const lineCents = estimate.lines.reduce((sum, line) => sum + Math.round(line.amount.value * 100), 0);
    expect(lineCents).toBe(Math.round(estimate.taxExcludedAmount.value * 100));
  });

  it('usage counts up to the account’s now, or up to the bill date when the bill is due and not run yet', () => {
    const draft = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [mobile] }));
    expect(billEstimate(draft, '2027-02-10T12:00:00.000Z').usageUpTo).toBe('2027-02-10T12:00:00.000Z');
    expect(billEstimate(draft, '2027-03-01T00:30:00.000Z').usageUpTo).toBe(iso(mar1));
  });
});

describe('the next bill: its date, the period it closes, its estimate', () => {
  it('the first bill closes the cycle it ends; a later one the time since the last bill; without a computed bill, no estimate', () => {
    expect(nextBillOf({ cycle: usageParis, nextBillAt: iso(feb1), asOf: '2027-01-25T11:00:00.000Z' })).toEqual({
      billDate: iso(feb1),
      billingPeriod: { startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: iso(feb1) },
    });
    // An on-demand bill on 10 February: the next one closes the time since it.
    expect(nextBillOf({ cycle: usageParis, nextBillAt: iso(mar1), lastBillAt: '2027-02-10T15:00:00.000Z', asOf: '2027-02-20T12:00:00.000Z' })!.billingPeriod).toEqual({
      startDateTime: '2027-02-10T15:00:00.000Z',
      endDateTime: iso(mar1),
    });
  });

  it('with the computed bill: its estimate, over the same period the bill closes', () => {
    const draft = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [mobile] }));
    const next = nextBillOf({ cycle: usageParis, nextBillAt: iso(mar1), lastBillAt: iso(feb1), asOf: '2027-02-10T12:00:00.000Z', draft })!;
    expect(next.billingPeriod).toEqual(draft.billingPeriod);
    expect(next.estimate!.taxIncludedAmount).toEqual({ unit: 'EUR', value: 10 });
  });

  it('a computed bill without a line is no bill (the run makes none that day): no next bill', () => {
    const ended = product('p2', [term('mobile-l', '2026-12-01T09:00:00Z', ['l-monthly'], { to: '2027-01-13T23:00:00Z', endedBy: 'termination' })]);
    const draft = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [ended] }));
    expect(draft.lines).toEqual([]);
    expect(nextBillOf({ cycle: usageParis, nextBillAt: iso(mar1), lastBillAt: iso(feb1), asOf: '2027-02-10T12:00:00.000Z', draft })).toBeUndefined();
  });
});

describe("this period's usage: the usage summary's current period, without the days", () => {
  const soldAt = '2027-01-16T09:00:00.000Z';
  const mobileM = { id: 'prod-1', name: 'Mobile M', terms: [usageTerm('mobile-m', soldAt)] };
  const now = '2027-02-06T11:00:00.000Z';
  const records = [record('2027-02-02T10:00:00+01:00', '1.5', 'GB'), record('2027-02-02T23:30:00+01:00', '500', 'MB'), record('2027-02-05T09:00:00+01:00', '4', 'SMS'), record('2027-02-04T09:00:00+01:00', '30', 'minute', { direction: 'outgoing' })];

  it('the current window is the summary’s: the billing period of the account’s now', () => {
    const window = currentUsageWindow({ cycle: usageParis, now });
    expect(window).toEqual(usageSummaryWindows({ cycle: usageParis, now, terms: mobileM.terms })[0]);
    expect({ start: iso(window.start), end: iso(window.end), asOf: iso(window.asOf) }).toEqual({ start: '2027-01-31T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z', asOf: now });
  });

  it('every figure of each price is the usage summary’s for the period, days left out', () => {
    const window = currentUsageWindow({ cycle: usageParis, now });
    const shown = productUsage({ product: mobileM, cycle: usageParis, pricing: usagePricing }, { window, records, more: false });
    const summary = usageSummary({ product: mobileM, cycle: usageParis, pricing: usagePricing, periods: [{ window, records, more: false }] }).periods[0]!;
    expect(shown).toEqual({
      product: { id: 'prod-1', name: 'Mobile M' },
      start: summary.start,
      end: summary.end,
      asOf: summary.asOf,
      truncated: false,
      prices: summary.usage.map(({ days: _days, ...entry }) => entry),
    });
    expect(shown.prices.map(({ usagePrice, included, used, remainingIncluded }) => [usagePrice.id, included, used, remainingIncluded])).toEqual([
      ['mobile-m-data', '20', '2', '18'],
      ['sms', '0', '4', '0'],
      ['outgoing-calls', '100', '30', '70'],
    ]);
  });

  it('a truncated period says so and counts up to where it stopped, as the summary does', () => {
    const window = currentUsageWindow({ cycle: usageParis, now });
    const shown = productUsage({ product: mobileM, cycle: usageParis, pricing: usagePricing }, { window, records, more: true });
    expect(shown).toMatchObject({ truncated: true, asOf: '2027-02-04T23:00:00.000Z' });
  });

  it('shows the usage of active products with a usage price only', () => {
    const broadband = price({ id: 'bb-monthly', name: 'Broadband monthly', priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
    const catalog = snapshot([...usagePricing.catalog.offerings.values(), offeringWith('broadband', [broadband], { name: 'Broadband' })], [...usagePricing.catalog.prices.values(), broadband]);
    const subject = { cycle: usageParis, pricing: { currency: 'EUR', catalog } };
    const window = currentUsageWindow({ cycle: usageParis, now });
    const broadbandTerm = { ...usageTerm('mobile-m', soldAt), productOffering: { id: 'broadband', href: '/po/broadband', name: 'Broadband' }, pinnedPrice: [{ id: 'bb-monthly' }] };
    expect(showsUsage({ ...mobileM, status: 'active' }, subject, window)).toBe(true);
    expect(showsUsage({ ...mobileM, status: 'suspended' }, subject, window)).toBe(false);
    expect(showsUsage({ ...mobileM, status: 'terminated' }, subject, window)).toBe(false);
    expect(showsUsage({ id: 'prod-2', name: 'Broadband', status: 'active', terms: [broadbandTerm] }, subject, window)).toBe(false);
    // A mobile plan that ended before this period: nothing of it counts usage now.
    expect(showsUsage({ ...mobileM, status: 'active', terms: [usageTerm('mobile-m', '2026-11-01T09:00:00.000Z', '2027-01-20T09:00:00.000Z')] }, subject, window)).toBe(false);
  });
});

describe('the latest bill, and the accounts in home-screen order', () => {
  const account = (id: string, name: string, isDefault = false): BillingAccount => billingAccountResource({ id, ownerId: 'cust-1', name, isDefault });

  it('a bill summary is the stored bill’s figures: number, dates, state, total and what is left to pay', () => {
    const draft = computeBill(billInput({ billDate: feb1, products: [mobile] }));
    const written = newCustomerBill(draft, { id: billIdFor('ba-1', iso(feb1)), now: iso(feb1), billingAccount: { id: 'ba-1', name: 'Ada' }, customer: { id: 'cust-1', name: 'Ada' } });
    const paid = settledByPayment(issueCustomerBill(written, '2027-000001', iso(feb1)), { id: 'pay-1' });
    expect(latestBillSummary(paid)).toEqual({
      id: written.id,
      href: written.href,
      billNo: '2027-000001',
      billDate: iso(feb1),
      paymentDueDate: '2027-02-14T23:00:00.000Z',
      state: 'settled',
      taxIncludedAmount: { unit: 'EUR', value: 15.03 },
      remainingAmount: { unit: 'EUR', value: 0 },
    });
  });

  it('the default account first, then by name, then by id; each account served as given', () => {
    const entries: AccountOverviewEntry[] = [account('ba-3', 'Zoé'), account('ba-2', 'Home'), account('ba-1', 'Ada - default', true), account('ba-0', 'Home'), account('ba-4', 'business')].map((each) =>
      accountOverviewEntry({ account: each, asOf: '2027-02-10T12:00:00.000Z', usage: [] }),
    );
    const overview = accountOverview({ customerId: 'cust-1', asOf: '2027-02-10T12:00:00.000Z', entries });
    expect(overview.accounts.map((entry) => entry.billingAccount.id)).toEqual(['ba-1', 'ba-4', 'ba-0', 'ba-2', 'ba-3']);
    expect(overview.accounts[0]!.billingAccount).toBe(entries[2]!.billingAccount);
    expect(overview.accounts[0]).toEqual({ billingAccount: entries[2]!.billingAccount, asOf: '2027-02-10T12:00:00.000Z', usage: [] });
    expect(byHomeScreenOrder(account('a', 'B', true), account('b', 'A'))).toBeLessThan(0);
  });
});

describe('the answer’s schema', () => {
  it('accepts the API reference’s example, and an overview built here', () => {
    expect(accountOverviewSchema.safeParse(accountOverviewExample).error?.issues).toBeUndefined();
    const draft = computeBill(billInput({ billDate: mar1, previousBillDate: feb1, products: [mobile], creditBroughtForward: cents(3.5) }));
    const entry = accountOverviewEntry({
      account: { ...billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' }), accountBalance: [{ balanceType: 'receivableBalance', amount: { unit: 'EUR', value: -3.5 }, validFor: { startDateTime: '2027-01-01T00:00:00.000Z' }, '@type': 'AccountBalance' }] },
      asOf: '2027-02-10T12:00:00.000Z',
      nextBill: nextBillOf({ cycle: usageParis, nextBillAt: iso(mar1), lastBillAt: iso(feb1), asOf: '2027-02-10T12:00:00.000Z', draft }),
      usage: [],
    });
    expect(accountOverviewSchema.safeParse(accountOverview({ customerId: 'cust-1', asOf: '2027-02-10T12:00:00.000Z', entries: [entry] })).error?.issues).toBeUndefined();
  });
});
