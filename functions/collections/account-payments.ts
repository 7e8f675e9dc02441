import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import { addCredit, totalCreditMinor, useCredit, type CreditSource } from '../../domain/collections/account-credit.js';
import { ledgerEntry } from '../../domain/collections/account-ledger.js';
import { applyPaymentToBill, remainingMinorOf } from '../../domain/collections/bill-settlement.js';
import { applyCreditNoteToBill, creditNotePath } from '../../domain/collections/credit-note.js';
import { applyGoodwillCreditToBill } from '../../domain/collections/goodwill-credit.js';
import { allocatePayment, oldestFirst, type NamedAllocation } from '../../domain/collections/payment-allocation.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { AccountCreditApplied, PaymentReceived } from '../../domain/events/collections-events.js';
import { newAccountPayment } from '../../domain/payments/account-payment.js';
import type { Payment, PaymentChannel } from '../../domain/payments/payment.js';
import { money, moneyToTmf } from '../../domain/money/money.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { newId } from '../lib/ids.js';
import { accountCreditPut, findAccountCredit } from '../lib/store/account-credit-store.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { billPaymentUpdate, findBill, openBillsOfAccount } from '../lib/store/bill-store.js';
import { documentClient, tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';
import { findPayment, paymentPut } from '../lib/store/payment-store.js';
import { transactionCancellation } from '../lib/store/store-errors.js';
import { LostRace, retryingLostRaces, send } from '../lib/store/lost-races.js';

/**
 * Money into an account (docs/collections.md): a payment recorded with the bills it pays, the
 * credit it leaves, its ledger entry and its event in one transaction; and the account's credit
 * applied to a bill. Both read what they change with its version and write conditionally: a
 * bill or the credit that moved meanwhile (another payment, another bill) is read again and the
 * allocation made anew, so nothing is ever allocated twice or lost.
 */

/** Bills one payment pays at most, so that its transaction stays within 100 actions; the rest of the money is credit. */
export const billsPerPayment = 80;

export interface PaymentToRecord {
  /** Derived from what the payment is for (a bill's collection, the caller's Idempotency-Key), so a retry records it once. */
  paymentId: string;
  account: BillingAccount;
  channel: PaymentChannel;
  paymentMethodId: string;
  amountMinor: bigint;
  /** The bills it pays; none: the oldest open bills. */
  named?: readonly NamedAllocation[];
  now: string;
  correlationId: string;
  description: string;
  correlatorId?: string;
  authorizationCode?: string;
  captureId?: string;
  /**
   * The money has moved already (a card charged): if the bills it names can no longer take it
   * (paid meanwhile by someone else), it goes to the oldest open bills and the rest to credit,
   * instead of being refused.
   */
  moneyMoved?: boolean;
}

export interface RecordedPayment {
  payment: Payment;
  /** False when the payment was recorded already (a retry): nothing was written again. */
  recordedNow: boolean;
}

export function recordAccountPayment(input: PaymentToRecord): Promise<RecordedPayment> {
  return retryingLostRaces(`payment ${input.paymentId}`, () => recordOnce(input));
}

/**
 * Reads what the payment would change and allocates it, writing nothing: what a card payment
 * checks before the card is charged (a payment that cannot be allocated takes no money).
 */
export async function checkPaymentAllocation(input: PaymentToRecord): Promise<void> {
  await preparePayment(input);
}

async function recordOnce(input: PaymentToRecord): Promise<RecordedPayment> {
  const { payment, actions } = await preparePayment(input);
  if ((await send(actions)) === 'written') return { payment, recordedNow: true };
  const existing = await findPayment(payment.id, { consistentRead: true });
  if (!existing) throw new Error(`invariant broken: payment ${payment.id} was refused as a duplicate but does not exist`);
  return { payment: existing.payment, recordedNow: false };
}

/** The payment, and the transaction that records it with all it changes, from what is stored now. */
async function preparePayment(input: PaymentToRecord): Promise<{ payment: Payment; actions: Record<string, unknown>[] }> {
  const { account } = input;
  const customerId = ownerCustomerId(account);
  const [open, credit] = await Promise.all([openBillsOfAccount(customerId, account.id), findAccountCredit(account.id)]);
  const byId = new Map(open.map((stored) => [stored.bill.id, stored]));
  const currency = account.currency;
  const format = (minor: bigint) => `${moneyToTmf(money(minor, currency)).value} ${currency}`;
  const candidates = open.map(({ bill }) => ({ id: bill.id, remainingMinor: remainingMinorOf(bill), paymentDueDate: bill.paymentDueDate, billDate: bill.billDate }));
  const allocate = (named: readonly NamedAllocation[] | undefined) => allocatePayment({ amountMinor: input.amountMinor, ...(named ? { named } : {}), openBills: candidates, formatMinor: format });
  let allocation;
  try {
    allocation = allocate(input.named);
  } catch (error) {
    if (!(error instanceof InvalidInputError) || !input.moneyMoved) throw error;
    allocation = allocate(undefined);
  }
  const kept = allocation.allocations.slice(0, billsPerPayment);
  const unappliedMinor = allocation.unappliedMinor + allocation.allocations.slice(billsPerPayment).reduce((sum, each) => sum + each.amountMinor, 0n);

  const payment = newAccountPayment({
    id: input.paymentId,
    billingAccountId: account.id,
    customerId,
    channel: input.channel,
    paymentMethodId: input.paymentMethodId,
    amountMinor: input.amountMinor,
    currency,
    allocations: kept,
    unappliedMinor,
    now: input.now,
    description: input.description,
    ...(input.correlatorId ? { correlatorId: input.correlatorId } : {}),
    ...(input.authorizationCode ? { authorizationCode: input.authorizationCode } : {}),
    ...(input.captureId ? { captureId: input.captureId } : {}),
  });
  const paid = kept.map((each) => {
    const stored = byId.get(each.billId)!;
    return { bill: applyPaymentToBill(stored.bill, { id: payment.id, amountMinor: each.amountMinor }, input.now), version: stored.version, applied: each.amountMinor };
  });
  const testClockId = account.testClock?.id;
  const entry = ledgerEntry({
    billingAccountId: account.id,
    kind: 'payment',
    amountMinor: -input.amountMinor,
    currency,
    recordedAt: input.now,
    reference: { id: payment.id, href: payment.href, '@referredType': 'Payment' },
    description: `${input.channel} payment`,
    testClockId,
  });
  const event = PaymentReceived.create(
    {
      payment: {
        id: payment.id,
        href: payment.href,
        paymentDate: payment.paymentDate,
        channel: input.channel,
        billingAccountId: account.id,
        customerId,
        totalAmount: payment.totalAmount,
        unappliedAmount: moneyToTmf(money(unappliedMinor, currency)),
        ...(testClockId ? { testClockId } : {}),
      },
      bills: paid.map(({ bill, applied }) => ({ id: bill.id, appliedAmount: moneyToTmf(money(applied, currency)), remainingAmount: bill.remainingAmount, state: bill.state })),
    },
    { eventId: newId(), occurredAt: input.now, correlationId: input.correlationId },
  );
  const actions = [
    paymentPut(payment),
    ...paid.map(({ bill, version }) => billPaymentUpdate(bill, version)),
    ...(unappliedMinor > 0n ? [accountCreditPut(account.id, addCredit(credit.sources, { paymentId: payment.id, amountMinor: unappliedMinor, since: input.now }), credit.version)] : []),
    ...ledgerEntryActions(entry),
    outboxPut(tableName(), event),
  ];
  return { payment, actions };
}

/**
 * Pays what it can of an open bill from the account's credit, oldest credit first (no money
 * moves: the balance already counts the credit). The bill as it is after, or as it was when
 * there is no credit or it owes nothing.
 */
export function applyAccountCredit(billId: string, account: BillingAccount, context: { now: string; correlationId: string }): Promise<{ bill: CustomerBill; version: number } | undefined> {
  return retryingLostRaces(`account credit for bill ${billId}`, async () => {
    const [stored, credit] = await Promise.all([findBill(billId, { consistentRead: true }), findAccountCredit(account.id)]);
    if (!stored) return undefined;
    const owed = remainingMinorOf(stored.bill);
    if (owed <= 0n || totalCreditMinor(credit.sources) <= 0n || stored.bill.billNo === undefined) return { bill: stored.bill, version: stored.version };
    const { used, left } = useCredit(credit.sources, owed);
    // Each part names where its money came from: a payment in appliedPayment, a credit note in appliedCreditNote, a goodwill credit in appliedGoodwillCredit.
    const bill = used.reduce((current, each) => {
      const part = { id: each.paymentId, amountMinor: each.amountMinor };
      if (each.from === 'CreditNote') return applyCreditNoteToBill(current, { id: each.paymentId, href: `${creditNotePath}/${each.paymentId}`, appliedToBill: moneyToTmf(money(each.amountMinor, account.currency)) }, context.now);
      if (each.from === 'GoodwillCredit') return applyGoodwillCreditToBill(current, part, context.now);
      return applyPaymentToBill(current, part, context.now);
    }, stored.bill);
    const idsFrom = (from: CreditSource['from']) => used.filter((each) => each.from === from).map((each) => each.paymentId);
    const goodwillCreditIds = idsFrom('GoodwillCredit');
    const appliedMinor = used.reduce((sum, each) => sum + each.amountMinor, 0n);
    const event = AccountCreditApplied.create(
      {
        billingAccountId: account.id,
        customerId: ownerCustomerId(account),
        bill: { id: bill.id, appliedAmount: moneyToTmf(money(appliedMinor, account.currency)), remainingAmount: bill.remainingAmount, state: bill.state },
        paymentIds: idsFrom(undefined),
        creditNoteIds: idsFrom('CreditNote'),
        ...(goodwillCreditIds.length > 0 ? { goodwillCreditIds } : {}),
        ...(account.testClock ? { testClockId: account.testClock.id } : {}),
      },
      { eventId: newId(), occurredAt: context.now, correlationId: context.correlationId },
    );
    const actions = [billPaymentUpdate(bill, stored.version), accountCreditPut(account.id, left, credit.version), outboxPut(tableName(), event)];
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      if (transactionCancellation(error)) throw new LostRace(`bill ${billId} or the account's credit moved`);
      throw error;
    }
    return { bill, version: stored.version + 1 };
  });
}

/**
 * Pays the account's open bills from its credit, oldest first (by due date, then bill date),
 * until the credit is spent: credit that arose while bills were open (a goodwill credit, a
 * credit note on a paid bill) would otherwise wait for the next bill while dunning went on.
 * Safe to run again: with no credit left it writes nothing.
 */
export async function applyCreditToOpenBills(account: BillingAccount, context: { now: string; correlationId: string }): Promise<void> {
  const open = await openBillsOfAccount(ownerCustomerId(account), account.id);
  for (const bill of oldestFirst(open.map((stored) => stored.bill))) {
    const after = await applyAccountCredit(bill.id, account, context);
    // A bill still owing after its turn took every cent of credit there was.
    if (after && remainingMinorOf(after.bill) > 0n) return;
  }
}
