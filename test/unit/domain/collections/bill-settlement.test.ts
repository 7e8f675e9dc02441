import { describe, expect, it } from 'vitest';
import { addCredit, totalCreditMinor, useCredit } from '../../../../domain/collections/account-credit.js';
import { accountBalanceOf, balanceOfEntries, ledgerEntry, paymentStatusOf, withAccountBalance } from '../../../../domain/collections/account-ledger.js';
import { applyPaymentToBill, isOpenBill } from '../../../../domain/collections/bill-settlement.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf666, tmf678 } from '../../../support/tmf-schema.js';
import { openBill } from './collections-fixtures.js';

const now = '2027-02-03T10:00:00.000Z';

describe('paying a bill', () => {
  it('a part leaves it partiallyPaid with what it still owes; the rest settles it; each payment named once with what it gave', () => {
    const part = applyPaymentToBill(openBill('b1', 29.03), { id: 'pay-1', amountMinor: 1000n }, now);
    expect(part).toMatchObject({ state: 'partiallyPaid', remainingAmount: { unit: 'EUR', value: 19.03 }, lastUpdate: now });
    const more = applyPaymentToBill(part, { id: 'pay-1', amountMinor: 3n }, now);
    const settled = applyPaymentToBill(more, { id: 'pay-2', amountMinor: 1900n }, now);
    expect(settled).toMatchObject({ state: 'settled', remainingAmount: { unit: 'EUR', value: 0 } });
    expect(settled.appliedPayment.map((applied) => [applied.payment.id, applied.appliedAmount.value])).toEqual([
      ['pay-1', 10.03],
      ['pay-2', 19],
    ]);
    expect(isOpenBill(settled)).toBe(false);
    expectValidTmf(tmf678, 'CustomerBill', settled);
  });

  it('never more than it owes, never on a bill settled or not issued', () => {
    expect(() => applyPaymentToBill(openBill('b1', 10), { id: 'pay-1', amountMinor: 1001n }, now)).toThrow(RuleViolationError);
    const settled = applyPaymentToBill(openBill('b1', 10), { id: 'pay-1', amountMinor: 1000n }, now);
    expect(() => applyPaymentToBill(settled, { id: 'pay-2', amountMinor: 1n }, now)).toThrow(/owes nothing more/);
    const { billNo: _none, ...draft } = openBill('b2', 10);
    expect(isOpenBill({ ...draft, state: 'new' })).toBe(false);
  });
});

describe('account credit', () => {
  it('is used oldest first, up to what is owed; emptied sources are dropped, credit from one payment merged', () => {
    let sources = addCredit([], { paymentId: 'pay-2', amountMinor: 500n, since: '2027-02-02T00:00:00Z' });
    sources = addCredit(sources, { paymentId: 'pay-1', amountMinor: 300n, since: '2027-02-01T00:00:00Z' });
    sources = addCredit(sources, { paymentId: 'pay-2', amountMinor: 100n, since: '2027-02-05T00:00:00Z' });
    expect(sources.map((source) => [source.paymentId, source.amountMinor])).toEqual([
      ['pay-1', 300n],
      ['pay-2', 600n],
    ]);
    const { used, left } = useCredit(sources, 400n);
    expect(used).toEqual([
      { paymentId: 'pay-1', amountMinor: 300n },
      { paymentId: 'pay-2', amountMinor: 100n },
    ]);
    expect(left.map((source) => [source.paymentId, source.amountMinor])).toEqual([['pay-2', 500n]]);
    expect(useCredit(left, 10_000n).used).toEqual([{ paymentId: 'pay-2', amountMinor: 500n }]);
    expect(totalCreditMinor(useCredit(left, 10_000n).left)).toBe(0n);
  });
});

describe('ledger and balance', () => {
  const entry = (kind: 'bill' | 'payment', id: string, amountMinor: bigint) =>
    ledgerEntry({ billingAccountId: 'ba-1', kind, amountMinor, currency: 'EUR', recordedAt: now, reference: { id, href: `/x/${id}`, '@referredType': kind === 'bill' ? 'CustomerBill' : 'Payment' }, description: kind });

  it("an entry's id says what it records; the balance is the entries' sum; paymentStatus follows it", () => {
    const entries = [entry('bill', 'b1', 2903n), entry('payment', 'pay-1', -1000n)];
    expect(entries[0]!.id).toBe('bill-b1');
    expect(balanceOfEntries(entries)).toBe(1903n);
    expect(paymentStatusOf(1903n)).toBe('due');
    expect(paymentStatusOf(1903n, '2027-02-15T00:00:00Z')).toBe('overdue');
    expect(paymentStatusOf(0n)).toBe('paidUp');
    expect(paymentStatusOf(-500n, '2027-02-15T00:00:00Z')).toBe('paidUp');
  });

  it('the account is served with its balance as TMF666 accountBalance', () => {
    expect(accountBalanceOf(-1250n, 'EUR', '2027-01-01T00:00:00Z')).toEqual({
      balanceType: 'receivableBalance',
      amount: { unit: 'EUR', value: -12.5 },
      validFor: { startDateTime: '2027-01-01T00:00:00Z' },
      '@type': 'AccountBalance',
    });
    const account = withAccountBalance({ id: 'ba-1', name: 'A', relatedParty: [{ id: 'cust-1', name: 'Ada', '@referredType': 'Customer' }], currency: 'EUR', createdAt: '2027-01-01T00:00:00Z', paymentStatus: 'paidUp' as const }, { balanceMinor: 2903n });
    expect(account.paymentStatus).toBe('due');
    expectValidTmf(tmf666, 'BillingAccount', account);
  });
});
