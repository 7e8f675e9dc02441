import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { documentClient } from './dynamo-client.js';
import { keys } from './table-items.js';

/** Outbox items outlive any relay retry window, then DynamoDB TTL removes them. */
const outboxRetentionSeconds = 7 * 24 * 3600;

/**
 * The outbox item for an event, written in the same transaction as the change it reports.
 * The stream relay (functions/platform/relay-outbox.ts) publishes it to EventBridge.
 */
export function outboxPut(tableName: string, event: DomainEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outboxEvent(event.detail.metadata.eventId),
        entityType: 'OutboxEvent',
        version: 1,
        source: event.source,
        detailType: event.detailType,
        detail: JSON.stringify(event.detail),
        expiresAt: Math.floor(Date.parse(event.detail.metadata.occurredAt) / 1000) + outboxRetentionSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Records an event on its own, once: an event id recorded before (a retried step) writes nothing. */
export async function putOutboxEventOnce(tableName: string, event: DomainEvent): Promise<boolean> {
  try {
    await documentClient.send(new PutCommand(outboxPut(tableName, event).Put));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
