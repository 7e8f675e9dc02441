import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { deadLetterOf } from '../../domain/event-subscriptions/dead-letter.js';
import { assertFitsWithin } from '../../domain/event-subscriptions/delivery-schedule.js';
import { ownerKeyOf, ownersReceiving } from '../../domain/event-subscriptions/event-subscription.js';
import { matchesQuery, parseSubscriptionQuery } from '../../domain/event-subscriptions/subscription-query.js';
import { eventTypesOf, tmfEventOf, type TmfEvent } from '../../domain/event-subscriptions/tmf-events.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { systemClock } from '../lib/clock.js';
import { idFrom } from '../lib/ids.js';
import { logger, metrics, publishMetrics } from '../lib/observability/telemetry.js';
import { subscriptionsOf, type StoredSubscription } from '../lib/store/event-subscription-store.js';
import { recordDeadLetter } from '../lib/store/hub-dead-letter-store.js';
import { deliverWithRetries, retryDelaysMs } from './callback-delivery.js';

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata: { eventId: string; occurredAt: string; correlationId: string; schemaVersion: string }; data: unknown };
}

/**
 * Rule `domain-events-to-hub-subscriptions` (docs/events.md, "Hub subscriptions"): a domain
 * event with a TMF counterpart goes, as its TMF event, to every subscription of its API that
 * may receive it (staff's, and its customer's: one Query each) and whose query selects it. Each
 * callback is tried, and tried again after each delay of the schedule; one that never takes it
 * gets a dead letter staff can replay. The callbacks are served side by side, so a slow one
 * delays none of the others.
 *
 * Nothing a callback does makes this function fail: the rule's retries would send the event
 * again to the callbacks that took it. It fails only when it cannot read the subscriptions or
 * record a dead letter, and then the rule's retries are what they are for; subscribers
 * deduplicate by `eventId`, which is the domain event's.
 */
export const handler = middy(async (event: BusEvent, context: Context): Promise<{ delivered: number; deadLettered: number }> => {
  // A schedule that cannot finish before the function is stopped would lose its dead letters.
  assertFitsWithin(retryDelaysMs, context.getRemainingTimeInMillis());
  const tmf = tmfEventOf(event.source, event['detail-type'], event.detail);
  if (!tmf) throw new Error(`${event.source}/${event['detail-type']} has no TMF event; the rule's pattern and tmf-events.ts disagree`);
  logger.appendKeys({ eventId: tmf.body.eventId, correlationId: event.detail.metadata.correlationId });
  const candidates = await subscriptionsOf(tmf.api, ownersReceiving(tmf.customerId).map(ownerKeyOf));
  const eventTypes = eventTypesOf(tmf.api);
  const selected = candidates.filter((stored) => selects(stored, eventTypes, tmf.body));
  const body = JSON.stringify(tmf.body);
  const outcomes = await Promise.all(selected.map((stored) => deliverTo(stored, body, tmf.body)));
  const deadLettered = outcomes.filter((delivered) => !delivered).length;
  metrics.addMetric('HubEventsDelivered', MetricUnit.Count, outcomes.length - deadLettered);
  if (deadLettered > 0) metrics.addMetric('HubEventsDeadLettered', MetricUnit.Count, deadLettered);
  return { delivered: outcomes.length - deadLettered, deadLettered };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

/**
 * Whether the subscription's query selects the event. A query that no longer parses (it names
 * an event type the API stopped publishing) selects nothing, and says so in the log, rather than
 * failing the delivery to every other subscription.
 */
function selects(stored: StoredSubscription, eventTypes: readonly string[], event: TmfEvent): boolean {
  try {
    return matchesQuery(parseSubscriptionQuery(stored.subscription.query ?? '', eventTypes), event);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    logger.warn('hub subscription query no longer valid', { subscriptionId: stored.subscription.id, error: error.message });
    return false;
  }
}

async function deliverTo(stored: StoredSubscription, body: string, tmfEvent: TmfEvent): Promise<boolean> {
  const outcome = await deliverWithRetries(stored.subscription.callback, body, stored.secret);
  if (outcome.delivered) return true;
  const id = idFrom(`hub-dead-letter:${stored.subscription.id}:${tmfEvent.eventId}`);
  logger.warn('hub delivery dead-lettered', { subscriptionId: stored.subscription.id, deadLetterId: id, attempts: outcome.attempts, error: outcome.error });
  await recordDeadLetter(deadLetterOf(id, stored.subscription, tmfEvent, { attempts: outcome.attempts, error: outcome.error ?? 'no answer', at: systemClock.now() }));
  return false;
}
