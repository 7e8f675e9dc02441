import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { entriesPerPut, putBusEntries } from '../lib/events/put-bus-entries.js';
import { logger } from '../lib/observability/telemetry.js';

const eventBridge = new EventBridgeClient({});

interface OutboxItem {
  entityType: string;
  source: string;
  detailType: string;
  detail: string;
}

/**
 * Relays outbox items from the table stream to the event bus. Records that fail to publish
 * are reported as batch item failures, so the stream retries from the first of them and a
 * poison record ends in the relay's dead-letter queue instead of blocking the shard.
 */
async function relayOutbox(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set');
  const outbox = event.Records.flatMap((record) => {
    const item = outboxItemOf(record);
    return item ? [{ record, item }] : [];
  });

  const failedSequenceNumbers: string[] = [];
  for (let start = 0; start < outbox.length; start += entriesPerPut) {
    const chunk = outbox.slice(start, start + entriesPerPut);
    const entries: PutEventsRequestEntry[] = chunk.map(({ item }) => ({
      EventBusName: busName,
      Source: item.source,
      DetailType: item.detailType,
      Detail: item.detail,
    }));
    try {
      for (const refused of await putBusEntries(eventBridge, entries)) {
        logger.warn('event rejected by the bus', { errorCode: refused.errorCode, errorMessage: refused.errorMessage });
        failedSequenceNumbers.push(chunk[refused.index]!.record.dynamodb!.SequenceNumber!);
      }
    } catch (error) {
      logger.error('PutEvents failed', { error: error as Error });
      failedSequenceNumbers.push(...chunk.map(({ record }) => record.dynamodb!.SequenceNumber!));
    }
  }
  logger.debug('outbox relayed', { records: event.Records.length, published: outbox.length - failedSequenceNumbers.length });
  return { batchItemFailures: failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
}

function outboxItemOf(record: DynamoDBRecord): OutboxItem | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue> as never) as OutboxItem;
  return item.entityType === 'OutboxEvent' ? item : undefined;
}

export const handler = middy(relayOutbox).use(injectLambdaContext(logger, { resetKeys: true }));
