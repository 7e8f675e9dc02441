import { describe, expect, it } from 'vitest';
import { allocateInOrder, allocatePayment, oldestFirst, type OpenBill } from '../../../../domain/collections/payment-allocation.js';
import { inputProblemsOf } from '../../../support/input-problems.js';

const bill = (id: string, remainingMinor: bigint, paymentDueDate: string, billDate = '2027-01-01T00:00:00Z'): OpenBill => ({ id, remainingMinor, paymentDueDate, billDate });
const format = (minor: bigint) => `${minor} cents`;
const march = bill('march', 3000n, '2027-03-15T00:00:00Z');
const january = bill('january', 1000n, '2027-01-15T00:00:00Z');
const february = bill('february', 2000n, '2027-02-15T00:00:00Z');
const open = [march, january, february];


describe('payment allocation (docs/collections.md, "Allocation")', () => {
  it('without names, pays the oldest open bills first (by due date) and leaves the rest as credit', () => {
    expect(oldestFirst(open).map((each) => each.id)).toEqual(['january', 'february', 'march']);
    expect(allocatePayment({ amountMinor: 2500n, openBills: open, formatMinor: format })).toEqual({
      allocations: [
        { billId: 'january', amountMinor: 1000n },
        { billId: 'february', amountMinor: 1500n },
      ],
      unappliedMinor: 0n,
    });
    expect(allocatePayment({ amountMinor: 7000n, openBills: open, formatMinor: format })).toEqual({
      allocations: [
        { billId: 'january', amountMinor: 1000n },
        { billId: 'february', amountMinor: 2000n },
        { billId: 'march', amountMinor: 3000n },
      ],
      unappliedMinor: 1000n,
    });
  });

  it('equal due dates go by bill date, then id', () => {
    const a = bill('a', 100n, '2027-02-15T00:00:00Z', '2027-02-01T00:00:00Z');
    const b = bill('b', 100n, '2027-02-15T00:00:00Z', '2027-01-20T00:00:00Z');
    const c = bill('c', 100n, '2027-02-15T00:00:00Z', '2027-01-20T00:00:00Z');
    expect(oldestFirst([a, c, b]).map((each) => each.id)).toEqual(['b', 'c', 'a']);
  });

  it('named bills take their explicit amounts first, then the others named share what is left in the order named; the rest is credit', () => {
    expect(
      allocatePayment({
        amountMinor: 4000n,
        named: [{ billId: 'march' }, { billId: 'january', amountMinor: 500n }],
        openBills: open,
        formatMinor: format,
      }),
    ).toEqual({
      allocations: [
        { billId: 'march', amountMinor: 3000n },
        { billId: 'january', amountMinor: 500n },
      ],
      unappliedMinor: 500n,
    });
  });

  it('a named bill that can take nothing more is left out rather than given zero', () => {
    expect(allocatePayment({ amountMinor: 1000n, named: [{ billId: 'january', amountMinor: 1000n }, { billId: 'march' }], openBills: open, formatMinor: format })).toEqual({
      allocations: [{ billId: 'january', amountMinor: 1000n }],
      unappliedMinor: 0n,
    });
  });

  it('refuses, naming the item, a bill that is not an open bill of the account (another customer’s, paid, unknown), named twice, or given more than it owes', () => {
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 1000n, named: [{ billId: 'someone-elses' }], openBills: open, formatMinor: format }))).toEqual([
      { field: 'paymentItem[0].item.id', problem: 'bill someone-elses is not an open bill of this billing account' },
    ]);
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 5000n, named: [{ billId: 'january' }, { billId: 'january' }], openBills: open, formatMinor: format }))).toEqual([
      { field: 'paymentItem[1].item.id', problem: 'bill january is named twice' },
    ]);
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 5000n, named: [{ billId: 'january', amountMinor: 1001n }], openBills: open, formatMinor: format }))).toEqual([
      { field: 'paymentItem[0].totalAmount.value', problem: 'exceeds what bill january still owes (1000 cents)' },
    ]);
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 5000n, named: [{ billId: 'january', amountMinor: 0n }], openBills: open, formatMinor: format }))).toEqual([
      { field: 'paymentItem[0].totalAmount.value', problem: 'must be positive' },
    ]);
  });

  it('refuses items that add up to more than the payment, and a payment that is not positive', () => {
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 2000n, named: [{ billId: 'january', amountMinor: 1000n }, { billId: 'february', amountMinor: 1500n }], openBills: open, formatMinor: format }))).toEqual([
      { field: 'paymentItem', problem: 'allocates 2500 cents, more than the payment\'s 2000 cents' },
    ]);
    expect(inputProblemsOf(() => allocatePayment({ amountMinor: 0n, openBills: open, formatMinor: format }))).toEqual([{ field: 'totalAmount.value', problem: 'must be positive' }]);
  });

  it('allocateInOrder never gives a bill more than it owes nor more than there is', () => {
    expect(allocateInOrder(1500n, [january, february])).toEqual({ allocations: [{ billId: 'january', amountMinor: 1000n }, { billId: 'february', amountMinor: 500n }], unappliedMinor: 0n });
    expect(allocateInOrder(500n, [])).toEqual({ allocations: [], unappliedMinor: 500n });
  });
});
