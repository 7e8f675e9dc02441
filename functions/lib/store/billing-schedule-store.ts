import { GetCommand, QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { dueShardOf, firstBillAt, type BillingSchedule } from '../../../domain/billing/billing-schedule.js';
import { batchGetItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { countItems } from './query-all.js';

/**
 * When each account is billed next (domain/billing/billing-schedule.ts):
 * BILLING_ACCOUNT#<id>/BILL_SCHEDULE, beside the account and never served. While an account is
 * due its item is in the sparse gsi3 under `BILL_DUE#<shard>` (or `CLOCK_BILL_DUE#<clock>` for a
 * test clock's accounts, which scheduled runs leave alone), sorted by `<nextBillAt>#<id>`: the
 * billing run reads due accounts from there, never by scanning.
 */
export const scheduleKey = (billingAccountId: string) => ({ pk: `BILLING_ACCOUNT#${billingAccountId}`, sk: 'BILL_SCHEDULE' });

export function dueShards(): number {
  const shards = Number(process.env.BSS_BILLING_DUE_SHARDS ?? '16');
  if (!Number.isInteger(shards) || shards < 1 || shards > 256) throw new Error(`BSS_BILLING_DUE_SHARDS must be 1 to 256, not ${process.env.BSS_BILLING_DUE_SHARDS}`);
  return shards;
}

/** The gsi3 partitions due accounts are found in: the shards, or one test clock's. */
export function duePartitions(testClockId?: string): string[] {
  return testClockId === undefined ? Array.from({ length: dueShards() }, (_, shard) => `BILL_DUE#${shard}`) : [`CLOCK_BILL_DUE#${testClockId}`];
}

function duePartitionOf(billingAccountId: string, testClockId: string | undefined): string {
  return testClockId === undefined ? `BILL_DUE#${dueShardOf(billingAccountId, dueShards())}` : `CLOCK_BILL_DUE#${testClockId}`;
}

const dueSortKey = (nextBillAt: string, billingAccountId: string) => `${nextBillAt}#${billingAccountId}`;

/**
 * The transaction action that arms an account when a product of it is activated: it becomes due
 * at `firstBillAt` unless it already is. Its calendar is fixed the first time.
 */
export function scheduleArming(input: { billingAccountId: string; customerId: string; cycleDay: number; timeZone: string; testClockId?: string | undefined; firstBillAt: string }) {
  return {
    Update: {
      TableName: tableName(),
      Key: scheduleKey(input.billingAccountId),
      // Every attribute by placeholder: `timeZone` and others are DynamoDB reserved words.
      UpdateExpression:
        'SET #entityType = :type, #account = :account, #customer = :customer, #cycleDay = if_not_exists(#cycleDay, :day), #timeZone = if_not_exists(#timeZone, :zone), ' +
        '#credit = if_not_exists(#credit, :zero), #next = if_not_exists(#next, :next), #duePk = if_not_exists(#duePk, :duePk), ' +
        '#dueSk = if_not_exists(#dueSk, :dueSk), #version = if_not_exists(#version, :one)' +
        (input.testClockId ? ', #clock = :clock' : ''),
      ExpressionAttributeNames: {
        '#entityType': 'entityType',
        '#account': 'billingAccountId',
        '#customer': 'customerId',
        '#cycleDay': 'cycleDay',
        '#timeZone': 'timeZone',
        '#credit': 'creditCarriedMinor',
        '#next': 'nextBillAt',
        '#duePk': 'gsi3pk',
        '#dueSk': 'gsi3sk',
        '#version': 'version',
        ...(input.testClockId ? { '#clock': 'testClockId' } : {}),
      },
      ExpressionAttributeValues: {
        ':type': 'BillingSchedule',
        ':account': input.billingAccountId,
        ':customer': input.customerId,
        ':day': input.cycleDay,
        ':zone': input.timeZone,
        ':zero': '0',
        ':next': input.firstBillAt,
        ':duePk': duePartitionOf(input.billingAccountId, input.testClockId),
        ':dueSk': dueSortKey(input.firstBillAt, input.billingAccountId),
        ':one': 1,
        ...(input.testClockId ? { ':clock': input.testClockId } : {}),
      },
    },
  };
}

function scheduleOf(item: Record<string, unknown>): BillingSchedule & { version: number } {
  return {
    billingAccountId: item.billingAccountId as string,
    customerId: item.customerId as string,
    cycle: { cycleDay: item.cycleDay as number, timeZone: item.timeZone as string },
    ...(typeof item.nextBillAt === 'string' ? { nextBillAt: item.nextBillAt } : {}),
    ...(typeof item.lastBillAt === 'string' ? { lastBillAt: item.lastBillAt } : {}),
    creditCarriedMinor: (item.creditCarriedMinor as string | undefined) ?? '0',
    ...(typeof item.testClockId === 'string' ? { testClockId: item.testClockId } : {}),
    version: item.version as number,
  };
}

export async function findSchedule(billingAccountId: string): Promise<(BillingSchedule & { version: number }) | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: scheduleKey(billingAccountId), ConsistentRead: true }));
  return Item ? scheduleOf(Item) : undefined;
}

/**
 * The time zone each of these accounts is billed in, from their schedules (one BatchGetItem per
 * 100 accounts): the zone every bill of the account was made in, fixed once it is billed.
 * Consistent reads: a product is written in the same transaction that arms its account's
 * schedule, so whoever sees the product sees the zone. Accounts never billed are absent.
 */
export async function billingTimeZones(billingAccountIds: Iterable<string>): Promise<Map<string, string>> {
  const items = await batchGetItems([...new Set(billingAccountIds)].map(scheduleKey), {
    consistentRead: true,
    what: 'billing schedule',
    projection: { expression: '#account, #timeZone', names: { '#account': 'billingAccountId', '#timeZone': 'timeZone' } },
  });
  return new Map(items.map((item) => [item.billingAccountId as string, item.timeZone as string]));
}

/**
 * The transaction action that moves an account on after its bill dated `billedAt`, if no other
 * run did it first (the next bill date is still `billedAt`).
 */
export function scheduleAfterBill(next: BillingSchedule, billedAt: string) {
  const due = next.nextBillAt !== undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: scheduleKey(next.billingAccountId),
      UpdateExpression: 'SET #last = :last, #credit = :credit, #version = #version + :one' + (due ? ', #next = :next, #dueSk = :dueSk' : ' REMOVE #next, #duePk, #dueSk'),
      ConditionExpression: '#next = :billed',
      ExpressionAttributeNames: { '#last': 'lastBillAt', '#credit': 'creditCarriedMinor', '#version': 'version', '#next': 'nextBillAt', '#dueSk': 'gsi3sk', ...(due ? {} : { '#duePk': 'gsi3pk' }) },
      ExpressionAttributeValues: {
        ':last': next.lastBillAt,
        ':credit': next.creditCarriedMinor,
        ':one': 1,
        ':billed': billedAt,
        ...(due ? { ':next': next.nextBillAt, ':dueSk': dueSortKey(next.nextBillAt!, next.billingAccountId) } : {}),
      },
    },
  };
}

/**
 * Arms a resting account again (late usage of a terminated product arrived): it becomes due on
 * the first boundary after `now`. An account that is due already, or was never armed, is left alone.
 */
export async function rearmSchedule(billingAccountId: string, now: string): Promise<void> {
  const schedule = await findSchedule(billingAccountId);
  if (!schedule || schedule.nextBillAt !== undefined) return;
  const next = firstBillAt(schedule.cycle, now);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: scheduleKey(billingAccountId),
        UpdateExpression: 'SET #next = :next, #duePk = :duePk, #dueSk = :dueSk',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#next)',
        ExpressionAttributeNames: { '#next': 'nextBillAt', '#duePk': 'gsi3pk', '#dueSk': 'gsi3sk' },
        ExpressionAttributeValues: { ':next': next, ':duePk': duePartitionOf(billingAccountId, schedule.testClockId), ':dueSk': dueSortKey(next, billingAccountId) },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Moves an account on without a bill (nothing was due); false when another run moved it first. */
export async function advanceSchedule(next: BillingSchedule, billedAt: string): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(scheduleAfterBill(next, billedAt).Update));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export interface DueAccountPage {
  accounts: { billingAccountId: string; nextBillAt: string }[];
  /** Where the next page starts; absent on the last page. */
  cursor?: string;
}

/** One page of the accounts due at or before `asOf` in one partition, earliest first. */
export async function dueAccounts(partition: string, asOf: string, limit: number, cursor?: string): Promise<DueAccountPage> {
  const answer: QueryCommandOutput = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
      ExpressionAttributeValues: { ':pk': partition, ':upTo': `${asOf}#\uffff` },
      ProjectionExpression: 'billingAccountId, nextBillAt',
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> } : {}),
    }),
  );
  return {
    accounts: (answer.Items ?? []).map((item) => ({ billingAccountId: item.billingAccountId as string, nextBillAt: item.nextBillAt as string })),
    ...(answer.LastEvaluatedKey ? { cursor: Buffer.from(JSON.stringify(answer.LastEvaluatedKey), 'utf8').toString('base64url') } : {}),
  };
}

/** How many accounts are due at or before `asOf` in one partition (the index keys only). */
export function countDueAccounts(partition: string, asOf: string): Promise<number> {
  return countItems({
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
    ExpressionAttributeValues: { ':pk': partition, ':upTo': `${asOf}#\uffff` },
  });
}
