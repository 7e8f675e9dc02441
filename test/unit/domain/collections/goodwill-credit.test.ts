import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerBill } from '../../../../domain/billing/customer-bill.js';
import { addCredit, takeBackCredit, totalCreditMinor, useCredit, type CreditSource } from '../../../../domain/collections/account-credit.js';
import { applyPaymentToBill, remainingMinorOf, withdrawPaymentFromBill } from '../../../../domain/collections/bill-settlement.js';
import { applyGoodwillCreditToBill, goodwillCreditCreateSchema, goodwillCreditEntry, newGoodwillCredit } from '../../../../domain/collections/goodwill-credit.js';
import { moneyFromTmf } from '../../../../domain/money/money.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { billingAccountResource } from '../../../support/fixtures.js';
import { expectValidTmf, tmf678 } from '../../../support/tmf-schema.js';
import { openBill } from './collections-fixtures.js';

const now = '2027-03-05T10:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const minor = (amount: { unit: string; value: number }) => moneyFromTmf(amount).amount;

describe('a goodwill credit', () => {
  it('is the account’s, in its currency, dated at the customer’s time, its customer named; its ledger entry an adjustment of minus the amount', () => {
    const account = billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', name: 'Ada at home', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } });
    const credit = newGoodwillCredit({ id: 'gc-1', account, amountMinor: 1250n, reason: 'two days without service', date: now });
    expect(credit).toEqual({
      id: 'gc-1',
      href: '/collections/v1/goodwillCredit/gc-1',
      '@type': 'GoodwillCredit',
      billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Ada at home', '@referredType': 'BillingAccount' },
      relatedParty: [expect.objectContaining({ id: 'cust-1', '@referredType': 'Customer' })],
      amount: eur(12.5),
      reason: 'two days without service',
      date: now,
      testClock: { id: 'clock-1' },
    });
    expect(goodwillCreditEntry(credit)).toMatchObject({
      id: 'adjustment-gc-1',
      kind: 'adjustment',
      amount: eur(-12.5),
      recordedAt: now,
      reference: { id: 'gc-1', href: '/collections/v1/goodwillCredit/gc-1', '@referredType': 'GoodwillCredit' },
      testClock: { id: 'clock-1' },
    });
    expect(() => newGoodwillCredit({ id: 'gc-2', account, amountMinor: 0n, reason: 'x', date: now })).toThrow(RuleViolationError);
  });

  it('is asked for with an account, an amount and a reason of 1 to 500 characters, nothing else', () => {
    const body = { billingAccount: { id: 'ba-1' }, amount: eur(5), reason: 'sorry' };
    expect(goodwillCreditCreateSchema.safeParse(body).success).toBe(true);
    expect(goodwillCreditCreateSchema.safeParse({ ...body, reason: undefined }).success).toBe(false);
    expect(goodwillCreditCreateSchema.safeParse({ ...body, reason: ' ' }).success).toBe(false);
    expect(goodwillCreditCreateSchema.safeParse({ ...body, reason: 'x'.repeat(501) }).success).toBe(false);
    expect(goodwillCreditCreateSchema.safeParse({ ...body, date: now }).success).toBe(false);
  });
});

describe('a goodwill credit paying a bill', () => {
  it('names it in appliedGoodwillCredit, merged per credit; partiallyPaid, then settled at zero', () => {
    const part = applyGoodwillCreditToBill(openBill('b1', 29.03), { id: 'gc-1', amountMinor: 1000n }, now);
    expect(part).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(19.03), lastUpdate: now, appliedPayment: [] });
    const settled = applyGoodwillCreditToBill(part, { id: 'gc-1', amountMinor: 1903n }, now);
    expect(settled).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    expect(settled.appliedGoodwillCredit).toEqual([{ goodwillCredit: { id: 'gc-1', href: '/collections/v1/goodwillCredit/gc-1' }, appliedAmount: eur(29.03) }]);
    expectValidTmf(tmf678, 'CustomerBill', settled);
  });

  it('never more than the bill owes, never a bill owing nothing', () => {
    expect(() => applyGoodwillCreditToBill(openBill('b1', 10), { id: 'gc-1', amountMinor: 1001n }, now)).toThrow(/owes 10 EUR/);
    const settled = applyGoodwillCreditToBill(openBill('b1', 10), { id: 'gc-1', amountMinor: 1000n }, now);
    expect(() => applyGoodwillCreditToBill(settled, { id: 'gc-2', amountMinor: 1n }, now)).toThrow(/owes nothing more/);
  });

  it('keeps a bill partiallyPaid when a refund takes back the payment beside it', () => {
    const paid = applyPaymentToBill(applyGoodwillCreditToBill(openBill('b1', 10), { id: 'gc-1', amountMinor: 400n }, now), { id: 'pay-1', amountMinor: 600n }, now);
    expect(withdrawPaymentFromBill(paid, { id: 'pay-1', amountMinor: 600n }, now)).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(6) });
  });

  it('as account credit: used like any other, but never taken back by a refund', () => {
    const sources = addCredit([], { paymentId: 'gc-1', from: 'GoodwillCredit', amountMinor: 500n, since: now });
    expect(useCredit(sources, 200n).used).toEqual([{ paymentId: 'gc-1', from: 'GoodwillCredit', amountMinor: 200n }]);
    expect(takeBackCredit(sources, 'gc-1', 500n)).toEqual({ takenMinor: 0n, left: sources });
  });
});

describe('goodwill credit over open bills (property)', () => {
  it('no bill owes less than zero, and credit plus what the bills owe goes down by exactly what the bills took', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40_000 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 4 }), (billMinors, grants) => {
        let bills: CustomerBill[] = billMinors.map((each, index) => openBill(`b${index}`, each / 100));
        let credit: CreditSource[] = [];
        const owedBefore = bills.reduce((sum, bill) => sum + remainingMinorOf(bill), 0n);
        const granted = grants.reduce((sum, each) => sum + BigInt(each), 0n);
        grants.forEach((each, index) => {
          credit = addCredit(credit, { paymentId: `gc-${index}`, from: 'GoodwillCredit', amountMinor: BigInt(each), since: `2027-03-0${index + 1}T00:00:00.000Z` });
          bills = bills.map((bill) => {
            const owed = remainingMinorOf(bill);
            if (owed === 0n) return bill;
            const { used, left } = useCredit(credit, owed);
            credit = left;
            return used.reduce((current, part) => applyGoodwillCreditToBill(current, { id: part.paymentId, amountMinor: part.amountMinor }, now), bill);
          });
        });
        const owedAfter = bills.reduce((sum, bill) => sum + remainingMinorOf(bill), 0n);
        expect(owedAfter - totalCreditMinor(credit)).toBe(owedBefore - granted);
        for (const bill of bills) {
          const applied = (bill.appliedGoodwillCredit ?? []).reduce((sum, each) => sum + minor(each.appliedAmount), 0n);
          expect(remainingMinorOf(bill)).toBeGreaterThanOrEqual(0n);
          expect(applied + remainingMinorOf(bill)).toBe(minor(bill.amountDue));
        }
        // Credit is left only once every bill is paid.
        if (totalCreditMinor(credit) > 0n) expect(owedAfter).toBe(0n);
      }),
      { numRuns: 200 },
    );
  });
});
