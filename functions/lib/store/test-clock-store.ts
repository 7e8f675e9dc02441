import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from './batch-items.js';
import type { TestClock } from '../../../domain/billing/test-clock.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type ListPage } from './list-resources.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { byType, type EntityItem } from './table-items.js';

/** Test clocks: TEST_CLOCK#<id>/TEST_CLOCK, listed by type (gsi1). */
export interface StoredTestClock {
  clock: TestClock;
  version: number;
}

export const testClockKey = (id: string) => ({ pk: `TEST_CLOCK#${id}`, sk: 'TEST_CLOCK' });

export async function insertTestClock(clock: TestClock): Promise<void> {
  const item: EntityItem<TestClock> = { ...testClockKey(clock.id), ...byType('TestClock', clock.createdAt, clock.id), entityType: 'TestClock', version: 1, resource: clock };
  await documentClient.send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function findTestClock(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredTestClock | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: testClockKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? { clock: Item.resource as TestClock, version: Item.version as number } : undefined;
}

/** Several clocks at once (a usage batch spans customers on different clocks). */
export async function findTestClocks(ids: Iterable<string>): Promise<Map<string, TestClock>> {
  const items = await batchGetItems([...new Set(ids)].map(testClockKey), { what: 'test clock' });
  return new Map(items.map((item) => [(item.resource as TestClock).id, item.resource as TestClock]));
}

/** The transaction action that replaces a clock if it is still at `expectedVersion`. */
export function testClockUpdate(clock: TestClock, expectedVersion: number) {
  return {
    Update: {
      TableName: tableName(),
      Key: testClockKey(clock.id),
      UpdateExpression: 'SET #resource = :resource, #version = :next',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: { ':resource': clock, ':expected': expectedVersion, ':next': expectedVersion + 1 },
    },
  };
}

/** Replaces a clock if it is still at `expectedVersion`, with the other actions of the same fact (its run, its event). */
export async function updateTestClock(clock: TestClock, expectedVersion: number, also: Record<string, unknown>[] = []): Promise<number> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [testClockUpdate(clock, expectedVersion), ...also] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`test clock ${clock.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

export function listTestClocks(page: { offset: number; limit: number }): Promise<ListPage<TestClock>> {
  return listResources<TestClock>({ index: 'gsi1', partitionKey: 'TYPE#TestClock', filters: [], ...page });
}
