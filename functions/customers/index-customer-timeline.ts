import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { genericTimelineFacts, timelineEventType, type TimelineFacts } from '../../domain/customers/customer-timeline-events.js';
import { eventMetadataSchema } from '../../domain/events/domain-event.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { CustomerErased } from '../../domain/events/customer-events.js';
import { customerErasedAt, eraseTimelineEntries, findBillingAccountOwner, recordTimelineEntry } from '../lib/store/customer-timeline-store.js';

/**
 * Rule `customer-events-index-timeline` (docs/api.md, "Customer timeline"): every domain event
 * about a customer becomes one entry of its timeline, told in a line by
 * domain/customers/customer-timeline-events.ts, at the event's own instant (a customer on a test
 * clock: the clock's). An event that names only its billing account finds its customer through
 * the account, one key lookup. Written once per event: a redelivery writes nothing, and events
 * arriving out of order take their places by their instants. CustomerErased removes every
 * earlier entry of the customer (their lines may name it), and nothing more is recorded for an
 * erased customer: a late event's line could name what was erased (one key lookup per event).
 */
export type TimelineIndexing =
  | { outcome: 'recorded' | 'alreadyRecorded'; customerId: string; eventId: string; detailType: string }
  /** About no customer: an onboarding that failed before registering one, an account that does not exist. */
  | { outcome: 'noCustomer'; eventId: string; detailType: string }
  /** The customer's erasure: its line recorded, every earlier entry removed. */
  | { outcome: 'erased'; customerId: string; eventId: string; detailType: string; removed: number }
  /** An event about a customer erased since, arriving late: not recorded, its line could name what was erased. */
  | { outcome: 'customerErased'; customerId: string; eventId: string; detailType: string };

type RuleEvent = { source?: string; 'detail-type'?: string; detail?: unknown };

export async function indexTimelineFrom(event: RuleEvent): Promise<TimelineIndexing> {
  const detailType = event['detail-type'];
  const source = event.source;
  if (detailType === undefined || source === undefined) throw new Error('index-customer-timeline takes EventBridge events, with a source and a detail-type');
  const known = timelineEventType(source, detailType);
  let metadata: { eventId: string; occurredAt: string };
  let facts: TimelineFacts | undefined;
  if (known) {
    const parsed = known.type.parseDetail(event.detail);
    metadata = parsed.metadata;
    facts = known.describe(parsed.data);
  } else {
    // Not one the rule sends today (a replay from the archive of a type that left the list): told by its detail type.
    metadata = eventMetadataSchema.parse((event.detail as { metadata?: unknown } | undefined)?.metadata);
    facts = genericTimelineFacts(detailType, (event.detail as { data?: unknown } | undefined)?.data);
  }
  const { eventId, occurredAt } = metadata;
  const customerId = facts?.customerId ?? (facts?.billingAccountId === undefined ? undefined : await findBillingAccountOwner(facts.billingAccountId));
  if (facts === undefined || customerId === undefined) return { outcome: 'noCustomer', eventId, detailType };
  if (detailType === CustomerErased.detailType && source === CustomerErased.source) {
    await recordTimelineEntry(customerId, { eventId, occurredAt, source, detailType, summary: facts.summary, resource: facts.resource });
    return { outcome: 'erased', customerId, eventId, detailType, removed: await eraseTimelineEntries(customerId, eventId) };
  }
  if ((await customerErasedAt(customerId)) !== undefined) return { outcome: 'customerErased', customerId, eventId, detailType };
  const recorded = await recordTimelineEntry(customerId, { eventId, occurredAt, source, detailType, summary: facts.summary, resource: facts.resource });
  return { outcome: recorded ? 'recorded' : 'alreadyRecorded', customerId, eventId, detailType };
}

export const handler = middy(async (event: RuleEvent): Promise<TimelineIndexing> => {
  const indexing = await indexTimelineFrom(event);
  logger.info('customer timeline indexed', { ...indexing });
  return indexing;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
