import { takeBackCredit } from '../../domain/collections/account-credit.js';
import { ledgerEntry } from '../../domain/collections/account-ledger.js';
import { appliedMinorOf, withdrawPaymentFromBill } from '../../domain/collections/bill-settlement.js';
import { planRefund } from '../../domain/collections/payment-refund.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { RefundIssued } from '../../domain/events/payment-events.js';
import { money, moneyFromTmf, moneyToTmf } from '../../domain/money/money.js';
import { newRefund, type Payment, type Refund } from '../../domain/payments/payment.js';
import { newId } from '../lib/ids.js';
import { accountCreditPut, findAccountCredit } from '../lib/store/account-credit-store.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { billPaymentUpdate, billsPaidBy } from '../lib/store/bill-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';
import { findRefund, findRefundedTotal, refundedTotalPut, refundPut } from '../lib/store/payment-store.js';
import { refundBaseSnapshot } from '../payments/payment-events.js';
import { LostRace, retryingLostRaces, send } from '../lib/store/lost-races.js';

/**
 * Money out of an account (docs/collections.md, "Refunds"): a refund of a bill payment recorded
 * with the payment's refunded total, the credit and the bills it takes the money back from, its
 * ledger entry and RefundIssued in one transaction. Everything it changes is read with its
 * version and written conditionally: what moved meanwhile (another refund, a bill paid from the
 * credit) is read again and the refund planned anew, so a payment is never refunded twice over.
 */
export interface RefundToRecord {
  /** Derived from the caller's Idempotency-Key when there is one, so a retry records it once. */
  refundId: string;
  payment: Payment;
  account: BillingAccount;
  amountMinor: bigint;
  reason: string;
  now: string;
  correlationId: string;
  /** The gateway's refund id: the money went back to the card. */
  gatewayRefundId?: string;
}

export interface RecordedRefund {
  refund: Refund;
  /** False when the refund was recorded already (a retry): nothing was written again. */
  recordedNow: boolean;
}

export function recordBillRefund(input: RefundToRecord): Promise<RecordedRefund> {
  return retryingLostRaces(`refund ${input.refundId}`, async () => {
    const { refund, actions } = await prepareRefund(input);
    if ((await send(actions)) === 'written') return { refund, recordedNow: true };
    const existing = await findRefund(refund.id, { consistentRead: true });
    if (!existing) throw new Error(`invariant broken: refund ${refund.id} was refused as a duplicate but does not exist`);
    return { refund: existing.refund, recordedNow: false };
  });
}

/**
 * Reads what the refund would change and plans it, writing nothing: what a card refund checks
 * before the gateway pays anything back (a refund that would be refused moves no money).
 */
export function checkBillRefund(input: RefundToRecord): Promise<unknown> {
  return retryingLostRaces(`refund ${input.refundId}`, () => prepareRefund(input));
}

/** The refund, and the transaction that records it with all it changes, from what is stored now. */
async function prepareRefund(input: RefundToRecord): Promise<{ refund: Refund; actions: Record<string, unknown>[] }> {
  const { payment, account, now } = input;
  const customerId = ownerCustomerId(account);
  const paid = moneyFromTmf(payment.totalAmount);
  const currency = paid.currency;
  const [refunded, credit, bills] = await Promise.all([findRefundedTotal(payment.id), findAccountCredit(account.id), billsPaidBy(customerId, account.id, payment.id)]);
  const creditMinor = credit.sources.find((source) => source.paymentId === payment.id)?.amountMinor ?? 0n;
  const plan = planRefund({
    paymentId: payment.id,
    paidMinor: paid.amount,
    refundedBeforeMinor: refunded.refundedMinor,
    amountMinor: input.amountMinor,
    creditMinor,
    bills: bills.map(({ bill }) => ({ id: bill.id, billDate: bill.billDate, paymentDueDate: bill.paymentDueDate, appliedMinor: appliedMinorOf(bill, payment.id) })),
    formatMinor: (minor) => `${moneyToTmf(money(minor, currency)).value} ${currency}`,
  });
  if (plan.unplacedMinor > 0n) throw new LostRace(`payment ${payment.id}'s credit and bills moved while they were read`);

  const refund = newRefund({
    id: input.refundId,
    payment,
    amount: money(input.amountMinor, currency),
    refundedBefore: money(refunded.refundedMinor, currency),
    reason: input.reason,
    ...(input.gatewayRefundId !== undefined ? { refundId: input.gatewayRefundId } : {}),
    now,
  });
  const byId = new Map(bills.map((stored) => [stored.bill.id, stored]));
  const reopened = plan.bills.map((each) => {
    const stored = byId.get(each.billId)!;
    return { bill: withdrawPaymentFromBill(stored.bill, { id: payment.id, amountMinor: each.amountMinor }, now), version: stored.version, reopenedMinor: each.amountMinor };
  });
  const testClockId = account.testClock?.id;
  const entry = ledgerEntry({
    billingAccountId: account.id,
    kind: 'refund',
    amountMinor: input.amountMinor,
    currency,
    recordedAt: now,
    reference: { id: refund.id, href: refund.href, '@referredType': 'Refund' },
    description: `refund of ${payment.paymentMethod.name ?? 'a'} payment ${payment.id}`,
    testClockId,
  });
  const event = RefundIssued.create(
    {
      refund: {
        ...refundBaseSnapshot(refund),
        ...(payment.paymentMethod.name ? { channel: payment.paymentMethod.name } : {}),
        creditTakenBack: moneyToTmf(money(plan.fromCreditMinor, currency)),
        bills: reopened.map(({ bill, reopenedMinor }) => ({ id: bill.id, reopenedAmount: moneyToTmf(money(reopenedMinor, currency)), remainingAmount: bill.remainingAmount, state: bill.state })),
        ...(testClockId ? { testClockId } : {}),
      },
    },
    { eventId: newId(), occurredAt: now, correlationId: input.correlationId },
  );
  const actions = [
    refundPut(refund),
    refundedTotalPut(payment.id, refunded.refundedMinor + input.amountMinor, currency, refunded.version),
    ...reopened.map(({ bill, version }) => billPaymentUpdate(bill, version)),
    ...(plan.fromCreditMinor > 0n ? [accountCreditPut(account.id, takeBackCredit(credit.sources, payment.id, plan.fromCreditMinor).left, credit.version)] : []),
    ...ledgerEntryActions(entry),
    outboxPut(tableName(), event),
  ];
  return { refund, actions };
}
