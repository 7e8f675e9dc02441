import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { endCurrentTerm } from '../../domain/billing/charge-term.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import { ledgerEntry } from '../../domain/collections/account-ledger.js';
import { remainingMinorOf, writeOffBill } from '../../domain/collections/bill-settlement.js';
import { dunningNotice } from '../../domain/collections/dunning-notices.js';
import {
  billsBeginningDunning,
  dueSteps,
  dunningPolicyFor,
  dunningResolved,
  overdueBills,
  restorationsOf,
  startDunning,
  stepDueAt,
  stepPerformed,
  type Dunning,
  type DunningAction,
  type DunningStep,
} from '../../domain/collections/dunning.js';
import type { NotificationSender } from '../../domain/communication/notification-sender.js';
import { applyBillingAccountPatch, type BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { AccountRestored, AccountSuspended, BillWrittenOff, PaymentReminderSent } from '../../domain/events/collections-events.js';
import { BillingAccountStateChanged } from '../../domain/events/customer-events.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { ProductStatusChanged } from '../../domain/events/product-inventory-events.js';
import { money, moneyToTmf } from '../../domain/money/money.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { transitionProduct, type Product, type ProductStatus } from '../../domain/product-inventory/product.js';
import type { ProvisioningSystem } from '../../domain/provisioning/provisioning-system.js';
import { notifyCustomer } from '../lib/communication/notify-customer.js';
import { idFrom } from '../lib/ids.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { billPaymentUpdate, openBillsOfAccount } from '../lib/store/bill-store.js';
import { findBillingAccount, updateBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { documentClient, tableName } from '../lib/store/dynamo-client.js';
import { dunningWrites, findDunning } from '../lib/store/dunning-store.js';
import { outboxPut, putOutboxEventOnce } from '../lib/store/outbox.js';
import { productsOfAccount, productUpdate } from '../lib/store/product-store.js';
import { saveProvisioningRequest } from '../lib/store/provisioning-request-store.js';
import { StaleVersionError, transactionCancellation } from '../lib/store/store-errors.js';
import { retryBillCollection } from './bill-collection.js';

/**
 * An account's way through dunning (docs/collections.md, "Dunning"), as of an instant (the
 * collections run's, or after a payment the customer's time): it begins when a bill passes its
 * due date unpaid, performs each step of the account's policy once its day has come (retries,
 * reminders, suspension, final notice, write-off), and stops as soon as nothing is overdue any
 * more, restoring a suspended service. Every effect is idempotent (keys and ids derived from
 * the account, the dunning's start and the step's day), and a step is recorded only after its
 * effects: a run that stops half-way does the rest next time, and nothing twice.
 */
export interface DunningContext {
  asOf: string;
  correlationId: string;
  gateway: PaymentGateway;
  notifications: NotificationSender;
  /** Tells the network: suspend, resume, terminate each product's service. */
  provisioning: ProvisioningSystem;
}

/** The part of the context that moves service and sends notices: lifting a suspension takes no payment, so its callers need no gateway. */
export type ServiceContext = Omit<DunningContext, 'gateway'>;

export type DunningOutcome = 'started' | 'alreadyActive' | 'nothingOverdue' | 'advanced' | 'nothingDue' | 'resolved' | 'writtenOff' | 'busy';

interface AccountView {
  account: BillingAccount;
  accountVersion: number;
  customerId: string;
  open: { bill: CustomerBill; version: number }[];
  overdue: { bill: CustomerBill; version: number }[];
  overdueMinor: bigint;
}

async function accountView(billingAccountId: string, asOf: string): Promise<AccountView> {
  const stored = await findBillingAccount(billingAccountId);
  if (!stored) throw new Error(`invariant broken: billing account ${billingAccountId} in dunning does not exist`);
  const customerId = ownerCustomerId(stored.account);
  const open = await openBillsOfAccount(customerId, billingAccountId);
  const overdue = overdueBills(
    open.map((each) => ({ ...each, paymentDueDate: each.bill.paymentDueDate })),
    asOf,
  );
  return { account: stored.account, accountVersion: stored.version, customerId, open, overdue, overdueMinor: overdue.reduce((sum, each) => sum + remainingMinorOf(each.bill), 0n) };
}

const origin = (context: Pick<DunningContext, 'asOf' | 'correlationId'>, key: string) => ({ eventId: idFrom(key), occurredAt: context.asOf, correlationId: context.correlationId });

async function send(actions: Record<string, unknown>[]): Promise<boolean> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
    return true;
  } catch (error) {
    if (transactionCancellation(error)) return false;
    throw error;
  }
}

/** Begins dunning for an account with a bill overdue since `since`, unless it is in dunning already. */
export async function beginDunning(billingAccountId: string, since: string, context: DunningContext): Promise<DunningOutcome> {
  const existing = await findDunning(billingAccountId);
  if (existing?.dunning.status === 'active') return 'alreadyActive';
  const view = await accountView(billingAccountId, context.asOf);
  if (view.overdue.length === 0 || view.account.state === 'Closed') return 'nothingOverdue';
  // After an admin stopped the last dunning, only a bill that fell overdue since begins a new one, counting from its due date.
  const beginning = billsBeginningDunning(
    view.overdue.map((each) => ({ paymentDueDate: each.bill.paymentDueDate })),
    existing?.dunning,
  );
  if (beginning.length === 0) return 'nothingOverdue';
  const oldest = beginning.map((each) => each.paymentDueDate).sort()[0]!;
  const from = existing?.dunning.status === 'stopped' || oldest < since ? oldest : since;
  const dunning = startDunning({ billingAccountId, customerId: view.customerId, testClockId: view.account.testClock?.id, since: from }, dunningPolicyFor(view.account.accountType));
  return (await send(dunningWrites(dunning, 'startingAnew'))) ? 'started' : 'alreadyActive';
}

/** Performs the account's dunning steps due as of `context.asOf`; stops dunning if nothing is overdue any more. */
export async function advanceDunning(billingAccountId: string, context: DunningContext): Promise<DunningOutcome> {
  const stored = await findDunning(billingAccountId);
  if (!stored || stored.dunning.status !== 'active') return 'nothingDue';
  let { dunning, version } = stored;
  let view = await accountView(billingAccountId, context.asOf);
  if (view.overdueMinor === 0n) return resolve(dunning, version, view, context);
  const policy = dunningPolicyFor(view.account.accountType);
  const steps = dueSteps(dunning, context.asOf, policy);
  if (steps.length === 0) return 'nothingDue';
  for (const step of steps) {
    let effects: { suspended?: boolean; writtenOff?: boolean } = {};
    for (const action of step.actions) {
      effects = { ...effects, ...(await perform(action, step, dunning, view, context, policy)) };
      // A retry that paid what was overdue ends dunning there and then.
      if (action === 'retryPayment') {
        view = await accountView(billingAccountId, context.asOf);
        if (view.overdueMinor === 0n) return resolve(dunning, version, view, context);
      }
    }
    const next = stepPerformed(dunning, step, context.asOf, policy, effects);
    if (!(await send(dunningWrites(next, version)))) return afterLostStep(billingAccountId, effects, context);
    dunning = next;
    version += 1;
    if (effects.writtenOff) return 'writtenOff';
    // The step may have moved the account (suspended): the next one starts from it as it now is.
    view = await accountView(billingAccountId, context.asOf);
  }
  return 'advanced';
}

/**
 * The step's effects were done but its record lost to another writer: a payment that resolved
 * dunning meanwhile, or an admin who stopped it. A suspension it did not see is undone, so a paid
 * account (or one whose dunning ended) is never left suspended.
 */
async function afterLostStep(billingAccountId: string, effects: { suspended?: boolean }, context: DunningContext): Promise<DunningOutcome> {
  const now = await findDunning(billingAccountId);
  if (!effects.suspended || (now?.dunning.status !== 'resolved' && now?.dunning.status !== 'stopped')) return 'busy';
  const reason = now.dunning.status === 'resolved' ? undefined : 'restored: dunning stopped';
  await restoreService(await accountView(billingAccountId, context.asOf), context, `dunning-${billingAccountId}-${now.dunning.since}-restored-after-race`, reason);
  return now.dunning.status === 'resolved' ? 'resolved' : 'busy';
}

/** After a payment: if nothing is overdue any more, dunning stops and a suspended service comes back. */
export async function reviewDunning(billingAccountId: string, context: DunningContext): Promise<DunningOutcome> {
  const stored = await findDunning(billingAccountId);
  if (!stored || stored.dunning.status !== 'active') return 'nothingDue';
  const view = await accountView(billingAccountId, context.asOf);
  if (view.overdueMinor > 0n) return 'alreadyActive';
  return resolve(stored.dunning, stored.version, view, context);
}

async function resolve(dunning: Dunning, version: number, view: AccountView, context: DunningContext): Promise<DunningOutcome> {
  const key = `dunning-${dunning.billingAccountId}-${dunning.since}-restored`;
  const productIds = dunning.suspended ? await restoreService(view, context, key) : [];
  const resolved = dunningResolved(dunning, context.asOf);
  const event = AccountRestored.create({ ...subjectOf(dunning), wasSuspended: dunning.suspended, productIds }, origin(context, key));
  if (!(await send([...dunningWrites(resolved, version), outboxPut(tableName(), event)]))) return 'busy';
  if (dunning.suspended) await notify('serviceRestored', view, dunning, context, key);
  return 'resolved';
}

const subjectOf = (dunning: Dunning) => ({
  billingAccountId: dunning.billingAccountId,
  customerId: dunning.customerId,
  dunningSince: dunning.since,
  ...(dunning.testClockId ? { testClockId: dunning.testClockId } : {}),
});

async function perform(action: DunningAction, step: DunningStep, dunning: Dunning, view: AccountView, context: DunningContext, policy: readonly DunningStep[]): Promise<{ suspended?: boolean; writtenOff?: boolean }> {
  // After a restored service the steps from the suspension on are performed again: a round of their own, told to the network and the customer anew.
  const round = restorationsOf(dunning);
  const key = `dunning-${dunning.billingAccountId}-${dunning.since}${round > 0 ? `-round-${round}` : ''}-day-${step.day}-${action}`;
  const overdueAmount = moneyToTmf(money(view.overdueMinor, view.account.currency));
  switch (action) {
    case 'retryPayment':
      // Oldest first; each bill's next attempt only once its last was declined.
      for (const { bill } of [...view.overdue].sort((a, b) => a.bill.paymentDueDate.localeCompare(b.bill.paymentDueDate))) {
        await retryBillCollection(bill.id, { correlationId: context.correlationId, gateway: context.gateway, now: context.asOf });
      }
      return {};
    case 'reminder':
    case 'finalNotice': {
      const writeOff = policy.find((candidate) => candidate.actions.includes('writeOff'));
      const messageId = await notify(action === 'reminder' ? 'paymentReminder' : 'finalNotice', view, dunning, context, key, { ...(writeOff ? { writeOffOn: stepDueAt(dunning, writeOff) } : {}) });
      await putOutboxEventOnce(
        tableName(),
        PaymentReminderSent.create({ ...subjectOf(dunning), kind: action, day: step.day, overdueAmount, ...(messageId ? { communicationMessageId: messageId } : {}) }, origin(context, key)),
      );
      return {};
    }
    case 'suspend': {
      const productIds = await suspendService(view, context, key);
      await putOutboxEventOnce(tableName(), AccountSuspended.create({ ...subjectOf(dunning), day: step.day, overdueAmount, productIds }, origin(context, key)));
      await notify('serviceSuspended', view, dunning, context, key);
      return { suspended: true };
    }
    case 'writeOff':
      await writeOff(view, dunning, context, key);
      return { writtenOff: true };
  }
}

/**
 * Sends a dunning notice to the customer, once per key: by e-mail, or as its communication
 * preferences say (functions/lib/communication/notify-customer.ts); none when they withhold it.
 * The final notice and the suspension are mandatory kinds: always sent, on a channel it accepts.
 */
async function notify(
  kind: 'paymentReminder' | 'finalNotice' | 'serviceSuspended' | 'serviceRestored',
  view: AccountView,
  dunning: Dunning,
  context: ServiceContext,
  key: string,
  details: { writeOffOn?: string; payBy?: string } = {},
): Promise<string | undefined> {
  const stored = await findCustomer(view.customerId);
  if (!stored) return undefined;
  const overdue = moneyToTmf(money(view.overdueMinor, view.account.currency));
  const notice = dunningNotice(kind, { accountName: view.account.name, overdue: `${overdue.value.toFixed(2)} ${overdue.unit}`, since: dunning.since, stillOwed: view.overdueMinor > 0n, ...details });
  const outcome = await notifyCustomer(
    context.notifications,
    { customer: stored.customer, kind: notice.kind, subject: notice.subject, content: notice.content, billingAccountId: view.account.id, sentAt: context.asOf },
    { idempotencyKey: `${key}-${kind}` },
  );
  return outcome.sent ? outcome.messageId : undefined;
}

/**
 * Moves the account and its products between states, each write conditional on the version
 * read; one already moved is left as it is. The network is told first, through the
 * provisioning port, under a request id derived from the step and the product: a run that
 * stops half-way submits the same request again (the port ignores the repeat) and then moves
 * the product; the answer is recorded when it comes (docs/providers.md).
 */
async function moveService(
  view: AccountView,
  context: ServiceContext,
  key: string,
  move: { products: [ProductStatus, ProductStatus]; account: BillingAccount['state']; reason: string; action: 'suspend' | 'resume' | 'delete'; endTerms?: boolean },
): Promise<string[]> {
  const [from, to] = move.products;
  const moved: string[] = [];
  for (const stored of await productsOfAccount(view.customerId, view.account.id)) {
    if (stored.product.status !== from && !(move.endTerms && stored.product.status === 'active')) continue;
    const current = stored.product;
    await tellNetwork(current, move.action, `${key}-${current.id}`, context);
    const product = move.endTerms ? transitionProduct(transitionProduct(current, 'pendingTerminate', context.asOf), 'terminated', context.asOf) : transitionProduct(current, to, context.asOf);
    const chargeTerms = move.endTerms ? endCurrentTerm(stored.chargeTerms, context.asOf, 'termination') : stored.chargeTerms;
    const event = ProductStatusChanged.create(
      { productId: product.id, customerId: view.customerId, billingAccountId: view.account.id, from: current.status, to: product.status, reason: move.reason },
      origin(context, `${key}-${product.id}`),
    );
    if (await send([productUpdate(product, stored.version, chargeTerms), outboxPut(tableName(), event)])) moved.push(product.id);
  }
  if (view.account.state !== move.account && view.account.state !== 'Closed') {
    const account = applyBillingAccountPatch(view.account, { state: move.account }, context.asOf);
    const changed = BillingAccountStateChanged.create({ billingAccountId: account.id, customerId: view.customerId, from: view.account.state, to: move.account }, origin(context, `${key}-account`));
    await updateBillingAccount(account, view.accountVersion, [changed]).catch((error: unknown) => {
      // Changed meanwhile (staff, or another run): the next run sees it as it now is.
      if (!(error instanceof StaleVersionError)) throw error;
    });
  }
  return moved;
}

/** One provisioning request for the product's service, naming the order item that made it; nothing waits for its answer. */
async function tellNetwork(product: Product, action: 'suspend' | 'resume' | 'delete', name: string, context: ServiceContext): Promise<void> {
  const requestId = idFrom(name);
  const madeBy = product.productOrderItem[0];
  const orderId = madeBy?.productOrderId ?? product.id;
  const itemId = madeBy?.orderItemId ?? product.id;
  await saveProvisioningRequest({ requestId, orderId, itemId, requestedAt: context.asOf });
  await context.provisioning.submit(
    {
      requestId,
      orderId,
      orderItemId: itemId,
      action,
      productId: product.id,
      productOffering: { id: product.productOffering.id, name: product.productOffering.name ?? product.name },
      characteristics: product.productCharacteristic.map((characteristic) => ({ name: characteristic.name, value: characteristic.value as string | number | boolean })),
    },
    { correlationId: context.correlationId },
  );
}

const suspendService = (view: AccountView, context: ServiceContext, key: string) =>
  moveService(view, context, key, { products: ['active', 'suspended'], account: 'Suspended', reason: 'suspended by dunning: payment overdue', action: 'suspend' });

const restoreService = (view: AccountView, context: ServiceContext, key: string, reason = 'restored: overdue amount paid') =>
  moveService(view, context, key, { products: ['suspended', 'active'], account: 'Active', reason, action: 'resume' });

/**
 * Staff lift the suspension dunning made, without a payment (docs/collections.md, "Pausing,
 * stopping, restoring"): the restoration a payment makes (each suspended product resumed through
 * the provisioning port, then `active`; the account `Active`) and a notice to the customer that
 * says what is still overdue, and by when to pay it when it was promised. `key` names this
 * restoration: the same key again (a retried request) submits nothing new and moves only what
 * is still suspended. Answers the products restored.
 */
export async function liftSuspension(dunning: Dunning, context: ServiceContext, input: { key: string; reason: string; payBy?: string }): Promise<string[]> {
  const view = await accountView(dunning.billingAccountId, context.asOf);
  const productIds = await restoreService(view, context, input.key, input.reason);
  await notify('serviceRestored', view, dunning, context, input.key, input.payBy ? { payBy: input.payBy } : {});
  return productIds;
}

/**
 * The end of dunning without payment: what every open bill still owes is written off (an entry
 * of kind `writeOff` per bill, as bad debt), the products are terminated and the account closed.
 */
async function writeOff(view: AccountView, dunning: Dunning, context: DunningContext, key: string): Promise<void> {
  // Service first: a run stopped half-way finds bills still owing and does the step again, never restoring a closed account.
  await moveService(view, context, key, { products: ['suspended', 'terminated'], account: 'Closed', reason: 'terminated: debt written off after dunning', action: 'delete', endTerms: true });
  for (const { bill, version } of view.open) {
    const owed = remainingMinorOf(bill);
    const written = writeOffBill(bill, context.asOf);
    const entry = ledgerEntry({
      billingAccountId: view.account.id,
      kind: 'writeOff',
      amountMinor: -owed,
      currency: view.account.currency,
      recordedAt: context.asOf,
      reference: { id: bill.id, href: bill.href, '@referredType': 'CustomerBill' },
      description: `bad debt: bill ${bill.billNo ?? bill.id} written off after dunning`,
      testClockId: dunning.testClockId,
    });
    const event: DomainEvent = BillWrittenOff.create({ ...subjectOf(dunning), billId: bill.id, writtenOffAmount: moneyToTmf(money(owed, view.account.currency)) }, origin(context, `${key}-${bill.id}`));
    // A bill paid meanwhile: the step is not recorded, the next run writes off what is then left.
    if (!(await send([billPaymentUpdate(written, version), ...ledgerEntryActions(entry), outboxPut(tableName(), event)]))) {
      throw new Error(`bill ${bill.id} changed while being written off; the write-off is done again on the next run`);
    }
  }
}
