import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerBill } from '../../../../domain/billing/customer-bill.js';
import { addCredit, totalCreditMinor, useCredit, type CreditSource } from '../../../../domain/collections/account-credit.js';
import { balanceOfEntries, ledgerEntry, type LedgerEntry } from '../../../../domain/collections/account-ledger.js';
import { applyPaymentToBill, isOpenBill, remainingMinorOf } from '../../../../domain/collections/bill-settlement.js';
import { allocatePayment } from '../../../../domain/collections/payment-allocation.js';
import { moneyFromTmf } from '../../../../domain/money/money.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { openBill } from './collections-fixtures.js';

/**
 * docs/collections.md's invariants over random histories of an account: bills issued (each
 * paid first from the account's credit, as collection does), payments of any size, named or
 * not (some refused as the API would), in any order. After every step: the balance is the sum of
 * the ledger's entries and equals what the bills still owe minus the credit; no bill owes less
 * than zero or was paid more than it was due; every payment is fully accounted for (what bills
 * got from it, directly or later as credit, plus its credit still waiting).
 */
const step = fc.oneof(
  fc.record({ kind: fc.constant('bill' as const), minor: fc.integer({ min: 0, max: 50_000 }) }),
  fc.record({
    kind: fc.constant('payment' as const),
    minor: fc.integer({ min: 1, max: 60_000 }),
    named: fc.option(fc.array(fc.record({ pick: fc.nat(), amount: fc.option(fc.integer({ min: 1, max: 30_000 })) }), { minLength: 1, maxLength: 3 })),
  }),
);

describe('collections invariants (property)', () => {
  it('no operation creates or loses a cent', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const bills = new Map<string, CustomerBill>();
        const ledger: LedgerEntry[] = [];
        let credit: CreditSource[] = [];
        /** Per payment: its amount, and what bills got from it. */
        const payments = new Map<string, { amount: bigint; applied: bigint }>();
        const now = '2027-02-01T00:00:00.000Z';
        const enter = (kind: 'bill' | 'payment', id: string, minor: bigint) =>
          ledger.push(ledgerEntry({ billingAccountId: 'ba-1', kind, amountMinor: minor, currency: 'EUR', recordedAt: now, reference: { id, href: `/x/${id}`, '@referredType': kind === 'bill' ? 'CustomerBill' : 'Payment' }, description: kind }));
        const pay = (billId: string, paymentId: string, minor: bigint) => {
          bills.set(billId, applyPaymentToBill(bills.get(billId)!, { id: paymentId, amountMinor: minor }, now));
          payments.get(paymentId)!.applied += minor;
        };

        steps.forEach((each, index) => {
          if (each.kind === 'bill') {
            const id = `b${index}`;
            const day = String(1 + (index % 28)).padStart(2, '0');
            bills.set(id, openBill(id, each.minor / 100, { paymentDueDate: `2027-03-${day}T00:00:00.000Z` }));
            enter('bill', id, BigInt(each.minor));
            if (!isOpenBill(bills.get(id)!)) return;
            const { used, left } = useCredit(credit, remainingMinorOf(bills.get(id)!));
            for (const part of used) pay(id, part.paymentId, part.amountMinor);
            credit = left;
            return;
          }
          const paymentId = `p${index}`;
          const open = [...bills.values()].filter(isOpenBill).map((bill) => ({ id: bill.id, remainingMinor: remainingMinorOf(bill), paymentDueDate: bill.paymentDueDate, billDate: bill.billDate }));
          const ids = [...bills.keys()];
          const named = each.named?.map((choice) => ({ billId: ids.length > 0 ? ids[choice.pick % ids.length]! : 'none', ...(choice.amount !== null ? { amountMinor: BigInt(choice.amount) } : {}) }));
          let allocation;
          try {
            allocation = allocatePayment({ amountMinor: BigInt(each.minor), ...(named ? { named } : {}), openBills: open, formatMinor: String });
          } catch (error) {
            // Refused as the API refuses it: nothing is written.
            expect(error).toBeInstanceOf(InvalidInputError);
            return;
          }
          payments.set(paymentId, { amount: BigInt(each.minor), applied: 0n });
          enter('payment', paymentId, -BigInt(each.minor));
          for (const part of allocation.allocations) pay(part.billId, paymentId, part.amountMinor);
          credit = addCredit(credit, { paymentId, amountMinor: allocation.unappliedMinor, since: now });

          const allocated = allocation.allocations.reduce((sum, part) => sum + part.amountMinor, 0n);
          expect(allocated + allocation.unappliedMinor).toBe(BigInt(each.minor));
        });

        const owed = [...bills.values()].reduce((sum, bill) => sum + remainingMinorOf(bill), 0n);
        expect(balanceOfEntries(ledger)).toBe(owed - totalCreditMinor(credit));
        for (const bill of bills.values()) {
          const due = moneyFromTmf(bill.amountDue).amount;
          const paid = bill.appliedPayment.reduce((sum, applied) => sum + moneyFromTmf(applied.appliedAmount).amount, 0n);
          expect(remainingMinorOf(bill)).toBeGreaterThanOrEqual(0n);
          expect(paid + remainingMinorOf(bill)).toBe(due);
          expect(bill.state).toBe(remainingMinorOf(bill) === 0n ? (due === 0n ? 'validated' : 'settled') : paid === 0n ? 'validated' : 'partiallyPaid');
        }
        for (const [id, payment] of payments) {
          const waiting = credit.find((source) => source.paymentId === id)?.amountMinor ?? 0n;
          expect(payment.applied + waiting).toBe(payment.amount);
        }
      }),
      { numRuns: 300 },
    );
  });
});
