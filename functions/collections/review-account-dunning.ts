import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { AccountCreditApplied, PaymentReceived } from '../../domain/events/collections-events.js';
import { customerNow } from '../lib/clock.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { simulatedProvisioningSystem } from '../lib/providers/simulated-provisioning-system.js';
import { reviewDunning, type DunningOutcome } from './account-dunning.js';

/**
 * Rule `payment-received-reviews-dunning`: money into an account in dunning (a payment, or its
 * credit paying a bill) may clear what was overdue; then dunning stops at once and a suspended
 * service is restored, without waiting for the next collections run. As of the customer's time.
 */
export const handler = middy(async (event: { 'detail-type': string; detail: unknown }): Promise<DunningOutcome> => {
  const parsed = event['detail-type'] === AccountCreditApplied.detailType ? AccountCreditApplied.parseDetail(event.detail) : PaymentReceived.parseDetail(event.detail);
  const billingAccountId = 'payment' in parsed.data ? parsed.data.payment.billingAccountId : parsed.data.billingAccountId;
  const testClockId = 'payment' in parsed.data ? parsed.data.payment.testClockId : parsed.data.testClockId;
  logger.appendKeys({ billingAccountId, correlationId: parsed.metadata.correlationId });
  const asOf = await customerNow(testClockId);
  return reviewDunning(billingAccountId, { asOf, correlationId: parsed.metadata.correlationId, gateway: simulatedPaymentGateway, notifications: simulatedNotificationSender, provisioning: simulatedProvisioningSystem });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
