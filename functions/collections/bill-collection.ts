import { isOpenBill, remainingMinorOf } from '../../domain/collections/bill-settlement.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { PaymentFailed } from '../../domain/events/collections-events.js';
import { money, moneyToTmf } from '../../domain/money/money.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { customerNow } from '../lib/clock.js';
import { idFrom } from '../lib/ids.js';
import { claimCollectionAttempt, collectionAttemptOf, findBill, markCollectionDeclined } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { putOutboxEventOnce } from '../lib/store/outbox.js';
import { applyAccountCredit, recordAccountPayment } from './account-payments.js';

/**
 * Collecting an issued bill (docs/collections.md, "Automatic collection"): the account's credit
 * first, then its default payment method for what is left, charged through the gateway. Every
 * step can run again: the gateway's idempotency keys and the payment's id derive from the bill
 * and the attempt, so a retried or duplicated collection never charges twice nor records twice.
 */
export type CollectionOutcome =
  | { outcome: 'nothingOwed' }
  | { outcome: 'paidByCredit' }
  | { outcome: 'noPaymentMethod' }
  | { outcome: 'collected'; paymentId: string; bill: Pick<CustomerBill, 'id' | 'state' | 'remainingAmount'> }
  | { outcome: 'declined'; reason: string }
  /** Another attempt is running (or succeeded and is being recorded): this one charges nothing. */
  | { outcome: 'attemptInProgress' }
  /** The account is charged on the due date, not at issue (or, on the due date, at issue). */
  | { outcome: 'notThisMoment' };

/** The gateway keys of one attempt at collecting a bill: the same attempt always sends the same keys. */
export const collectionKeys = (billId: string, attempt: number) => ({
  authorization: `bill-${billId}-collection-${attempt}-authorization`,
  capture: `bill-${billId}-collection-${attempt}-capture`,
});

/**
 * Collects a bill at one of its two moments (the account's `paymentCollection`): at issue
 * (the default), or on its due date (the collections run, as of its instant). At issue the
 * account's credit pays first in either case; the card is charged only at the account's moment.
 */
export async function collectBill(billId: string, context: { correlationId: string; gateway: PaymentGateway; moment?: 'issue' | 'dueDate'; now?: string }): Promise<CollectionOutcome> {
  const moment = context.moment ?? 'issue';
  const stored = await findBill(billId, { consistentRead: true });
  if (!stored || !isOpenBill(stored.bill)) return { outcome: 'nothingOwed' };
  const storedAccount = await findBillingAccount(stored.bill.billingAccount.id);
  if (!storedAccount) throw new Error(`invariant broken: billing account ${stored.bill.billingAccount.id} of bill ${billId} does not exist`);
  const { account } = storedAccount;
  if (moment === 'dueDate' && account.paymentCollection !== 'onDueDate') return { outcome: 'notThisMoment' };
  const now = context.now ?? (await customerNow(account.testClock?.id));

  const afterCredit = moment === 'issue' ? await applyAccountCredit(billId, account, { now, correlationId: context.correlationId }) : stored;
  if (!afterCredit || !isOpenBill(afterCredit.bill)) return { outcome: 'paidByCredit' };
  if (moment === 'issue' && account.paymentCollection === 'onDueDate') return { outcome: 'notThisMoment' };
  const method = account.defaultPaymentMethod;
  // No card on file: the customer pays by transfer; dunning follows the due date.
  if (!method) return { outcome: 'noPaymentMethod' };
  if (!(await claimCollectionAttempt(billId, 1))) return { outcome: 'attemptInProgress' };
  return chargeBill(afterCredit.bill, account, method.id, { ...context, attempt: 1, now });
}

/**
 * Dunning's retry of an overdue bill: the next attempt at the card on file, claimed only once the
 * last attempt was declined (none running, none that succeeded and is being recorded), at `now`.
 */
export async function retryBillCollection(billId: string, context: { correlationId: string; gateway: PaymentGateway; now: string }): Promise<CollectionOutcome> {
  const stored = await findBill(billId, { consistentRead: true });
  if (!stored || !isOpenBill(stored.bill)) return { outcome: 'nothingOwed' };
  const storedAccount = await findBillingAccount(stored.bill.billingAccount.id);
  const method = storedAccount?.account.defaultPaymentMethod;
  if (!storedAccount || !method) return { outcome: 'noPaymentMethod' };
  const last = await collectionAttemptOf(billId);
  if (last.attempt > 0 && !last.declined) return { outcome: 'attemptInProgress' };
  const attempt = last.attempt + 1;
  if (!(await claimCollectionAttempt(billId, attempt))) return { outcome: 'attemptInProgress' };
  return chargeBill(stored.bill, storedAccount.account, method.id, { ...context, attempt });
}

async function chargeBill(bill: CustomerBill, account: BillingAccount, token: string, context: { correlationId: string; gateway: PaymentGateway; attempt: number; now: string }): Promise<CollectionOutcome> {
  const { gateway, attempt, now } = context;
  const keys = collectionKeys(bill.id, attempt);
  // An attempt that authorized before (and failed after) charges what it authorized then, not what the bill owes now.
  const earlier = await gateway.findAuthorization(keys.authorization);
  const amount = earlier?.amount ?? money(remainingMinorOf(bill), account.currency);
  const authorized = await gateway.authorize({ idempotencyKey: keys.authorization, paymentMethodToken: token, amount, description: `Bill ${bill.billNo ?? bill.id}` });
  if (authorized.outcome === 'declined') {
    const event = PaymentFailed.create(
      {
        billingAccountId: account.id,
        customerId: ownerCustomerId(account),
        billId: bill.id,
        amount: moneyToTmf(amount),
        attempt,
        reason: authorized.declineCode,
        message: authorized.message,
        ...(account.testClock ? { testClockId: account.testClock.id } : {}),
      },
      // One event per attempt, however often the attempt runs.
      { eventId: idFrom(`${keys.authorization}-failed`), occurredAt: now, correlationId: context.correlationId },
    );
    await putOutboxEventOnce(tableName(), event);
    await markCollectionDeclined(bill.id, attempt);
    return { outcome: 'declined', reason: authorized.message };
  }
  const { captureId } = await gateway.capture({ authorizationId: authorized.authorizationId, amount, idempotencyKey: keys.capture });
  const { payment } = await recordAccountPayment({
    paymentId: idFrom(keys.authorization),
    account,
    channel: 'card',
    paymentMethodId: token,
    amountMinor: amount.amount,
    named: [{ billId: bill.id }],
    now,
    correlationId: context.correlationId,
    description: `Collection of bill ${bill.billNo ?? bill.id}`,
    correlatorId: bill.id,
    authorizationCode: authorized.authorizationCode,
    captureId,
    moneyMoved: true,
  });
  const after = await findBill(bill.id, { consistentRead: true });
  return { outcome: 'collected', paymentId: payment.id, bill: { id: bill.id, state: after!.bill.state, remainingAmount: after!.bill.remainingAmount } };
}
