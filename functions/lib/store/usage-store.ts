import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Usage } from '../../../domain/usage/usage.js';
import { batchGetItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { StaleVersionError, failedConditions } from './store-errors.js';

/**
 * TMF635 usage records: USAGE#<id>/USAGE, the id derived from product and record id, so a
 * repeat of a record collides with the first (docs/data-model.md). Indexes:
 * - gsi1 `PRODUCT_USAGE#<productId>` / `<usageDate>#<id>`: a product's usage, by date;
 * - gsi2 `CUSTOMER#<customerId>` / `Usage#<usageDate>#<id>`: a customer's usage;
 * - gsi3 (work, sparse): `UNBILLED_USAGE#<productId>` while rated and not billed,
 *   `BILLED_USAGE#<billId>` once a bill charged it, `REJECTED_USAGE` while rejected.
 * No partition key is shared across products, so a feed of many products writes no hot key.
 */
export interface StoredUsage {
  usage: Usage;
  version: number;
  productId?: string;
  customerId?: string;
  billingAccountId?: string;
  /** Decimal text and unit, read once at ingestion. */
  quantity: string;
  unit: string;
  recordId: string;
}

export const usageKey = (id: string) => ({ pk: `USAGE#${id}`, sk: 'USAGE' });

/** Where a record waits in gsi3: for a bill, as part of one, or for a person. */
export type UsageWorkState = { kind: 'unbilled'; productId: string } | { kind: 'billed'; billId: string } | { kind: 'rejected' };

function workKeys(usage: Usage, work: UsageWorkState) {
  const sortKey = `${usage.usageDate}#${usage.id}`;
  switch (work.kind) {
    case 'unbilled':
      return { gsi3pk: `UNBILLED_USAGE#${work.productId}`, gsi3sk: sortKey };
    case 'billed':
      return { gsi3pk: `BILLED_USAGE#${work.billId}`, gsi3sk: sortKey };
    case 'rejected':
      return { gsi3pk: 'REJECTED_USAGE', gsi3sk: `${usage.receivedAt}#${usage.id}` };
  }
}

export interface UsageToStore {
  usage: Usage;
  productId?: string | undefined;
  customerId?: string | undefined;
  billingAccountId?: string | undefined;
  quantity: string;
  unit: string;
  recordId: string;
}

export function usageItem(record: UsageToStore, version = 1): Record<string, unknown> {
  const { usage } = record;
  const work: UsageWorkState = usage.status === 'rejected' ? { kind: 'rejected' } : usage.status === 'billed' && usage.bill ? { kind: 'billed', billId: usage.bill.id } : { kind: 'unbilled', productId: record.productId! };
  return {
    ...usageKey(usage.id),
    entityType: 'Usage',
    version,
    resource: usage,
    quantity: record.quantity,
    unit: record.unit,
    recordId: record.recordId,
    ...(record.productId ? { productId: record.productId, gsi1pk: `PRODUCT_USAGE#${record.productId}`, gsi1sk: `${usage.usageDate}#${usage.id}` } : {}),
    ...(record.customerId ? { gsi2pk: `CUSTOMER#${record.customerId}`, gsi2sk: `Usage#${usage.usageDate}#${usage.id}` } : {}),
    ...(record.billingAccountId ? { billingAccountId: record.billingAccountId, billingAccountIds: [record.billingAccountId] } : {}),
    ...(usage.status === 'recycled' ? {} : workKeys(usage, work)),
  };
}

export function storedUsageOf(item: Record<string, unknown>): StoredUsage {
  return {
    usage: item.resource as Usage,
    version: item.version as number,
    ...(typeof item.productId === 'string' ? { productId: item.productId } : {}),
    ...(typeof item.gsi2pk === 'string' ? { customerId: item.gsi2pk.slice('CUSTOMER#'.length) } : {}),
    ...(typeof item.billingAccountId === 'string' ? { billingAccountId: item.billingAccountId } : {}),
    quantity: item.quantity as string,
    unit: item.unit as string,
    recordId: item.recordId as string,
  };
}

/** A stored record written back with a new resource (rejected, recycled), still listed where it was. */
export function storedUsageToStore(stored: StoredUsage, usage: Usage): UsageToStore {
  return {
    usage,
    productId: stored.productId,
    customerId: stored.customerId,
    billingAccountId: stored.billingAccountId,
    quantity: stored.quantity,
    unit: stored.unit,
    recordId: stored.recordId,
  };
}

/** One transaction holds at most 100 actions. */
const transactionLimit = 100;

/**
 * Stores new records, each only if its id is not taken: a repeat (the same product and record
 * id) is left as it was and its id returned, never overwritten, so a record already billed is
 * never charged again. Records are written 100 to a transaction; a transaction that meets a
 * repeat is written again without it.
 */
export async function insertUsageRecords(records: readonly UsageToStore[]): Promise<{ repeats: Set<string> }> {
  const repeats = new Set<string>();
  const table = tableName();
  const chunks: UsageToStore[][] = [];
  for (let start = 0; start < records.length; start += transactionLimit) chunks.push(records.slice(start, start + transactionLimit));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      while (pending.length > 0) {
        try {
          await documentClient.send(
            new TransactWriteCommand({
              TransactItems: pending.map((record) => ({ Put: { TableName: table, Item: usageItem(record), ConditionExpression: 'attribute_not_exists(pk)' } })),
            }),
          );
          return;
        } catch (error) {
          const failed = failedConditions(error);
          if (!failed || failed.length === 0) throw error;
          for (const index of failed) repeats.add(pending[index]!.usage.id);
          pending = pending.filter((_, index) => !failed.includes(index));
        }
      }
    }),
  );
  return { repeats };
}

export async function findUsage(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredUsage | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: usageKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? storedUsageOf(Item) : undefined;
}

export async function findUsages(ids: Iterable<string>): Promise<Map<string, StoredUsage>> {
  const items = await batchGetItems([...new Set(ids)].map(usageKey), { consistentRead: true, what: 'usage' });
  return new Map(items.map((item) => [(item.resource as Usage).id, storedUsageOf(item)]));
}

/** Replaces a record (a correction) if it is still at `expectedVersion`. */
export async function replaceUsage(record: UsageToStore, expectedVersion: number): Promise<number> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName(), Item: usageItem(record, expectedVersion + 1), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') throw new StaleVersionError(`usage ${record.usage.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/**
 * A corrected rejection that names another product becomes a new record (its id is that
 * product's and record id's): the new one is stored, the old one marked recycled, together, or
 * nothing when the new id is taken (a repeat: DuplicateUsageError).
 */
export async function recycleUsage(old: UsageToStore, oldVersion: number, replacement: UsageToStore): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: usageItem(old, oldVersion + 1), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': oldVersion } } },
          { Put: { TableName: tableName(), Item: usageItem(replacement), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw new StaleVersionError(`usage ${old.usage.id} changed since version ${oldVersion}`);
    if (failed?.includes(1)) throw new DuplicateUsageError(replacement.usage.id);
    throw error;
  }
}

export class DuplicateUsageError extends Error {
  override readonly name = 'DuplicateUsageError';
  constructor(readonly existingId: string) {
    super(`the corrected record is a repeat of usage ${existingId}`);
  }
}

function queryAll(input: { partition: string; upTo?: string }): Promise<Record<string, unknown>[]> {
  return queryAllItems({
    IndexName: 'gsi3',
    KeyConditionExpression: input.upTo === undefined ? 'gsi3pk = :pk' : 'gsi3pk = :pk AND gsi3sk < :upTo',
    ExpressionAttributeValues: { ':pk': input.partition, ...(input.upTo === undefined ? {} : { ':upTo': input.upTo }) },
  });
}

/** A product's records waiting for a bill, dated before `before`. */
export async function unbilledUsageOf(productId: string, before: string): Promise<StoredUsage[]> {
  return (await queryAll({ partition: `UNBILLED_USAGE#${productId}`, upTo: before })).map(storedUsageOf);
}

/** The records a bill charged (or, while it is built, is charging). */
export async function usageOfBill(billId: string): Promise<StoredUsage[]> {
  return (await queryAll({ partition: `BILLED_USAGE#${billId}` })).map(storedUsageOf);
}

/**
 * Marks a record billed by `billId` (status, its share of the charge, gsi3 under the bill), if
 * it was not billed by another bill meanwhile: a bill being rebuilt marks its records again.
 */
export async function markUsageBilled(record: StoredUsage, billed: Usage, billId: string): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: usageKey(record.usage.id),
        UpdateExpression: 'SET #resource = :resource, #version = #version + :one, #workPk = :pk, #workSk = :sk',
        ConditionExpression: '(#resource.#status = :rated) OR (#workPk = :pk)',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#status': 'status', '#workPk': 'gsi3pk', '#workSk': 'gsi3sk' },
        ExpressionAttributeValues: { ':resource': billed, ':one': 1, ':pk': `BILLED_USAGE#${billId}`, ':sk': `${billed.usageDate}#${billed.id}`, ':rated': 'rated' },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return;
    throw error;
  }
}

/** What a usage summary reads of a record: its resource's id, date, status and characteristics (rating attributes), and the quantity and unit kept beside it. */
export interface DatedUsage {
  usage: Pick<Usage, 'id' | 'usageDate' | 'status' | 'usageCharacteristic'>;
  quantity: string;
  unit: string;
}

/**
 * A product's records dated from `from` to `upTo` (ISO instants, both included), oldest first:
 * its gsi1 partition, the date part of the sort key bounded, one Query page after another with
 * only what a summary reads, until `max` records are read. `more` says the window holds more.
 */
export async function usageOfProductDated(productId: string, window: { from: string; upTo: string }, max: number): Promise<{ records: DatedUsage[]; more: boolean }> {
  const records: DatedUsage[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const answer: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        // A sort key is `<usageDate>#<id>`: `~` sorts after every id character, so a record dated `upTo` is in.
        ExpressionAttributeValues: { ':pk': `PRODUCT_USAGE#${productId}`, ':from': window.from, ':to': `${window.upTo}#~` },
        ProjectionExpression: '#resource.#id, #resource.#usageDate, #resource.#status, #resource.#characteristics, #quantity, #unit',
        ExpressionAttributeNames: { '#resource': 'resource', '#id': 'id', '#usageDate': 'usageDate', '#status': 'status', '#characteristics': 'usageCharacteristic', '#quantity': 'quantity', '#unit': 'unit' },
        // One more than wanted tells a window that holds more from one that holds exactly `max`.
        Limit: max + 1 - records.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of answer.Items ?? []) records.push({ usage: item.resource as DatedUsage['usage'], quantity: item.quantity as string, unit: item.unit as string });
    startKey = answer.LastEvaluatedKey;
  } while (startKey && records.length <= max);
  return records.length > max ? { records: records.slice(0, max), more: true } : { records, more: false };
}

/**
 * A customer's newest records dated from `from` to `to` (both inclusive), at most `limit`, newest
 * first: one gsi2 Query read backwards a page at a time, stopped as soon as one more record than
 * `limit` was seen (`truncated`), so a customer with years of usage costs a bounded read.
 */
export async function recentUsageOfCustomer(customerId: string, window: { from: string; to: string; limit: number }): Promise<{ records: Usage[]; truncated: boolean }> {
  const records: Usage[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':from': `Usage#${window.from}`, ':to': `Usage#${window.to}~` },
        ScanIndexForward: false,
        Limit: window.limit + 1 - records.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    records.push(...(page.Items ?? []).map((item) => item.resource as Usage));
    startKey = page.LastEvaluatedKey;
  } while (startKey && records.length <= window.limit);
  return { records: records.slice(0, window.limit), truncated: records.length > window.limit };
}

export function listUsage(page: {
  productId?: string;
  customerId?: string;
  rejected?: boolean;
  dateFrom?: string;
  dateBefore?: string;
  filters: AttributeFilter[];
  offset: number;
  limit: number;
}): Promise<ListPage<Usage>> {
  const { productId, customerId, rejected, dateFrom, dateBefore, ...rest } = page;
  const window = (prefix: string) =>
    dateFrom !== undefined || dateBefore !== undefined ? { sortKeyRange: { from: `${prefix}${dateFrom ?? '0000'}`, to: `${prefix}${dateBefore ?? '9999'}` } } : prefix ? { sortKeyPrefix: prefix } : {};
  if (productId !== undefined) return listResources<Usage>({ index: 'gsi1', partitionKey: `PRODUCT_USAGE#${productId}`, ...window(''), ...rest });
  if (customerId !== undefined) return listResources<Usage>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, ...window('Usage#'), ...rest });
  if (rejected) return listResources<Usage>({ index: 'gsi3', partitionKey: 'REJECTED_USAGE', ...rest });
  throw new Error('a usage list names a product, a customer or the rejected records');
}
