import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ownerKeyOf, ownersReceiving } from '../../domain/event-subscriptions/subscription-owner.js';
import { hubDeliveryDetailType, hubDeliveryOf, hubDeliverySource } from '../../domain/event-subscriptions/hub-delivery.js';
import { matchesQuery, parseSubscriptionQuery } from '../../domain/event-subscriptions/subscription-query.js';
import { eventTypesOf, tmfEventOf, type TmfEvent } from '../../domain/event-subscriptions/tmf-events.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { putBusEntries } from '../lib/events/put-bus-entries.js';
import { logger, metrics, publishMetrics } from '../lib/observability/telemetry.js';
import { subscriptionsOf, type StoredSubscription } from '../lib/store/event-subscription-store.js';
import { hubSetting } from './hub-settings.js';

const eventBridge = new EventBridgeClient({});

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata: { eventId: string; occurredAt: string; correlationId: string; schemaVersion: string }; data: unknown };
}

/**
 * Rule `domain-events-to-hub-subscriptions` (docs/events.md, "Hub subscriptions"): a domain
 * event with a TMF counterpart becomes its TMF event, signed for every subscription of its API
 * that may receive it (staff's, and its customer's: one Query each) and whose query selects it,
 * and each signed delivery is put on the hub's bus. Each subscription's own rule sends its deliveries
 * to its API destination (functions/event-subscriptions/callback-destinations.ts), which
 * retries and dead-letters them: this function never waits on a callback.
 *
 * It fails when it cannot read the subscriptions or the bus refuses a delivery; then the rule's
 * retries sign and put every delivery again, so a callback can receive an event twice:
 * subscribers deduplicate by `eventId`, which is the domain event's.
 */
export const handler = middy(async (event: BusEvent): Promise<{ deliveries: number }> => {
  const tmf = await tmfEventOf(event.source, event['detail-type'], event.detail);
  if (!tmf) throw new Error(`${event.source}/${event['detail-type']} has no TMF event; the rule's pattern and tmf-events.ts disagree`);
  logger.appendKeys({ eventId: tmf.body.eventId, correlationId: event.detail.metadata.correlationId });
  const candidates = await subscriptionsOf(tmf.api, ownersReceiving(tmf.customerId).map(ownerKeyOf));
  const eventTypes = eventTypesOf(tmf.api);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const hubBus = hubSetting('BSS_HUB_EVENT_BUS_NAME');
  const entries = candidates
    .filter((stored) => selects(stored, eventTypes, tmf.body))
    .map(
      (stored): PutEventsRequestEntry => ({
        EventBusName: hubBus,
        Source: hubDeliverySource,
        DetailType: hubDeliveryDetailType,
        Detail: JSON.stringify(hubDeliveryOf(stored.subscription.id, stored.secret, tmf.body, nowSeconds)),
      }),
    );
  const refused = await putBusEntries(eventBridge, entries);
  if (refused.length > 0) {
    throw new Error(`the bus refused ${refused.length} hub deliveries of ${tmf.body.eventId}: ${refused[0]!.errorCode} ${refused[0]!.errorMessage}`);
  }
  metrics.addMetric('HubDeliveriesPut', MetricUnit.Count, entries.length);
  return { deliveries: entries.length };
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
