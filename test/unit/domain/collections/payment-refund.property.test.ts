import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerBill } from '../../../../domain/billing/customer-bill.js';
import { addCredit, takeBackCredit, totalCreditMinor, useCredit, type CreditSource } from '../../../../domain/collections/account-credit.js';
import { balanceOfEntries, ledgerEntry, type LedgerEntry, type LedgerEntryKind } from '../../../../domain/collections/account-ledger.js';
import { appliedMinorOf, applyPaymentToBill, isOpenBill, remainingMinorOf, withdrawPaymentFromBill } from '../../../../domain/collections/bill-settlement.js';
import { allocatePayment } from '../../../../domain/collections/payment-allocation.js';
import { planRefund } from '../../../../domain/collections/payment-refund.js';
import { moneyFromTmf } from '../../../../domain/money/money.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { openBill } from './collections-fixtures.js';

/**
 * docs/collections.md's invariants over random histories mixing bills (paid first from the
 * credit), payments and refunds of any of them, of any size (some refused as the API refuses
 * them). After every step: the balance is the sum of the ledger's entries and equals what the
 * bills still owe minus the credit; no payment is refunded more than it paid; every payment is
 * fully accounted for (what bills hold of it, its credit waiting, what was refunded of it).
 */
const step = fc.oneof(
  fc.record({ kind: fc.constant('bill' as const), minor: fc.integer({ min: 0, max: 50_000 }) }),
  fc.record({ kind: fc.constant('payment' as const), minor: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), minor: fc.integer({ min: 1, max: 60_000 }), whole: fc.boolean() }),
);

describe('refunds keep every cent accounted for (property)', () => {
  it('refunds never exceed what was paid; balance = ledger = bills owed − credit after any mix of payments and refunds', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const bills = new Map<string, CustomerBill>();
        const ledger: LedgerEntry[] = [];
        let credit: CreditSource[] = [];
        const payments = new Map<string, { amount: bigint; refunded: bigint }>();
        const now = '2027-02-01T00:00:00.000Z';
        const enter = (kind: LedgerEntryKind, id: string, minor: bigint) =>
          ledger.push(ledgerEntry({ billingAccountId: 'ba-1', kind, amountMinor: minor, currency: 'EUR', recordedAt: now, reference: { id, href: `/x/${id}`, '@referredType': 'Payment' }, description: kind }));

        steps.forEach((each, index) => {
          if (each.kind === 'bill') {
            const id = `b${index}`;
            const day = String(1 + (index % 28)).padStart(2, '0');
            bills.set(id, openBill(id, each.minor / 100, { billDate: `2027-02-${day}T00:00:00.000Z`, paymentDueDate: `2027-03-${day}T00:00:00.000Z` }));
            enter('bill', id, BigInt(each.minor));
            if (!isOpenBill(bills.get(id)!)) return;
            const { used, left } = useCredit(credit, remainingMinorOf(bills.get(id)!));
            for (const part of used) bills.set(id, applyPaymentToBill(bills.get(id)!, { id: part.paymentId, amountMinor: part.amountMinor }, now));
            credit = left;
          } else if (each.kind === 'payment') {
            const paymentId = `p${index}`;
            const open = [...bills.values()].filter(isOpenBill).map((bill) => ({ id: bill.id, remainingMinor: remainingMinorOf(bill), paymentDueDate: bill.paymentDueDate, billDate: bill.billDate }));
            const allocation = allocatePayment({ amountMinor: BigInt(each.minor), openBills: open, formatMinor: String });
            payments.set(paymentId, { amount: BigInt(each.minor), refunded: 0n });
            enter('payment', paymentId, -BigInt(each.minor));
            for (const part of allocation.allocations) bills.set(part.billId, applyPaymentToBill(bills.get(part.billId)!, { id: paymentId, amountMinor: part.amountMinor }, now));
            credit = addCredit(credit, { paymentId, amountMinor: allocation.unappliedMinor, since: now });
          } else {
            const ids = [...payments.keys()];
            if (ids.length === 0) return;
            const paymentId = ids[each.pick % ids.length]!;
            const payment = payments.get(paymentId)!;
            const amountMinor = each.whole ? payment.amount - payment.refunded : BigInt(each.minor);
            const paidBills = [...bills.values()].filter((bill) => appliedMinorOf(bill, paymentId) > 0n);
            let plan;
            try {
              plan = planRefund({
                paymentId,
                paidMinor: payment.amount,
                refundedBeforeMinor: payment.refunded,
                amountMinor,
                creditMinor: credit.find((source) => source.paymentId === paymentId)?.amountMinor ?? 0n,
                bills: paidBills.map((bill) => ({ id: bill.id, billDate: bill.billDate, paymentDueDate: bill.paymentDueDate, appliedMinor: appliedMinorOf(bill, paymentId) })),
                formatMinor: String,
              });
            } catch (error) {
              // Refused as the API refuses it (nothing left, or more than is left): nothing is written.
              if (amountMinor <= 0n) return;
              expect(error).toBeInstanceOf(RuleViolationError);
              expect(amountMinor).toBeGreaterThan(payment.amount - payment.refunded);
              return;
            }
            expect(plan.unplacedMinor).toBe(0n);
            expect(plan.fromCreditMinor + plan.bills.reduce((sum, part) => sum + part.amountMinor, 0n)).toBe(amountMinor);
            credit = takeBackCredit(credit, paymentId, plan.fromCreditMinor).left;
            for (const part of plan.bills) bills.set(part.billId, withdrawPaymentFromBill(bills.get(part.billId)!, { id: paymentId, amountMinor: part.amountMinor }, now));
            payment.refunded += amountMinor;
            enter('refund', `r${index}`, amountMinor);
          }

          const owed = [...bills.values()].reduce((sum, bill) => sum + remainingMinorOf(bill), 0n);
          expect(balanceOfEntries(ledger)).toBe(owed - totalCreditMinor(credit));
          for (const bill of bills.values()) {
            const due = moneyFromTmf(bill.amountDue).amount;
            const paid = bill.appliedPayment.reduce((sum, applied) => sum + moneyFromTmf(applied.appliedAmount).amount, 0n);
            expect(paid + remainingMinorOf(bill)).toBe(due);
            expect(bill.state).toBe(remainingMinorOf(bill) === 0n ? (due === 0n ? 'validated' : 'settled') : paid === 0n ? 'validated' : 'partiallyPaid');
          }
          for (const [id, payment] of payments) {
            const held = [...bills.values()].reduce((sum, bill) => sum + appliedMinorOf(bill, id), 0n);
            const waiting = credit.find((source) => source.paymentId === id)?.amountMinor ?? 0n;
            expect(payment.refunded).toBeLessThanOrEqual(payment.amount);
            expect(held + waiting + payment.refunded).toBe(payment.amount);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
