import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { CustomerBillIssued } from '../../domain/events/billing-events.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { collectBill, type CollectionOutcome } from './bill-collection.js';

/**
 * Rule `customer-bill-issued-collects-bill`: every issued bill is collected at once, from the
 * account's credit and then its default payment method (docs/collections.md). Delivery is at
 * least once and may come late: a bill already paid is left alone, a repeated attempt charges
 * nothing twice. A gateway that cannot be reached fails the invocation, which EventBridge and
 * Lambda retry, then the dead-letter queue keeps.
 */
export const handler = middy(async (event: { detail: unknown }): Promise<CollectionOutcome> => {
  const { data, metadata } = CustomerBillIssued.parseDetail(event.detail);
  logger.appendKeys({ billId: data.bill.id, correlationId: metadata.correlationId });
  const outcome = await collectBill(data.bill.id, { correlationId: metadata.correlationId, gateway: simulatedPaymentGateway });
  logger.info('bill collection', { outcome: outcome.outcome });
  return outcome;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
