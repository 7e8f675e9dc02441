import type { Payment } from '../payments/payment.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';

/**
 * Refunding a bill payment (docs/collections.md, "Refunds"): never more than was paid minus
 * what earlier refunds paid back. The money comes back from where the payment's money still is:
 * first its credit not yet used, then the bills it paid, most recent first, each reopened by
 * what it gives back. A payment's money is always in exactly those places (what bills got from
 * it, directly or later as credit, plus its credit waiting, plus what was refunded), so the plan
 * of a consistent read always places the whole refund.
 */

/** Bills one refund reopens at most, so that its transaction stays within DynamoDB's 100 actions. */
export const billsPerRefund = 80;

/** A bill payment pays bills and the account's credit; an order's payment is refunded by order-to-cash. */
export function isBillPayment(payment: Pick<Payment, 'paymentItem'>): boolean {
  return payment.paymentItem.length > 0 && payment.paymentItem.every((item) => item.item['@referredType'] === 'CustomerBill' || item.item['@referredType'] === 'BillingAccount');
}

/** A bill the payment's money still pays (directly, or through credit it left). */
export interface BillPaidByPayment {
  id: string;
  billDate: string;
  paymentDueDate: string;
  /** What of the payment the bill still holds, minor units. */
  appliedMinor: bigint;
}

export interface RefundPlan {
  /** Taken back from the payment's credit not yet used. */
  fromCreditMinor: bigint;
  /** Taken back from each bill, most recent bill first. */
  bills: { billId: string; amountMinor: bigint }[];
  /**
   * What neither the credit nor the bills read hold: 0 from a consistent read; more means what
   * was read moved meanwhile (a bill just paid from the credit), and the caller reads again.
   */
  unplacedMinor: bigint;
}

/** What is left to refund of a payment: what it paid minus what earlier refunds paid back. */
export function refundableMinor(paidMinor: bigint, refundedBeforeMinor: bigint): bigint {
  return paidMinor - refundedBeforeMinor;
}

/** The most recent bills first: by bill date, then due date, then id (a stable order for equal dates). */
export function mostRecentFirst<T extends Omit<BillPaidByPayment, 'appliedMinor'>>(bills: readonly T[]): T[] {
  return [...bills].sort((a, b) => b.billDate.localeCompare(a.billDate) || b.paymentDueDate.localeCompare(a.paymentDueDate) || b.id.localeCompare(a.id));
}

/**
 * Where a refund of `amountMinor` comes back from. Refused: an amount not positive
 * (InvalidInputError naming `totalAmount.value`), more than is left to refund
 * (RuleViolationError `refund-exceeds-payment`), more bills than one refund reopens
 * (RuleViolationError `refund-spans-too-many-bills`).
 */
export function planRefund(input: {
  paymentId: string;
  paidMinor: bigint;
  refundedBeforeMinor: bigint;
  amountMinor: bigint;
  /** What is left of the credit the payment left. */
  creditMinor: bigint;
  bills: readonly BillPaidByPayment[];
  formatMinor: (minor: bigint) => string;
}): RefundPlan {
  if (input.amountMinor <= 0n) throw new InvalidInputError('a refund must be positive', [{ field: 'totalAmount.value', problem: 'must be positive' }]);
  const left = refundableMinor(input.paidMinor, input.refundedBeforeMinor);
  if (input.amountMinor > left) {
    throw new RuleViolationError(
      'refund-exceeds-payment',
      `a refund of ${input.formatMinor(input.amountMinor)} exceeds what is left to refund of payment ${input.paymentId}: ${input.formatMinor(left)} of ${input.formatMinor(input.paidMinor)}`,
    );
  }
  const fromCreditMinor = input.creditMinor < input.amountMinor ? input.creditMinor : input.amountMinor;
  let rest = input.amountMinor - fromCreditMinor;
  const bills: RefundPlan['bills'] = [];
  for (const bill of mostRecentFirst(input.bills)) {
    if (rest <= 0n) break;
    const taken = bill.appliedMinor < rest ? bill.appliedMinor : rest;
    if (taken <= 0n) continue;
    bills.push({ billId: bill.id, amountMinor: taken });
    rest -= taken;
  }
  if (bills.length > billsPerRefund) {
    throw new RuleViolationError('refund-spans-too-many-bills', `this refund would reopen ${bills.length} bills, more than the ${billsPerRefund} one refund may: refund in smaller parts`);
  }
  return { fromCreditMinor, bills, unplacedMinor: rest };
}
