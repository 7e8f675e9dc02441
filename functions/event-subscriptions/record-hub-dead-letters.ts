import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deadLetterOf } from '../../domain/event-subscriptions/dead-letter.js';
import { attemptsOf, deadLetteredDeliveryOf } from '../../domain/event-subscriptions/hub-delivery.js';
import { systemClock } from '../lib/clock.js';
import { idFrom } from '../lib/ids.js';
import { logger, metrics, publishMetrics } from '../lib/observability/telemetry.js';
import { findSubscription } from '../lib/store/event-subscription-store.js';
import { recordDeadLetter } from '../lib/store/hub-dead-letter-store.js';

/**
 * The hub's dead-letter queue (docs/events.md, "Hub subscriptions"): each message is a signed
 * delivery a subscription's API destination never got a callback to take, within its retry
 * policy, as EventBridge puts it there (the bus event as the body; RULE_ARN, TARGET_ARN,
 * ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS as attributes; hub-delivery.ts
 * `deadLetteredDeliveryOf` reads it). Each becomes the subscription's dead letter for that
 * event, which staff list and replay; its time is when the delivery failed, in real time, as
 * the callback was called (the event's own `eventTime` is the customer's clock's). A delivery
 * whose subscription was deleted meanwhile is dropped, with a log line: nothing would receive
 * its replay.
 *
 * A message that cannot be recorded is reported back alone, so the queue tries it again and the
 * others of its batch are not recorded twice.
 */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await recordOne(record);
    } catch (error) {
      logger.error('hub dead letter not recorded', { messageId: record.messageId, error: error as Error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

async function recordOne(record: SQSRecord): Promise<void> {
  const attribute = (name: string) => record.messageAttributes[name]?.stringValue;
  const delivery = deadLetteredDeliveryOf(JSON.parse(record.body), attribute('RULE_ARN'));
  if (!delivery) throw new Error(`message ${record.messageId} holds no hub delivery (rule ${attribute('RULE_ARN')})`);
  const stored = await findSubscription(delivery.subscriptionId);
  if (!stored) {
    logger.warn('dead letter of a deleted hub subscription dropped', { subscriptionId: delivery.subscriptionId, eventId: delivery.event.eventId });
    return;
  }
  const error = [attribute('ERROR_CODE'), attribute('ERROR_MESSAGE')].filter(Boolean).join(': ') || 'not delivered';
  const id = idFrom(`hub-dead-letter:${delivery.subscriptionId}:${delivery.event.eventId}`);
  logger.warn('hub delivery dead-lettered', { subscriptionId: delivery.subscriptionId, deadLetterId: id, retryAttempts: attribute('RETRY_ATTEMPTS'), error });
  await recordDeadLetter(deadLetterOf(id, stored.subscription, delivery.event, { attempts: attemptsOf(attribute('RETRY_ATTEMPTS')), error, at: systemClock.now() }));
  metrics.addMetric('HubEventsDeadLettered', MetricUnit.Count, 1);
}
