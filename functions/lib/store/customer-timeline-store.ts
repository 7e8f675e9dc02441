import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ownerCustomerIdOf } from '../../../domain/customers/billing-account-owner.js';
import { timelinePosition, timelineRetentionDays, type TimelineEntry } from '../../../domain/customers/customer-timeline.js';
import type { RelatedParty } from '../../../domain/shared/tmf-types.js';
import { batchWriteItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
import { keys } from './table-items.js';

/**
 * The customer timeline's read model (docs/data-model.md), kept by
 * functions/customers/index-customer-timeline.ts and read by get-customer-timeline.ts: one item
 * per event about the customer, under the customer's partition,
 * `CUSTOMER#<id>` / `TIMELINE#<occurredAt>#<eventId>`, written once, removed by the table's TTL
 * `timelineRetentionDays` after the event. Reads of the account and the customer are here
 * rather than through their stores, whose modules also build their outbox writes: the indexing
 * function is granted only the prefix of what it writes.
 */

const timelinePrefix = 'TIMELINE#';
const retentionSeconds = timelineRetentionDays * 24 * 3600;

/**
 * Records the entry under the customer, once: a redelivered event (the same event id at the
 * same instant) writes nothing and answers false.
 */
export async function recordTimelineEntry(customerId: string, entry: TimelineEntry): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.customerTimelineEntry(customerId, timelinePosition(entry.occurredAt, entry.eventId)),
          entityType: 'CustomerTimelineEntry',
          version: 1,
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.occurredAt) / 1000) + retentionSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The customer that owns a billing account, by one key lookup of its parties; undefined when there is no such account, or it is an organization's. */
export async function findBillingAccountOwner(billingAccountId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.billingAccount(billingAccountId),
      ProjectionExpression: '#resource.#relatedParty',
      ExpressionAttributeNames: { '#resource': 'resource', '#relatedParty': 'relatedParty' },
    }),
  );
  const parties = (Item?.resource as { relatedParty?: RelatedParty[] } | undefined)?.relatedParty;
  return parties === undefined ? undefined : ownerCustomerIdOf({ relatedParty: parties });
}

/** Whether the customer exists: a key lookup that reads nothing of it. */
export async function customerExists(customerId: string): Promise<boolean> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customer(customerId), ProjectionExpression: 'pk' }));
  return Item !== undefined;
}

export interface TimelineSlice {
  entries: TimelineEntry[];
  /** The position of the last entry, when older ones follow it. */
  lastPosition?: string;
}

/**
 * Up to `limit` entries of the customer's timeline, newest first, before `bound` (a position, or
 * an instant: `TIMELINE#<bound>` is where the Query starts, exclusively): one Query of the
 * customer's partition, reading one entry more than asked to know whether older ones follow.
 */
export async function timelineSlice(customerId: string, limit: number, bound?: string): Promise<TimelineSlice> {
  const partition = keys.customer(customerId).pk;
  const answer = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': timelinePrefix },
      ExpressionAttributeNames: { '#source': 'source', '#resource': 'resource' },
      ProjectionExpression: 'sk, eventId, occurredAt, #source, detailType, summary, #resource',
      ScanIndexForward: false,
      Limit: limit + 1,
      ...(bound === undefined ? {} : { ExclusiveStartKey: { pk: partition, sk: `${timelinePrefix}${bound}` } }),
    }),
  );
  const items = answer.Items ?? [];
  const entries = items.slice(0, limit).map(
    (item): TimelineEntry => ({
      eventId: item.eventId as string,
      occurredAt: item.occurredAt as string,
      source: item.source as string,
      detailType: item.detailType as string,
      summary: item.summary as string,
      resource: item.resource as TimelineEntry['resource'],
    }),
  );
  // More than asked: older entries follow. As many or fewer with a key left: the 1 MB page ended first, so they may.
  const more = items.length > limit || (answer.LastEvaluatedKey !== undefined && entries.length > 0);
  const last = items[entries.length - 1];
  return { entries, ...(more && last ? { lastPosition: (last.sk as string).slice(timelinePrefix.length) } : {}) };
}

/** When the customer was erased (customer-erasure.ts), by one key lookup of that attribute alone; undefined when it was not (or does not exist). */
export async function customerErasedAt(customerId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.customer(customerId),
      ProjectionExpression: '#resource.#erasedAt',
      ExpressionAttributeNames: { '#resource': 'resource', '#erasedAt': 'erasedAt' },
    }),
  );
  return (Item?.resource as { erasedAt?: string } | undefined)?.erasedAt;
}

/**
 * Removes every entry of an erased customer's timeline but the erasure's own (`keptEventId`):
 * their lines may name the customer, its accounts or what it wrote. One Query of its partition's
 * timeline range (keys only), then deletes 25 at a time; a retry deletes what is left.
 */
export async function eraseTimelineEntries(customerId: string, keptEventId: string): Promise<number> {
  const partition = keys.customer(customerId).pk;
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': timelinePrefix },
    ProjectionExpression: 'pk, sk, eventId',
    ConsistentRead: true,
  });
  const stale = items.filter((item) => item.eventId !== keptEventId);
  await batchWriteItems(stale.map((item) => ({ delete: { pk: item.pk as string, sk: item.sk as string } })));
  return stale.length;
}
