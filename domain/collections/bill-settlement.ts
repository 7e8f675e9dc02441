import { money, moneyFromTmf, moneyToTmf } from '../money/money.js';
import { unpaidStateOf } from '../billing/bill-delivery.js';
import type { CustomerBill } from '../billing/customer-bill.js';
import { RuleViolationError } from '../shared/domain-errors.js';

/**
 * What paying a bill does to it (docs/collections.md, "Bills"): each amount applied names the
 * payment (or the credit) it came from in `appliedPayment`, `remainingAmount` is what the bill
 * still owes, and the state follows: `settled` at zero, `partiallyPaid` in between, the issued
 * state (`validated` or `sent`) while nothing is paid.
 */
const paymentPath = '/tmf-api/paymentManagement/v4/payment';

/** The states of an issued bill that may still owe something. */
export const openBillStates: readonly CustomerBill['state'][] = ['validated', 'sent', 'partiallyPaid'];

export const remainingMinorOf = (bill: Pick<CustomerBill, 'remainingAmount'>): bigint => moneyFromTmf(bill.remainingAmount).amount;

export function isOpenBill(bill: Pick<CustomerBill, 'state' | 'remainingAmount' | 'billNo'>): boolean {
  return bill.billNo !== undefined && openBillStates.includes(bill.state) && remainingMinorOf(bill) > 0n;
}

/**
 * The bill owing `amountMinor` less, whatever paid it: `settled` at zero, else `partiallyPaid`.
 * Never more than it owes (RuleViolationError `allocation-exceeds-bill`), never on a bill not
 * issued or not open. The caller names where the money came from.
 */
export function payDownBill(bill: CustomerBill, amountMinor: bigint, now: string): CustomerBill {
  if (bill.state === 'onHold') throw new RuleViolationError('bill-on-hold', `bill ${bill.id} is on hold (disputed): release it before anything pays it`);
  if (!isOpenBill(bill)) throw new RuleViolationError('bill-not-open', `bill ${bill.id} is ${bill.state} and owes nothing more`);
  const currency = bill.amountDue.unit;
  const remaining = remainingMinorOf(bill);
  if (amountMinor <= 0n || amountMinor > remaining) {
    throw new RuleViolationError('allocation-exceeds-bill', `bill ${bill.id} owes ${moneyToTmf(money(remaining, currency)).value} ${currency}, not ${moneyToTmf(money(amountMinor, currency)).value}`);
  }
  const left = remaining - amountMinor;
  return { ...bill, remainingAmount: moneyToTmf(money(left, currency)), state: left === 0n ? 'settled' : 'partiallyPaid', lastUpdate: now };
}

/** The bill with `amountMinor` of payment `paymentId` applied (payDownBill), named in `appliedPayment`, merged per payment. */
export function applyPaymentToBill(bill: CustomerBill, payment: { id: string; amountMinor: bigint }, now: string): CustomerBill {
  const paid = payDownBill(bill, payment.amountMinor, now);
  const currency = bill.amountDue.unit;
  const already = bill.appliedPayment.find((applied) => applied.payment.id === payment.id);
  const appliedPayment = already
    ? bill.appliedPayment.map((applied) =>
        applied === already ? { ...applied, appliedAmount: moneyToTmf(money(moneyFromTmf(applied.appliedAmount).amount + payment.amountMinor, currency)) } : applied,
      )
    : [
        ...bill.appliedPayment,
        {
          appliedAmount: moneyToTmf(money(payment.amountMinor, currency)),
          payment: { id: payment.id, href: `${paymentPath}/${payment.id}`, '@referredType': 'Payment' as const },
          '@type': 'AppliedPayment' as const,
        },
      ];
  return { ...paid, appliedPayment };
}

/**
 * The bill with what it still owed written off as bad debt at the end of dunning: it owes
 * nothing more (`remainingAmount` 0) and says how much was written off, and when, in the
 * extension `writeOff`; its state stays what payments made it.
 */
export function writeOffBill(bill: CustomerBill, now: string): CustomerBill & { writeOff: { amount: CustomerBill['amountDue']; date: string } } {
  const currency = bill.amountDue.unit;
  return { ...bill, remainingAmount: moneyToTmf(money(0n, currency)), writeOff: { amount: bill.remainingAmount, date: now }, lastUpdate: now };
}

/** What payment `paymentId` still pays of the bill, minor units (0 when it pays nothing of it). */
export function appliedMinorOf(bill: Pick<CustomerBill, 'appliedPayment'>, paymentId: string): bigint {
  const applied = bill.appliedPayment.find((each) => each.payment.id === paymentId);
  return applied ? moneyFromTmf(applied.appliedAmount).amount : 0n;
}

/**
 * The bill with `amountMinor` of payment `paymentId` taken back (the payment refunded): its
 * `appliedPayment` entry goes down (and goes when nothing is left of it), it owes as much more,
 * and it is `partiallyPaid` while something else (a payment, a credit note, a goodwill credit) still pays it, else
 * back to its unpaid state (`sent` once delivered, else `validated`). Never more than the payment pays of it (RuleViolationError
 * `withdrawal-exceeds-applied`).
 */
export function withdrawPaymentFromBill(bill: CustomerBill, payment: { id: string; amountMinor: bigint }, now: string): CustomerBill {
  const currency = bill.amountDue.unit;
  const applied = appliedMinorOf(bill, payment.id);
  if (payment.amountMinor <= 0n || payment.amountMinor > applied) {
    throw new RuleViolationError(
      'withdrawal-exceeds-applied',
      `payment ${payment.id} pays ${moneyToTmf(money(applied, currency)).value} ${currency} of bill ${bill.id}, not ${moneyToTmf(money(payment.amountMinor, currency)).value}`,
    );
  }
  const appliedPayment = bill.appliedPayment.flatMap((each) => {
    if (each.payment.id !== payment.id) return [each];
    const left = applied - payment.amountMinor;
    return left > 0n ? [{ ...each, appliedAmount: moneyToTmf(money(left, currency)) }] : [];
  });
  const stillPaid = [...appliedPayment, ...(bill.appliedCreditNote ?? []), ...(bill.appliedGoodwillCredit ?? [])].reduce((sum, each) => sum + moneyFromTmf(each.appliedAmount).amount, 0n);
  const unpaidState = stillPaid > 0n ? ('partiallyPaid' as const) : unpaidStateOf(bill);
  return {
    ...bill,
    remainingAmount: moneyToTmf(money(remainingMinorOf(bill) + payment.amountMinor, currency)),
    appliedPayment,
    // A bill on hold stays held: the refund changes only the state it goes back to when released.
    ...(bill.state === 'onHold' && bill.hold ? { hold: { ...bill.hold, previousState: unpaidState } } : { state: unpaidState }),
    lastUpdate: now,
  };
}
