import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { billChannelOf, billDocumentTypeOf } from '../../domain/accounts/bill-presentation.js';
import { billDeliveryChannelOf, billMessage, recordBillDelivery, type BillDelivery } from '../../domain/billing/bill-delivery.js';
import { customerBillDocumentUrl } from '../../domain/billing/customer-bill.js';
import { communicationMessagePath } from '../../domain/communication/communication-message.js';
import type { NotificationSender } from '../../domain/communication/notification-sender.js';
import { billDocumentKey, documentContentTypes, type DocumentStore } from '../../domain/documents/document-store.js';
import { formatDate, formatMoney } from '../../domain/documents/document-formats.js';
import { sellerFrom } from '../../domain/documents/seller.js';
import { CustomerBillIssued } from '../../domain/events/billing-events.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { customerNow } from '../lib/clock.js';
import { routeOf, sendOnRoute } from '../lib/communication/notify-customer.js';
import { configuredDocumentStore } from '../lib/documents/document-store.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { billPaymentUpdate, findBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { LostRace, retryingLostRaces, send } from '../lib/store/lost-races.js';
import { customerBillDocument } from './customer-bill-documents.js';

/**
 * Rule `customer-bill-issued-delivers-bill` (docs/bill-documents.md, "Delivery"): every issued
 * bill's document is rendered and kept, then sent to the customer through the notification port
 * as its account and preferences say (e-mail with the document of the account's bill format
 * attached, PDF by default, or SMS: the account's first presentation media's channel, else its
 * preferred contact medium's, unless its communication preferences refuse bills there; docs/api.md,
 * "Account management"), once per bill however often the
 * event comes; the bill records the delivery and moves to `sent`. A failure is recorded on the
 * bill (`delivery.status` `failed`, for staff) and thrown, so the rule retries it and, past its
 * retries, leaves the event in its dead-letter queue.
 */
export async function deliverCustomerBill(billId: string, context: { store: DocumentStore; sender: NotificationSender }): Promise<{ delivered: boolean; messageId?: string }> {
  const stored = await findBill(billId);
  if (!stored || stored.bill.billNo === undefined) return { delivered: false };
  if (stored.bill.delivery?.status === 'sent') return { delivered: true, ...(stored.bill.delivery.communicationMessage ? { messageId: stored.bill.delivery.communicationMessage.id } : {}) };
  const { bill } = stored;
  const [account, customer] = await Promise.all([findBillingAccount(bill.billingAccount.id), findCustomer(stored.customerId)]);
  if (!account || !customer) throw new Error(`invariant broken: bill ${bill.id} names an account or customer that does not exist`);
  const now = await customerNow(bill.testClock?.id);
  const documentType = billDocumentTypeOf(account.account);
  const document = await customerBillDocument(context.store, stored, documentType, { account, customer });
  const seller = sellerFrom(process.env.BSS_SELLER);
  const message = billMessage({
    billNo: bill.billNo!,
    amountDue: formatMoney(bill.remainingAmount),
    dueDate: formatDate(bill.paymentDueDate, account.account.timeZone),
    documentUrl: customerBillDocumentUrl(bill.id),
    sellerName: seller.name,
    paidAlready: bill.remainingAmount.value <= 0,
  });
  // The account's presentation media first, else the customer's preferred contact medium; its
  // communication preferences may turn the bill to the other channel. A bill is a mandatory kind: it always has a route.
  const firstChoice = billChannelOf(account.account) ?? billDeliveryChannelOf(customer.customer.contactMedium ?? []).channel;
  const notice = {
    customer: customer.customer,
    kind: 'billIssued' as const,
    subject: message.subject,
    content: message.email,
    smsContent: message.sms,
    attachments: [
      {
        name: `${bill.billNo}.${documentType}`,
        mimeType: documentContentTypes[documentType],
        documentKey: billDocumentKey(bill.id, documentType),
        url: customerBillDocumentUrl(bill.id),
        sizeBytes: document.byteLength,
      },
    ],
    billingAccountId: bill.billingAccount.id,
    billId: bill.id,
    sentAt: now,
  };
  const route = await routeOf(notice, firstChoice);
  if (!route) throw new Error(`invariant broken: a bill is a mandatory notification, yet bill ${bill.id} has no route to customer ${stored.customerId}`);
  const attempts = (bill.delivery?.attempts ?? 0) + 1;
  try {
    const sent = await sendOnRoute(context.sender, route, notice, { idempotencyKey: `bill-${bill.id}` });
    await recordDelivery(bill.id, { channel: route.channel, status: 'sent', attempts, lastAttemptAt: now, communicationMessage: { id: sent.messageId, href: `${communicationMessagePath}/${sent.messageId}` } }, now);
    return { delivered: true, messageId: sent.messageId };
  } catch (error) {
    const failure = error instanceof InvalidInputError ? `${error.message}: ${error.problems.map((each) => `${each.field} ${each.problem}`).join('; ')}` : (error as Error).message;
    logger.warn('bill delivery failed', { billId: bill.id, attempts, failure });
    await recordDelivery(bill.id, { channel: route.channel, status: 'failed', attempts, lastAttemptAt: now, failure }, now);
    throw error;
  }
}

/** The delivery written on the bill, conditional on the version read: a payment meanwhile makes it read again. */
function recordDelivery(billId: string, delivery: BillDelivery, now: string): Promise<void> {
  return retryingLostRaces(`delivery of bill ${billId}`, async () => {
    const current = await findBill(billId, { consistentRead: true });
    if (!current) throw new Error(`invariant broken: bill ${billId} went away`);
    if (current.bill.delivery?.status === 'sent') return;
    const outcome = await send([billPaymentUpdate(recordBillDelivery(current.bill, delivery, now), current.version)]);
    if (outcome !== 'written') throw new LostRace(`bill ${billId} moved`);
  });
}

const store = configuredDocumentStore();

export const handler = middy(async (event: { detail: unknown }) => {
  const { data, metadata } = CustomerBillIssued.parseDetail(event.detail);
  logger.appendKeys({ billId: data.bill.id, correlationId: metadata.correlationId });
  return deliverCustomerBill(data.bill.id, { store, sender: simulatedNotificationSender });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
