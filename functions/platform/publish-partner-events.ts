import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { eventMetadataSchema } from '../../domain/events/domain-event.js';
import { partnerEventSource, partnerEventTypeOf } from '../../domain/events/partner-events.js';
import { putBusEntries } from '../lib/events/put-bus-entries.js';
import { idFrom } from '../lib/ids.js';
import { logger } from '../lib/observability/telemetry.js';

const eventBridge = new EventBridgeClient({});

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata?: unknown; data?: unknown };
}

/**
 * Rule `domain-events-to-partner-events` (docs/events.md, "Partners"): every domain event a
 * partner may receive is published again in its partner shape (domain/events/partner-events.ts),
 * source `bss.partner`, which is all the partner rules forward. Redelivered, it publishes the
 * same partner event id again: partners deduplicate by it, as every consumer does.
 */
export const handler = middy(async (event: BusEvent): Promise<{ published: boolean }> => {
  const type = partnerEventTypeOf(event.source, event['detail-type']);
  if (!type) throw new Error(`${event.source}/${event['detail-type']} has no partner shape; the rule's pattern and partner-events.ts disagree`);
  const { metadata, data } = type.from.parseDetail(event.detail);
  const partnerData = type.project(data);
  if (partnerData === undefined) return { published: false };
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  const detail = {
    metadata: { eventId: idFrom(`partner:${eventMetadataSchema.parse(metadata).eventId}`), occurredAt: metadata.occurredAt, schemaVersion: type.schemaVersion },
    data: partnerData,
  };
  const [refused] = await putBusEntries(eventBridge, [{ EventBusName: busName, Source: partnerEventSource, DetailType: type.detailType, Detail: JSON.stringify(detail) }]);
  // Thrown so the rule retries it, and after its retries the rule's dead-letter queue holds it.
  if (refused) throw new Error(`the bus refused the partner event ${type.detailType}: ${refused.errorCode}`);
  return { published: true };
}).use(injectLambdaContext(logger, { resetKeys: true }));
