import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { paymentReceipt } from '../../domain/collections/payment-receipt.js';
import { PaymentReceived } from '../../domain/events/collections-events.js';
import { notifyCustomer } from '../lib/communication/notify-customer.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { findBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';

/**
 * Rule `payment-received-sends-receipt`: every payment received gets its receipt, by e-mail
 * through the notification port (by SMS when the customer's communication preferences say so,
 * none when they refuse receipts), dated at the payment (the customer's time), once per payment
 * however often the event is delivered.
 */
export const handler = middy(async (event: { detail: unknown }): Promise<{ sent: boolean; messageId?: string }> => {
  const { data, metadata } = PaymentReceived.parseDetail(event.detail);
  const { payment } = data;
  logger.appendKeys({ paymentId: payment.id, correlationId: metadata.correlationId });
  const [customer, account, bills] = await Promise.all([
    findCustomer(payment.customerId),
    findBillingAccount(payment.billingAccountId),
    Promise.all(data.bills.map(async (paid) => ({ paid, stored: await findBill(paid.id) }))),
  ]);
  if (!customer || !account) return { sent: false };
  const receipt = paymentReceipt({
    accountName: account.account.name,
    paymentDate: payment.paymentDate,
    total: payment.totalAmount,
    bills: bills.map(({ paid, stored }) => ({ billNo: stored?.bill.billNo ?? paid.id, applied: paid.appliedAmount, remaining: paid.remainingAmount })),
    unapplied: payment.unappliedAmount,
  });
  const outcome = await notifyCustomer(
    simulatedNotificationSender,
    {
      customer: customer.customer,
      kind: receipt.kind,
      subject: receipt.subject,
      content: receipt.content,
      billingAccountId: payment.billingAccountId,
      ...(data.bills.length === 1 ? { billId: data.bills[0]!.id } : {}),
      sentAt: payment.paymentDate,
    },
    { idempotencyKey: `receipt-${payment.id}` },
  );
  return outcome.sent ? { sent: true, messageId: outcome.messageId } : { sent: false };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
