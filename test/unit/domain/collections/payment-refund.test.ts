import { describe, expect, it } from 'vitest';
import { takeBackCredit } from '../../../../domain/collections/account-credit.js';
import { appliedMinorOf, applyPaymentToBill, isOpenBill, withdrawPaymentFromBill } from '../../../../domain/collections/bill-settlement.js';
import { billsPerRefund, isBillPayment, planRefund } from '../../../../domain/collections/payment-refund.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf678 } from '../../../support/tmf-schema.js';
import { openBill } from './collections-fixtures.js';

const now = '2027-03-05T10:00:00.000Z';
const paidBill = (id: string, billDate: string, appliedMinor: bigint) => ({ id, billDate, paymentDueDate: billDate, appliedMinor });
const plan = (input: Partial<Parameters<typeof planRefund>[0]>) =>
  planRefund({ paymentId: 'pay-1', paidMinor: 6000n, refundedBeforeMinor: 0n, amountMinor: 1000n, creditMinor: 0n, bills: [], formatMinor: String, ...input });

describe('a refund of a bill payment', () => {
  it('comes out of the credit the payment left first, then its bills, most recent first', () => {
    const bills = [paidBill('jan', '2027-01-01', 2000n), paidBill('mar', '2027-03-01', 1500n), paidBill('feb', '2027-02-01', 1000n)];
    expect(plan({ amountMinor: 500n, creditMinor: 800n, bills })).toEqual({ fromCreditMinor: 500n, bills: [], unplacedMinor: 0n });
    expect(plan({ amountMinor: 3000n, creditMinor: 800n, bills })).toEqual({
      fromCreditMinor: 800n,
      bills: [
        { billId: 'mar', amountMinor: 1500n },
        { billId: 'feb', amountMinor: 700n },
      ],
      unplacedMinor: 0n,
    });
  });

  it('never more than was paid minus what earlier refunds paid back; never nothing or less', () => {
    const bills = [paidBill('jan', '2027-01-01', 6000n)];
    expect(plan({ amountMinor: 2000n, refundedBeforeMinor: 4000n, bills: [paidBill('jan', '2027-01-01', 2000n)] }).bills).toEqual([{ billId: 'jan', amountMinor: 2000n }]);
    expect(() => plan({ amountMinor: 2001n, refundedBeforeMinor: 4000n, bills })).toThrow(expect.objectContaining({ rule: 'refund-exceeds-payment' }));
    expect(() => plan({ amountMinor: 6001n, bills })).toThrow(RuleViolationError);
    for (const amountMinor of [0n, -1n]) {
      try {
        plan({ amountMinor, bills });
        expect.unreachable('a refund that is not positive is refused');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['totalAmount.value']);
      }
    }
  });

  it('says what neither the credit nor the bills read hold (what was read moved meanwhile)', () => {
    expect(plan({ amountMinor: 1000n, creditMinor: 300n, bills: [paidBill('jan', '2027-01-01', 200n)] }).unplacedMinor).toBe(500n);
  });

  it(`reopens at most ${billsPerRefund} bills in one refund`, () => {
    const bills = Array.from({ length: billsPerRefund + 1 }, (_, index) => paidBill(`b${index}`, `2027-01-${String(1 + (index % 28)).padStart(2, '0')}`, 1n));
    expect(() => plan({ paidMinor: 100n, amountMinor: BigInt(billsPerRefund + 1), bills })).toThrow(expect.objectContaining({ rule: 'refund-spans-too-many-bills' }));
    expect(plan({ paidMinor: 100n, amountMinor: BigInt(billsPerRefund), bills }).bills).toHaveLength(billsPerRefund);
  });

  it('is only for payments of bills and credit, not of orders', () => {
    const item = (referredType: 'CustomerBill' | 'BillingAccount' | 'ProductOrder') => ({ item: { '@referredType': referredType } });
    expect(isBillPayment({ paymentItem: [item('CustomerBill'), item('BillingAccount')] } as never)).toBe(true);
    expect(isBillPayment({ paymentItem: [item('BillingAccount')] } as never)).toBe(true);
    expect(isBillPayment({ paymentItem: [item('ProductOrder')] } as never)).toBe(false);
    expect(isBillPayment({ paymentItem: [] } as never)).toBe(false);
  });
});

describe('taking a payment back from a bill', () => {
  it('a settled bill owes the amount again and is partiallyPaid while another payment still pays it; its entry for the payment goes down', () => {
    const settled = applyPaymentToBill(applyPaymentToBill(openBill('b1', 30), { id: 'pay-1', amountMinor: 1000n }, now), { id: 'pay-2', amountMinor: 2000n }, now);
    const reopened = withdrawPaymentFromBill(settled, { id: 'pay-2', amountMinor: 500n }, now);
    expect(reopened).toMatchObject({ state: 'partiallyPaid', remainingAmount: { unit: 'EUR', value: 5 }, lastUpdate: now });
    expect(reopened.appliedPayment.map((applied) => [applied.payment.id, applied.appliedAmount.value])).toEqual([
      ['pay-1', 10],
      ['pay-2', 15],
    ]);
    expect(isOpenBill(reopened)).toBe(true);
    expectValidTmf(tmf678, 'CustomerBill', reopened);
  });

  it('back to validated, its issued state, when nothing pays it any more; the emptied entry goes', () => {
    const settled = applyPaymentToBill(openBill('b1', 30), { id: 'pay-1', amountMinor: 3000n }, now);
    const reopened = withdrawPaymentFromBill(settled, { id: 'pay-1', amountMinor: 3000n }, now);
    expect(reopened).toMatchObject({ state: 'validated', remainingAmount: { unit: 'EUR', value: 30 }, appliedPayment: [] });
    expect(appliedMinorOf(reopened, 'pay-1')).toBe(0n);
  });

  it('never more than the payment pays of it, nor from a payment that pays nothing of it', () => {
    const paid = applyPaymentToBill(openBill('b1', 30), { id: 'pay-1', amountMinor: 1000n }, now);
    expect(() => withdrawPaymentFromBill(paid, { id: 'pay-1', amountMinor: 1001n }, now)).toThrow(expect.objectContaining({ rule: 'withdrawal-exceeds-applied' }));
    expect(() => withdrawPaymentFromBill(paid, { id: 'pay-9', amountMinor: 1n }, now)).toThrow(RuleViolationError);
    expect(() => withdrawPaymentFromBill(paid, { id: 'pay-1', amountMinor: 0n }, now)).toThrow(RuleViolationError);
  });
});

describe('taking credit back', () => {
  it("takes only the refunded payment's credit, up to what is asked; an emptied source is dropped", () => {
    const sources = [
      { paymentId: 'pay-1', amountMinor: 300n, since: '2027-02-01' },
      { paymentId: 'pay-2', amountMinor: 500n, since: '2027-02-02' },
    ];
    expect(takeBackCredit(sources, 'pay-2', 200n)).toEqual({ takenMinor: 200n, left: [sources[0], { ...sources[1], amountMinor: 300n }] });
    expect(takeBackCredit(sources, 'pay-1', 900n)).toEqual({ takenMinor: 300n, left: [sources[1]] });
    expect(takeBackCredit(sources, 'pay-3', 100n)).toEqual({ takenMinor: 0n, left: sources });
  });
});
