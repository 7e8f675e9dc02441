import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandOutput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';

/** BatchGetItem takes at most 100 keys per request, BatchWriteItem 25 writes. */
const batchGetLimit = 100;
const batchWriteLimit = 25;
const maxAttempts = 9;

const backoff = (attempt: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, Math.min(1000, 25 * 2 ** attempt)));

/** The attributes a batch read returns (ProjectionExpression with its names), when it needs only some of a large item. */
export interface Projection {
  expression: string;
  names: Record<string, string>;
}

/**
 * Many items by key: one BatchGetItem per 100 keys (in parallel), retrying with backoff the keys
 * DynamoDB leaves unprocessed. Keys that do not exist are simply missing from the answer. With a
 * projection, each item holds only those attributes (the key attributes too only if named).
 */
export async function batchGetItems(
  keys: readonly Record<string, unknown>[],
  options: { consistentRead?: boolean; what?: string; projection?: Projection } = {},
): Promise<Record<string, unknown>[]> {
  const projection = options.projection ? { ProjectionExpression: options.projection.expression, ExpressionAttributeNames: options.projection.names } : {};
  const table = tableName();
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < keys.length; start += batchGetLimit) chunks.push(keys.slice(start, start + batchGetLimit));
  const answers = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Record<string, unknown>[] = [];
      let pending: Record<string, unknown>[] | undefined = chunk;
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt >= maxAttempts) throw new Error(`BatchGetItem left ${pending.length} ${options.what ?? ''} keys unprocessed after ${attempt} attempts`);
        if (attempt > 0) await backoff(attempt);
        const answer: BatchGetCommandOutput = await documentClient.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...projection, ...(options.consistentRead ? { ConsistentRead: true } : {}) } } }),
        );
        items.push(...(answer.Responses?.[table] ?? []));
        pending = answer.UnprocessedKeys?.[table]?.Keys;
      }
      return items;
    }),
  );
  return answers.flat();
}

/**
 * Unconditional puts and deletes, 25 per BatchWriteItem (in parallel), retrying with backoff
 * what DynamoDB leaves unprocessed. For writes that are idempotent by themselves (derived keys,
 * whole items): a condition needs PutItem or a transaction.
 */
export async function batchWriteItems(writes: readonly ({ put: Record<string, unknown> } | { delete: Record<string, unknown> })[]): Promise<void> {
  const table = tableName();
  const requests = writes.map((write) => ('put' in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } }));
  const chunks: (typeof requests)[] = [];
  for (let start = 0; start < requests.length; start += batchWriteLimit) chunks.push(requests.slice(start, start + batchWriteLimit));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: typeof chunk | undefined = chunk;
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt >= maxAttempts) throw new Error(`BatchWriteItem left ${pending.length} writes unprocessed after ${attempt} attempts`);
        if (attempt > 0) await backoff(attempt);
        const answer: BatchWriteCommandOutput = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = answer.UnprocessedItems?.[table] as typeof chunk | undefined;
      }
    }),
  );
}
