import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { openDefaultBillingAccount } from '../../domain/customers/billing-account.js';
import { BillingAccountCreated, CustomerCreated } from '../../domain/events/customer-events.js';
import { customerNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { logger, metrics, publishMetrics } from '../lib/observability/telemetry.js';
import { insertDefaultBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { asRetryable, timeoutLeftToLambda } from '../lib/workflows/state-machine-task.js';
import { billingAccountSnapshot } from './billing-account-snapshot.js';
import { billingDefaults } from './billing-defaults.js';

/**
 * On CustomerCreated (delivered by the open-default-billing-account state machine): opens
 * the customer's default billing account and records BillingAccountCreated, carrying the
 * request's correlation id on. Safe under duplicate delivery: the second run finds the
 * account already open and reports it.
 */
async function openDefaultAccountFor(event: EventBridgeEvent<'CustomerCreated', unknown>) {
  const { metadata, data } = CustomerCreated.parseDetail(event.detail);
  logger.appendKeys({ correlationId: metadata.correlationId, causationEventId: metadata.eventId });
  const { customer } = data;
  // Card tokens stay out of events: the payment methods the account starts with are read from the customer.
  const [now, stored] = await Promise.all([customerNow(customer.testClockId), findCustomer(customer.id)]);
  const paymentMethod = stored?.customer.paymentMethod;
  const account = openDefaultBillingAccount({ ...customer, ...(paymentMethod ? { paymentMethod } : {}) }, { id: newId(), now, defaults: billingDefaults() });
  const created = BillingAccountCreated.create(
    { billingAccount: billingAccountSnapshot(account) },
    { eventId: newId(), occurredAt: now, correlationId: metadata.correlationId },
  );
  const outcome = await insertDefaultBillingAccount(account, created).catch((error: unknown) => {
    throw asRetryable(error);
  });
  if (outcome.opened) {
    metrics.addMetric('BillingAccountsOpened', MetricUnit.Count, 1);
    logger.info('default billing account opened', { customerId: customer.id, billingAccountId: outcome.billingAccountId });
  } else {
    logger.info('default billing account already open; duplicate delivery ignored', {
      customerId: customer.id,
      billingAccountId: outcome.billingAccountId,
    });
  }
  return outcome;
}

export const handler = middy(openDefaultAccountFor, timeoutLeftToLambda)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
