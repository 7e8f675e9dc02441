import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { AccountCreditApplied, CreditNoteIssued, PaymentReceived } from '../../domain/events/collections-events.js';
import { customerNow } from '../lib/clock.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { simulatedProvisioningSystem } from '../lib/providers/simulated-provisioning-system.js';
import { reviewDunning, type DunningOutcome } from './account-dunning.js';

/**
 * Rule `payment-received-reviews-dunning`: money into an account in dunning (a payment, its
 * credit paying a bill, or a credit note taking off what a bill owes) may clear what was
 * overdue; then dunning stops at once and a suspended service is restored, without waiting for
 * the next collections run. As of the customer's time.
 */
export const handler = middy(async (event: { 'detail-type': string; detail: unknown }): Promise<DunningOutcome> => {
  const { billingAccountId, testClockId, correlationId } = subjectOf(event);
  logger.appendKeys({ billingAccountId, correlationId });
  const asOf = await customerNow(testClockId);
  return reviewDunning(billingAccountId, { asOf, correlationId, gateway: simulatedPaymentGateway, notifications: simulatedNotificationSender, provisioning: simulatedProvisioningSystem });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

/** The account the money went into, whichever event says so. */
function subjectOf(event: { 'detail-type': string; detail: unknown }): { billingAccountId: string; testClockId: string | undefined; correlationId: string } {
  if (event['detail-type'] === AccountCreditApplied.detailType) {
    const { data, metadata } = AccountCreditApplied.parseDetail(event.detail);
    return { billingAccountId: data.billingAccountId, testClockId: data.testClockId, correlationId: metadata.correlationId };
  }
  if (event['detail-type'] === CreditNoteIssued.detailType) {
    const { data, metadata } = CreditNoteIssued.parseDetail(event.detail);
    return { billingAccountId: data.creditNote.billingAccountId, testClockId: data.creditNote.testClockId, correlationId: metadata.correlationId };
  }
  const { data, metadata } = PaymentReceived.parseDetail(event.detail);
  return { billingAccountId: data.payment.billingAccountId, testClockId: data.payment.testClockId, correlationId: metadata.correlationId };
}
